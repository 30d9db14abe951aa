import type { Page, PageQuery, RepoRef, ScmProvider } from '@scm/core';
import { ScmError } from '@scm/core';
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { bearerToken } from '../../auth/bearer.js';
import { requireScope, type PlatformPrincipal } from '../../auth/platform-auth.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { requestContextOf } from '../../http/request-context.js';
import { parseInput } from '../../http/validate.js';
import { SCOPE_NAMES } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { requireProvider } from '../../providers/require-provider.js';
import {
  connectionsFor,
  isApproved,
  resolveRepositoryAccess,
  type RepositoryAccess,
} from './repository-access.js';
import { markConnectionExpired, saveSubscription } from './service.js';

/** What the usage log needs to know about a unified call; filled in as the handler learns it. */
interface UsageContext {
  endpointKey: string;
  principal?: PlatformPrincipal;
  provider?: string;
  repositoryId?: string;
}

type Filters = Record<string, string | boolean | undefined>;

interface ListEndpoint<F extends Filters> {
  path: string;
  endpointKey: string;
  scope: string;
  filters: z.ZodType<F>;
  list: (scm: ScmProvider, repo: RepoRef, query: PageQuery & F) => Promise<Page<unknown>>;
  /** Drops items the caller may not see (after the page is read: a page can hold fewer than `limit`). */
  visible?: (items: unknown[], principal: PlatformPrincipal) => unknown[];
}

const noFilters = z.object({}).strip();
const optionalText = z.string().min(1).max(512).optional();
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

// Strips the provider payload from every item: `raw` is never part of the gateway's contract.
function publicItem(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || !('raw' in item)) return item;
  const { raw: _raw, ...rest } = item as Record<string, unknown>;
  return rest;
}

