import type { Page, PageQuery, RepoRef, ScmProvider } from '@scm/core';
import { ScmError } from '@scm/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { authorizationProblem, bearerToken } from '../../auth/bearer.js';
import { requireScope, type PlatformPrincipal } from '../../auth/platform-auth.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { requestContextOf, type WithLocals } from '../../http/request-context.js';
import { parseInput } from '../../http/validate.js';
import { SCOPE_NAMES } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { requireProvider } from '../../providers/require-provider.js';
import { PROVIDER_IDS, providerEntry, providerName } from '../../providers/catalogue.js';
import {
  connectionsFor,
  isApproved,
  resolveRepositoryAccess,
  type RepositoryAccess,
} from './repository-access.js';
import {
  endpointLabel,
  UNIFIED_ENDPOINTS,
  type EndpointKey,
  type UnifiedEndpoint,
} from '../../unified/endpoints.js';
import { nameMissingRef } from './missing-ref.js';
import { readFileThroughFirewall } from './file-content.js';
import { createSubscription } from '../../webhooks/subscriptions.js';
import { markConnectionExpired } from './service.js';

/**
 * A unified call as its handler reads it: Express's request has this shape, and the direct read
 * route (direct.ts) builds one from the bare `IncomingMessage` the same way Express would (the
 * route's decoded parameters, the query string parsed by `node:querystring`).
 */
export interface UnifiedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: Record<string, string | string[]>;
  readonly query: Record<string, unknown>;
  readonly body?: unknown;
}

/** Serves the unified route table; Express's router (router.ts) and the direct reads share it. */
export interface UnifiedCalls {
  /** Answers one call of endpoint `key`; rejects with the error to answer with instead. */
  serve(key: EndpointKey, req: UnifiedRequest, res: WithLocals): Promise<void>;
  /**
   * After a call failed with `error`: when the provider refused the connection's own credentials
   * (revoked, expired beyond refresh), marks the connection expired, so the next call says
   * PROVIDER_ACCOUNT_NOT_CONNECTED at once and the account pages show what to reconnect. Never
   * rejects.
   */
  noteFailure(error: unknown, res: WithLocals): Promise<void>;
}

/** What the usage log needs to know about a unified call; filled in as the handler learns it. */
interface UsageContext {
  endpointKey: string;
  principal?: PlatformPrincipal;
  provider?: string;
  repositoryId?: string;
}

type Filters = Record<string, string | boolean | undefined>;

/** One unified call under way: the caller (narrowed to the endpoint's scope) and its usage entry. */
interface UnifiedCall {
  key: EndpointKey;
  req: UnifiedRequest;
  res: WithLocals;
  principal: PlatformPrincipal;
  usage: UsageContext;
  /** Aborts when the client goes away before the answer is sent: the provider reads stop. */
  signal: AbortSignal;
}

/** What serves one endpoint of the table, given the call and the endpoint's entry. */
type Handler<E> = (call: UnifiedCall, endpoint: E) => Promise<void>;
type Handlers = { [K in EndpointKey]: Handler<(typeof UNIFIED_ENDPOINTS)[K]> };

// Strips the provider payload from every item: `raw` is never part of the gateway's contract.
function publicItem(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || !('raw' in item)) return item;
  const { raw: _raw, ...rest } = item as Record<string, unknown>;
  return rest;
}

/**
 * The query an endpoint's schema reads: without the legacy mode's `connectionId` (the seed's
 * `?connectionId=`, a credential like `x-connection-id`, not a filter of the read).
 */
function readQuery(req: UnifiedRequest): Record<string, unknown> {
  const { connectionId: _credential, ...query } = req.query;
  return query;
}

/**
 * The unified calls of the route table, built once per gateway (app.ts) and given to both ways in:
 * Express's router and the direct read route.
 */
export function unifiedCalls(services: GatewayServices): UnifiedCalls {
  const { platformAuth, providers, cursors, firewall, usage, config } = services;

  const principalFor = async (req: UnifiedRequest): Promise<PlatformPrincipal> => {
    const token = bearerToken(req);
    if (token === undefined && !config.enforcePlatformAuth) {
      const connectionId =
        headerOf(req, 'x-connection-id') ??
        (typeof req.query.connectionId === 'string' ? req.query.connectionId : undefined);
      if (connectionId !== undefined) return platformAuth.legacy(connectionId, SCOPE_NAMES);
    }
    if (token === undefined) {
      const problem = authorizationProblem(req);
      if (problem !== undefined) throw gatewayError('AUTH_REQUIRED', problem);
    }
    return platformAuth.authenticate(token);
  };

  // Every authenticated unified call lands in the usage log, failures included, once the response
  // is sent. A request that never authenticated (no token, an unknown, revoked or expired one) is
  // nobody's usage: it writes nothing, so invalid tokens cannot fill the table with tenantless rows.
  const track = (req: UnifiedRequest, res: WithLocals, endpointKey: string): UsageContext => {
    const context: UsageContext = { endpointKey };
    res.on('finish', () => {
      const principal = context.principal;
      if (principal === undefined) return;
      const request = requestContextOf(res);
      usage.record({
        requestId: request.requestId,
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        tokenId: principal.tokenId,
        endpointKey,
        method: req.method,
        provider: context.provider ?? null,
        repositoryId: context.repositoryId ?? null,
        status: res.statusCode,
        errorCode: request.errorCode ?? null,
        durationMs: performance.now() - request.startedAt,
      });
    });
    return context;
  };

  /** Every unified call starts here: usage tracking, the caller, and the endpoint's scope. */
  const begin = async (
    req: UnifiedRequest,
    res: WithLocals,
    endpointKey: string,
    endpoint: UnifiedEndpoint,
  ): Promise<{ principal: PlatformPrincipal; usage: UsageContext }> => {
    const usage = track(req, res, endpointKey);
    const caller = await principalFor(req);
    usage.principal = caller;
    // What the provider cannot serve at all is said before what the token lacks: no scope would help.
    refuseUnsupported(req, endpoint);
    // Narrowed to the connections whose customer approved this endpoint's scope.
    return { principal: requireScope(caller, endpoint.scope), usage };
  };

  /** UNSUPPORTED_ENDPOINT when the `:provider` of the path cannot serve the endpoint's operation. */
  const refuseUnsupported = (req: UnifiedRequest, endpoint: UnifiedEndpoint): void => {
    const { provider } = req.params as Record<string, string | undefined>;
    if (provider === undefined) return;
    const id = requireProvider(provider);
    const support = providerEntry(id).capabilities[endpoint.operation];
    if (support.supported) return;
    throw new ScmError('UNSUPPORTED_ENDPOINT', {
      source: 'gateway',
      provider: id,
      message: `${providerName(id)} cannot serve ${endpointLabel(endpoint)}${
        support.notes === undefined ? '.' : `: ${support.notes}`
      } No token or scope changes that; GET /v1/platform/capabilities lists what each provider supports.`,
      details: { operation: endpoint.operation },
    });
  };

  /** The approved connection for `:provider/:repoId`, noted for the usage log and `markExpired`. */
  const reach = (
    req: UnifiedRequest,
    res: WithLocals,
    principal: PlatformPrincipal,
    usage: UsageContext,
  ): RepositoryAccess => {
    const { provider = '', repoId = '' } = req.params as Record<string, string | undefined>;
    const access = resolveRepositoryAccess(principal, provider, repoId);
    usage.provider = access.provider;
    usage.repositoryId = access.repositoryId ?? repoId;
    requestContextOf(res).connectionId = access.connection.id;
    return access;
  };

  /** A repository collection: filters from the endpoint's query, a cursor bound to them. */
  const listRead =
    <F extends Filters>(
      list: (
        scm: ScmProvider,
        repo: RepoRef,
        query: PageQuery & F,
        options: { signal: AbortSignal },
      ) => Promise<Page<unknown>>,
      /** Drops items the caller may not see (after the page is read: a page can hold fewer than `limit`). */
      visible?: (items: unknown[], principal: PlatformPrincipal) => unknown[],
    ): Handler<{ query: z.ZodType<F> }> =>
    async ({ key, req, res, principal, usage: usageContext, signal }, endpoint) => {
      const params = req.params as Record<string, string>;
      const { limit, cursor, ...rest } = readQuery(req);
      const pageLimit = parseLimit(limit);
      const filters = parseInput(endpoint.query, rest, 'query');
      const access = reach(req, res, principal, usageContext);
      const scope = {
        endpoint: key,
        provider: access.provider,
        repo: params.repoId ?? '',
        filters,
        limit: pageLimit,
        principal: principal.cursorPrincipal,
      };
      const token = readCursor(cursor, (value) => cursors.decode(value, scope));
      const scm = providers.forConnection(access.connection);
      const page = await list(
        scm,
        access.repo,
        { ...filters, limit: pageLimit, ...(token === undefined ? {} : { cursor: token }) },
        { signal },
      ).catch((error: unknown) => {
        throw nameMissingRef(
          error,
          { provider: access.provider, repoId: params.repoId ?? '' },
          filters,
        );
      });
      const nextCursor = page.nextCursor === null ? null : cursors.encode(page.nextCursor, scope);
      const items = visible === undefined ? page.items : visible(page.items, principal);
      sendCollection(res, items.map(publicItem), {
        limit: pageLimit,
        has_next_page: nextCursor !== null,
        next_cursor: nextCursor,
      });
    };

  /** A diff, through the firewall for platform tokens; `read` checks the id path parameter. */
  const diffRead =
    (
      param: string,
      read: (
        scm: ScmProvider,
        repo: RepoRef,
        id: string,
        options: { signal: AbortSignal },
      ) => ReturnType<ScmProvider['getCommitDiff']>,
    ): Handler<unknown> =>
    async ({ req, res, principal, usage: usageContext, signal }) => {
      const params = req.params as Record<string, string>;
      const access = reach(req, res, principal, usageContext);
      const diff = await read(
        providers.forConnection(access.connection),
        access.repo,
        params[param] ?? '',
        { signal },
      ).catch((error: unknown) => {
        throw nameMissingRef(
          error,
          { provider: access.provider, repoId: params.repoId ?? '' },
          { [param]: params[param] },
        );
      });
      const { raw: _raw, ...plain } = diff;
      const body = principal.firewall ? firewall.current().applyToDiff(diff).diff : plain;
      sendJson(res, 200, body);
    };

  const handlers: Handlers = {
    me: async ({ req, res, principal, usage: usageContext, signal }, endpoint) => {
      const { provider } = parseInput(endpoint.query, readQuery(req), 'query');
      const connections = (
        provider === undefined
          ? principal.grants.flatMap((grant) => grant.connections)
          : connectionsFor(principal, requireProvider(provider))
      ).filter(
        (connection, index, all) => all.findIndex((other) => other.id === connection.id) === index,
      );
      if (connections.length === 0)
        throw gatewayError(
          'APPROVAL_REQUIRED',
          'This token has no approved provider connection: have a customer connect an account and approve your app through the consent flow (GET /oauth/authorize) first.',
        );
      if (provider !== undefined) usageContext.provider = provider;
      const viewers = await Promise.all(
        connections.map(async (connection) => ({
          connectionId: connection.id,
          ...(publicItem(
            await providers.forConnection(connection).getViewer({ signal }),
          ) as object),
        })),
      );
      sendJson(res, 200, { data: viewers });
    },

    // Phase 1 (seed): a cursor walks one provider; without `provider`, one merged first page.
    'repositories.list': async (
      { key, req, res, principal, usage: usageContext, signal },
      endpoint,
    ) => {
      const { limit, cursor, ...rest } = readQuery(req);
      const pageLimit = parseLimit(limit);
      const { provider, search } = parseInput(endpoint.query, rest, 'query');
      if (provider === undefined) {
        if (cursor !== undefined) {
          throw gatewayError(
            'PAGINATION_NOT_SUPPORTED',
            `cursor on /v1/repositories needs the provider parameter: without it the answer is one merged first page, with no next page. Add provider (one of ${PROVIDER_IDS.join(', ')}) to walk one provider's repositories.`,
          );
        }
        const connections = principal.grants
          .flatMap((grant) => grant.connections)
          .filter(
            (connection, index, all) =>
              all.findIndex((other) => other.id === connection.id) === index,
          );
        if (connections.length === 0)
          throw gatewayError(
            'APPROVAL_REQUIRED',
            'This token has no approved provider connection: have a customer connect an account and approve your app through the consent flow (GET /oauth/authorize) first.',
          );
        const pages = await Promise.all(
          connections.map(async (connection) => {
            const page = await providers
              .forConnection(connection)
              .listRepositories({ limit: pageLimit, search }, { signal });
            return {
              items: page.items.filter((repo) => isApproved(principal, connection.id, repo)),
              more: page.nextCursor !== null,
            };
          }),
        );
        const items = pages.flatMap((page) => page.items);
        sendCollection(res, items.slice(0, pageLimit).map(publicItem), {
          limit: pageLimit,
          has_next_page: items.length > pageLimit || pages.some((page) => page.more),
          next_cursor: null,
        });
        return;
      }
      const providerId = requireProvider(provider);
      usageContext.provider = providerId;
      const connections = connectionsFor(principal, providerId);
      const scope = {
        endpoint: key,
        provider: providerId,
        filters: { search },
        limit: pageLimit,
        principal: principal.cursorPrincipal,
      };
      // The continuation names the connection being walked and its own token: `<index>:<token>`.
      const position = readCursor(cursor, (value) => cursors.decode(value, scope));
      const separator = position?.indexOf(':') ?? -1;
      const index = position === undefined ? 0 : Number(position.slice(0, separator));
      const connection = connections[index];
      if (connection === undefined || !Number.isInteger(index))
        throw gatewayError(
          'INVALID_CURSOR',
          `cursor walks a ${providerName(providerId)} connection this token no longer reaches (an approval changed since it was issued); leave cursor out to start again from the first page.`,
        );
      requestContextOf(res).connectionId = connection.id;
      const upstream =
        position === undefined ? undefined : position.slice(separator + 1) || undefined;
      const page = await providers
        .forConnection(connection)
        .listRepositories(
          { limit: pageLimit, search, ...(upstream === undefined ? {} : { cursor: upstream }) },
          { signal },
        );
      const next =
        page.nextCursor !== null
          ? `${index}:${page.nextCursor}`
          : index + 1 < connections.length
            ? `${index + 1}:`
            : null;
      const nextCursor = next === null ? null : cursors.encode(next, scope);
      sendCollection(
        res,
        page.items.filter((repo) => isApproved(principal, connection.id, repo)).map(publicItem),
        {
          limit: pageLimit,
          has_next_page: nextCursor !== null,
          next_cursor: nextCursor,
        },
      );
    },

    'repositories.get': async ({ req, res, principal, usage: usageContext, signal }) => {
      const access = reach(req, res, principal, usageContext);
      const repository = await providers
        .forConnection(access.connection)
        .getRepository(access.repo, { signal })
        .catch((error: unknown) => {
          throw nameMissingRef(
            error,
            {
              provider: access.provider,
              repoId: (req.params as Record<string, string>).repoId ?? '',
            },
            {},
          );
        });
      sendJson(res, 200, publicItem(repository));
    },

    'repositories.branches': listRead((scm, repo, q, o) => scm.listBranches(repo, q, o)),
    'repositories.commits': listRead((scm, repo, q, o) => scm.listCommits(repo, q, o)),
    'repositories.commits.diff': diffRead('commitId', (scm, repo, sha, options) => {
      if (!/^[0-9a-fA-F]{4,64}$/.test(sha))
        throw gatewayError(
          'INVALID_REQUEST',
          `commitId ${JSON.stringify(sha.slice(0, 80))} is not a commit sha: send 4 to 64 hex digits (GET …/commits lists them).`,
        );
      return scm.getCommitDiff(repo, sha, options);
    }),
    'repositories.pull-requests': listRead((scm, repo, q, o) => scm.listPullRequests(repo, q, o)),
    'repositories.pull-requests.diff': diffRead('pullRequestId', (scm, repo, id, options) => {
      if (!/^[0-9]{1,10}$/.test(id))
        throw gatewayError(
          'INVALID_REQUEST',
          `pullRequestId ${JSON.stringify(id.slice(0, 80))} is not a pull request number: send its number, e.g. …/pull-requests/42/diff.`,
        );
      return scm.getPullRequestDiff(repo, Number(id), options);
    }),
    'repositories.contributors': listRead((scm, repo, q, o) => scm.listContributors(repo, q, o)),
    'repositories.tags': listRead((scm, repo, q, o) => scm.listTags(repo, q, o)),
    'repositories.releases': listRead((scm, repo, q, o) => scm.listReleases(repo, q, o)),
    'repositories.checks': listRead((scm, repo, q, o) => scm.listChecks(repo, q, o)),
    'repositories.deployments': listRead((scm, repo, q, o) => scm.listDeployments(repo, q, o)),
    'repositories.file-tree': listRead(
      (scm, repo, q, o) => scm.listFileTree(repo, q, o),
      // A tree read with a platform token never names a file the firewall blocks in diffs (`.env`,
      // `*.pem`, `secrets/**`…): the entry is left out, as if it were not there.
      (items, principal) =>
        principal.firewall
          ? items.filter(
              (item) => !firewall.current().isPathBlocked((item as { path: string }).path),
            )
          : items,
    ),

    // One file, through the firewall for platform tokens (routes/unified/file-content.ts).
    'repositories.files.content': async (
      { req, res, principal, usage: usageContext, signal },
      endpoint,
    ) => {
      const query = parseInput(endpoint.query, readQuery(req), 'query');
      const access = reach(req, res, principal, usageContext);
      const scm = providers.forConnection(access.connection);
      const content = await readFileThroughFirewall({
        firewall,
        filtered: principal.firewall,
        provider: access.provider,
        path: query.path,
        read: (path) => scm.getFileContent(access.repo, { path, ref: query.ref }, { signal }),
      });
      sendJson(res, 200, content);
    },

    'repositories.events.subscribe': async (
      { req, res, principal, usage: usageContext },
      endpoint,
    ) => {
      const input = parseInput(endpoint.body, req.body, 'body');
      const access = reach(req, res, principal, usageContext);
      const scm = providers.forConnection(access.connection);
      // The authorization the hook exists under, so revoking it removes the hook: the token's own,
      // or for a client-credentials token the grant that reached this connection.
      const authorizationId =
        principal.authorizationId ??
        principal.grants.find(
          (grant) =>
            !grant.authorizationId.startsWith('legacy:') &&
            grant.connections.some((connection) => connection.id === access.connection.id),
        )?.authorizationId ??
        null;
      const { subscription, signingSecret } = await createSubscription(services, scm, {
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        authorizationId,
        connectionId: access.connection.id,
        provider: access.provider,
        repositoryId: access.repositoryId ?? (req.params as Record<string, string>).repoId ?? '',
        repo: access.repo,
        targetUrl: input.callbackUrl,
        events: input.events,
        active: input.active,
        secret: input.secret,
      });
      sendJson(res, 201, {
        id: subscription.id,
        provider: access.provider,
        repositoryId: subscription.repositoryId,
        providerSubscriptionId: subscription.providerHookId,
        callbackUrl: input.callbackUrl,
        events: input.events,
        active: input.active,
        // Shown once: deliveries to callbackUrl are signed with it (Standard Webhooks).
        signingSecret,
        createdAt: subscription.createdAt.toISOString(),
      });
    },
  };

  return {
    async serve(key, req, res) {
      const endpoint = UNIFIED_ENDPOINTS[key];
      const handle = handlers[key] as Handler<typeof endpoint>;
      // A client that disconnects before its answer is sent aborts the provider reads made for it.
      const disconnected = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) disconnected.abort();
      };
      res.once('close', onClose);
      const { principal, usage: usageContext } = await begin(req, res, key, endpoint);
      const signal = disconnected.signal;
      await handle({ key, req, res, principal, usage: usageContext, signal }, endpoint);
    },
    async noteFailure(error, res) {
      const { connectionId } = requestContextOf(res);
      if (
        connectionId === undefined ||
        !ScmError.isInstance(error) ||
        error.source !== 'provider' ||
        (error.code !== 'AUTH_EXPIRED' && error.code !== 'INVALID_CREDENTIALS')
      )
        return;
      await markConnectionExpired(services, connectionId, error.message).catch((cause: unknown) => {
        services.logger.warn('could not mark a connection expired', { connectionId, error: cause });
      });
    },
  };
}

/** A header's value as Express's `req.get` reads it (Node joins a repeated one with ", "). */
function headerOf(req: UnifiedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function readCursor(cursor: unknown, decode: (value: string) => string): string | undefined {
  if (cursor === undefined) return undefined;
  if (typeof cursor !== 'string')
    throw gatewayError(
      'INVALID_CURSOR',
      'cursor was sent more than once (or as an object); send one cursor: the next_cursor of the previous page, unchanged.',
    );
  if (cursor === '')
    throw gatewayError(
      'INVALID_CURSOR',
      'cursor is empty. Leave it out for the first page; for the next one, pass page_info.next_cursor of the previous page, unchanged.',
    );
  // The codec's own message says which mistake it is (see InvalidCursorReason in @scm/cursor).
  return decode(cursor);
}