export function unifiedRouter(services: GatewayServices): Router {
  const router = Router();
  const { platformAuth, providers, cursors, firewall, usage, config } = services;

  const principalFor = async (req: Request): Promise<PlatformPrincipal> => {
    const token = bearerToken(req);
    if (token === undefined && !config.enforcePlatformAuth) {
      const connectionId =
        req.get('x-connection-id') ??
        (typeof req.query.connectionId === 'string' ? req.query.connectionId : undefined);
      if (connectionId !== undefined) return platformAuth.legacy(connectionId, SCOPE_NAMES);
    }
    return platformAuth.authenticate(token);
  };

  // Every authenticated unified call lands in the usage log, failures included, once the response
  // is sent. A request that never authenticated (no token, an unknown, revoked or expired one) is
  // nobody's usage: it writes nothing, so invalid tokens cannot fill the table with tenantless rows.
  const track = (req: Request, res: Response, endpointKey: string): UsageContext => {
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
    req: Request,
    res: Response,
    endpointKey: string,
    scope: string,
  ): Promise<{ principal: PlatformPrincipal; usage: UsageContext }> => {
    const usage = track(req, res, endpointKey);
    const caller = await principalFor(req);
    usage.principal = caller;
    // Narrowed to the connections whose customer approved this endpoint's scope.
    return { principal: requireScope(caller, scope), usage };
  };

  /** The approved connection for `:provider/:repoId`, noted for the usage log and `markExpired`. */
  const reach = (
    req: Request,
    res: Response,
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

  const repoList = <F extends Filters>(endpoint: ListEndpoint<F>): void => {
    router.get(endpoint.path, async (req, res) => {
      const { principal, usage: usageContext } = await begin(
        req,
        res,
        endpoint.endpointKey,
        endpoint.scope,
      );
      const params = req.params as Record<string, string>;
      const { limit, cursor, ...rest } = req.query;
      const pageLimit = parseLimit(limit);
      const filters = parseInput(endpoint.filters, rest, 'query');
      const access = reach(req, res, principal, usageContext);
      const scope = {
        endpoint: endpoint.endpointKey,
        provider: access.provider,
        repo: params.repoId ?? '',
        filters,
        limit: pageLimit,
        principal: principal.cursorPrincipal,
      };
      const token = readCursor(cursor, (value) => cursors.decode(value, scope));
      const scm = providers.forConnection(access.connection);
      const page = await endpoint.list(scm, access.repo, {
        ...filters,
        limit: pageLimit,
        ...(token === undefined ? {} : { cursor: token }),
      });
      const nextCursor = page.nextCursor === null ? null : cursors.encode(page.nextCursor, scope);
      const items =
        endpoint.visible === undefined ? page.items : endpoint.visible(page.items, principal);
      sendCollection(res, items.map(publicItem), {
        limit: pageLimit,
        has_next_page: nextCursor !== null,
        next_cursor: nextCursor,
      });
    });
  };

  router.get('/v1/me', async (req, res) => {
    const { principal, usage: usageContext } = await begin(req, res, 'me', 'read:profile');
    const { provider } = parseInput(
      z.object({ provider: z.string().optional() }),
      req.query,
      'query',
    );
    const connections = (
      provider === undefined
        ? principal.grants.flatMap((grant) => grant.connections)
        : connectionsFor(principal, requireProvider(provider))
    ).filter(
      (connection, index, all) => all.findIndex((other) => other.id === connection.id) === index,
    );
    if (connections.length === 0)
      throw gatewayError('APPROVAL_REQUIRED', 'This token has no approved provider connection.');
    if (provider !== undefined) usageContext.provider = provider;
    const viewers = await Promise.all(
      connections.map(async (connection) => ({
        connectionId: connection.id,
        ...(publicItem(await providers.forConnection(connection).getViewer()) as object),
      })),
    );
    sendJson(res, 200, { data: viewers });
  });

  // Phase 1 (seed): a cursor walks one provider; without `provider`, one merged first page.
  router.get('/v1/repositories', async (req, res) => {
    const { principal, usage: usageContext } = await begin(
      req,
      res,
      'repositories.list',
      'read:repositories',
    );
    const { limit, cursor, ...rest } = req.query;
    const pageLimit = parseLimit(limit);
    const { provider, search } = parseInput(
      z.object({ provider: z.string().optional(), search: optionalText }).strict(),
      rest,
      'query',
    );
    if (provider === undefined) {
      if (cursor !== undefined) {
        throw gatewayError(
          'PAGINATION_NOT_SUPPORTED',
          'Cursor pagination of /v1/repositories needs the provider parameter.',
        );
      }
      const connections = principal.grants
        .flatMap((grant) => grant.connections)
        .filter(
          (connection, index, all) =>
            all.findIndex((other) => other.id === connection.id) === index,
        );
      if (connections.length === 0)
        throw gatewayError('APPROVAL_REQUIRED', 'This token has no approved provider connection.');
      const pages = await Promise.all(
        connections.map(async (connection) => {
          const page = await providers
            .forConnection(connection)
            .listRepositories({ limit: pageLimit, search });
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
      endpoint: 'repositories.list',
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
    if (connection === undefined || !Number.isInteger(index)) throw gatewayError('INVALID_CURSOR');
    requestContextOf(res).connectionId = connection.id;
    const upstream =
      position === undefined ? undefined : position.slice(separator + 1) || undefined;
    const page = await providers.forConnection(connection).listRepositories({
      limit: pageLimit,
      search,
      ...(upstream === undefined ? {} : { cursor: upstream }),
    });
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
  });

  router.get('/v1/repositories/:provider/:repoId', async (req, res) => {
    const { principal, usage: usageContext } = await begin(
      req,
      res,
      'repositories.get',
      'read:repositories',
    );
    const access = reach(req, res, principal, usageContext);
    const repository = await providers.forConnection(access.connection).getRepository(access.repo);
    sendJson(res, 200, publicItem(repository));
  });

  repoList({
    path: '/v1/repositories/:provider/:repoId/branches',
    endpointKey: 'repositories.branches',
    scope: 'read:branches',
    filters: noFilters,
    list: (scm, repo, q) => scm.listBranches(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/commits',
    endpointKey: 'repositories.commits',
    scope: 'read:commits',
    filters: z.object({ branch: optionalText }).strict(),
    list: (scm, repo, q) => scm.listCommits(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/pull-requests',
    endpointKey: 'repositories.pull-requests',
    scope: 'read:pull-requests',
    filters: z
      .object({ state: z.enum(['open', 'closed', 'merged', 'all']).default('open') })
      .strict(),
    list: (scm, repo, q) => scm.listPullRequests(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/contributors',
    endpointKey: 'repositories.contributors',
    scope: 'read:authors',
    filters: noFilters,
    list: (scm, repo, q) => scm.listContributors(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/tags',
    endpointKey: 'repositories.tags',
    scope: 'read:tags',
    filters: noFilters,
    list: (scm, repo, q) => scm.listTags(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/releases',
    endpointKey: 'repositories.releases',
    scope: 'read:releases',
    filters: noFilters,
    list: (scm, repo, q) => scm.listReleases(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/checks',
    endpointKey: 'repositories.checks',
    scope: 'read:checks',
    filters: z.object({ ref: optionalText, branch: optionalText }).strict(),
    list: (scm, repo, q) => scm.listChecks(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/deployments',
    endpointKey: 'repositories.deployments',
    scope: 'read:deployments',
    filters: z.object({ environment: optionalText, state: optionalText }).strict(),
    list: (scm, repo, q) => scm.listDeployments(repo, q),
  });
  repoList({
    path: '/v1/repositories/:provider/:repoId/file-tree',
    endpointKey: 'repositories.file-tree',
    scope: 'read:file-tree',
    filters: z
      .object({
        ref: optionalText,
        branch: optionalText,
        path: optionalText,
        recursive: booleanFlag,
      })
      .strict(),
    list: (scm, repo, q) => scm.listFileTree(repo, q),
    // A tree read with a platform token never names a file the firewall blocks in diffs (`.env`,
    // `*.pem`, `secrets/**`…): the entry is left out, as if it were not there.
    visible: (items, principal) =>
      principal.firewall
        ? items.filter((item) => !firewall.current().isPathBlocked((item as { path: string }).path))
        : items,
  });

  const diffRoute = (
    path: string,
    endpointKey: string,
    read: (scm: ScmProvider, repo: RepoRef, id: string) => ReturnType<ScmProvider['getCommitDiff']>,
  ): void => {
    router.get(path, async (req, res) => {
      const { principal, usage: usageContext } = await begin(req, res, endpointKey, 'read:diffs');
      const params = req.params as Record<string, string>;
      const access = reach(req, res, principal, usageContext);
      const diff = await read(
        providers.forConnection(access.connection),
        access.repo,
        params.id ?? '',
      );
      const { raw: _raw, ...plain } = diff;
      const body = principal.firewall ? firewall.current().applyToDiff(diff).diff : plain;
      sendJson(res, 200, body);
    });
  };
  diffRoute(
    '/v1/repositories/:provider/:repoId/commits/:id/diff',
    'repositories.commits.diff',
    (scm, repo, sha) => {
      if (!/^[0-9a-fA-F]{4,64}$/.test(sha))
        throw gatewayError('INVALID_REQUEST', 'commitId must be a commit sha.');
      return scm.getCommitDiff(repo, sha);
    },
  );
  diffRoute(
    '/v1/repositories/:provider/:repoId/pull-requests/:id/diff',
    'repositories.pull-requests.diff',
    (scm, repo, id) => {
      if (!/^[0-9]{1,10}$/.test(id))
        throw gatewayError('INVALID_REQUEST', 'pullRequestId must be the pull request number.');
      return scm.getPullRequestDiff(repo, Number(id));
    },
  );

  const SubscribeSchema = z.object({
    callbackUrl: z.url().refine((value) => /^https?:/.test(value), 'must be an http(s) URL'),
    events: z.array(z.string().min(1).max(64)).min(1).max(32),
    active: z.boolean().default(true),
    secret: z.string().min(8).max(256).optional(),
  });
  router.post('/v1/repositories/:provider/:repoId/events/subscribe', async (req, res) => {
    const { principal, usage: usageContext } = await begin(
      req,
      res,
      'repositories.events.subscribe',
      'events:subscribe',
    );
    const input = parseInput(SubscribeSchema, req.body, 'body');
    const access = reach(req, res, principal, usageContext);
    const scm = providers.forConnection(access.connection);
    const created = await scm.createWebhook(access.repo, {
      callbackUrl: input.callbackUrl,
      events: input.events,
      active: input.active,
      secret: input.secret,
    });
    // The authorization the hook exists under, so revoking it removes the hook: the token's own, or
    // for a client-credentials token the grant that reached this connection.
    const authorizationId =
      principal.authorizationId ??
      principal.grants.find(
        (grant) =>
          !grant.authorizationId.startsWith('legacy:') &&
          grant.connections.some((connection) => connection.id === access.connection.id),
      )?.authorizationId ??
      null;
    const subscription = await saveSubscription(services, {
      tenantId: principal.tenantId,
      clientId: principal.clientId,
      authorizationId,
      connectionId: access.connection.id,
      provider: access.provider,
      repositoryId: access.repositoryId ?? req.params.repoId,
      providerHookId: String((created as { id: string | number }).id),
      callbackUrl: input.callbackUrl,
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
      createdAt: subscription.createdAt.toISOString(),
    });
  });

  // The provider refused the connection's own credentials (revoked, expired beyond refresh): the
  // connection is marked expired, so the next call says PROVIDER_ACCOUNT_NOT_CONNECTED at once and
  // the account pages show what to reconnect.
  const markExpired: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const { connectionId } = requestContextOf(res);
    if (
      connectionId !== undefined &&
      ScmError.isInstance(error) &&
      error.source === 'provider' &&
      (error.code === 'AUTH_EXPIRED' || error.code === 'INVALID_CREDENTIALS')
    ) {
      void markConnectionExpired(services, connectionId)
        .catch((cause: unknown) => {
          services.logger.warn('could not mark a connection expired', {
            connectionId,
            error: cause,
          });
        })
        .finally(() => {
          next(error);
        });
      return;
    }
    next(error);
  };
  router.use(markExpired);

  return router;
}

function readCursor(cursor: unknown, decode: (value: string) => string): string | undefined {
  if (cursor === undefined) return undefined;
  if (typeof cursor !== 'string' || cursor === '') throw gatewayError('INVALID_CURSOR');
  return decode(cursor);
}
