import {
  createHttpClient,
  createRefreshingToken,
  numberSegment,
  redirectWithinApi,
  ScmError,
  shaSegment,
  systemClock,
  transportOptions,
  withCredentialRetry,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type RefreshingToken,
  type RepoRef,
  createMemo,
  MEMO_MAX,
  MEMO_TTL_MS,
} from '@scm/core';
import type { z } from 'zod';
import {
  createBitbucketErrorMapper,
  invalidRequest,
  isNotFound,
  repositoryNotFound,
  unexpectedShape,
} from './bitbucket-errors.js';
import { createBitbucketOAuth } from './bitbucket-oauth.js';
import { nextCursor, toPage } from './bitbucket-pagination.js';
import {
  WireBranchSchema,
  WireCommitSchema,
  WireDiffstatSchema,
  WireRepositorySchema,
  WireTagSchema,
  wirePageSchema,
  type WireDiffstat,
  type WirePage,
  type WireRepository,
} from './bitbucket-schemas.js';
import {
  BITBUCKET_DEFAULT_BASE_URL,
  BITBUCKET_DEFAULT_WEB_URL,
  type BitbucketProviderSettings,
} from './bitbucket-settings.js';
import { BITBUCKET_PROVIDER_ID, type MapContext } from './map-common.js';

const SHA = /^[0-9a-f]{7,40}$/i;
const FULL_SHA = /^[0-9a-f]{40}$/i;
const WORKSPACE = /^[A-Za-z0-9_.-]{1,100}$/;
/** Bounded walks of small collections (environments, SSH keys, the user's workspaces). */
const MAX_WALK_PAGES = 50;
const MAX_DIFFSTAT_PAGES = 20;
const DiffstatPage = wirePageSchema(WireDiffstatSchema);

/** A full (40-character) commit hash, which needs no resolving. */
export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

/** A workspace slug, safe as a path segment as it is. */
export function isWorkspaceSlug(value: string): boolean {
  return WORKSPACE.test(value);
}

/** A string literal in BBQL, Bitbucket's query language (`q=name ~ "…"`). */
export function bbqlString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** What every `ops/*.ts` file builds on: one authenticated transport and the adapter's helpers. */
export interface BitbucketClient {
  readonly context: MapContext;
  readonly clock: Clock;
  /** The OAuth helper, when the settings name a consumer (`auth` of type `oauth`, or `oauthClient`). */
  readonly oauth: ReturnType<typeof createBitbucketOAuth> | undefined;
  /** One request; with OAuth, a 401 refreshes the token once (shared) and sends it again. */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** One request whose body must fit `schema` (parsed at the edge; otherwise UPSTREAM_UNAVAILABLE). */
  call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>>;
  /** One page of a list endpoint, each item mapped; the cursor is the `page` of Bitbucket's `next`. */
  listPage<W, T>(
    schema: z.ZodType<WirePage<W>>,
    request: HttpRequest,
    map: (wire: W, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** Walks a small collection to its end (bounded). */
  walk<W>(schema: z.ZodType<WirePage<W>>, path: string, query?: HttpRequest['query']): Promise<W[]>;
  /** Follows one redirect, and only within the API: the pull request diff endpoints redirect. */
  followRedirect<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** A diffstat response and its following pages (bounded: `truncated` when cut short). */
  diffstat(first: HttpResponse): Promise<{ files: WireDiffstat[]; truncated: boolean }>;
  /** `/repositories/<workspace>/<slug><rest>`, or `/repositories/{}/<uuid><rest>` for an id. */
  repoPath(repo: RepoRef, rest?: string): string;
  /** The repository's name as the caller gave it: `workspace/slug`, or its `{uuid}`. */
  repoName(repo: RepoRef): string;
  /** A commit hash as a path segment (7–40 hex characters, lower-cased), else INVALID_REQUEST. */
  shaSegment(sha: string): string;
  /** A pull request number as a path segment (a safe integer ≥ 0), else INVALID_REQUEST. */
  numberSegment(value: number): string;
  /**
   * Runs a call on a repository's sub-resource. Bitbucket answers 404 both for a missing
   * repository and a missing resource; asking for the repository tells them apart.
   */
  inRepo<T>(repo: RepoRef, run: () => Promise<T>): Promise<T>;
  /** The repository itself; a 404 is REPOSITORY_NOT_FOUND. */
  getRepository(repo: RepoRef): Promise<WireRepository>;
  /**
   * The repository's main branch (kept a minute per adapter); RESOURCE_NOT_FOUND for an empty
   * repository.
   */
  defaultBranch(repo: RepoRef): Promise<string>;
  /** A ref (full sha, short sha, branch or tag) → a full commit hash; the main branch by default. */
  resolveCommit(repo: RepoRef, ref: string | undefined): Promise<string>;
  close(): Promise<void>;
}

/**
 * Bitbucket Cloud's credentials (OAuth 2 refreshed before expiry, access tokens, or API tokens /
 * app passwords), transport and request helpers.
 */
export function createBitbucketClient(settings: BitbucketProviderSettings): BitbucketClient {
  const clock = settings.clock ?? systemClock;
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };
  const baseUrl = settings.baseUrl ?? BITBUCKET_DEFAULT_BASE_URL;
  const apiBase = new URL(baseUrl);
  const apiPrefix = apiBase.pathname.replace(/\/+$/, '');
  const webBaseUrl = settings.webBaseUrl ?? BITBUCKET_DEFAULT_WEB_URL;
  const auth = settings.auth;
  const oauthClient =
    auth?.type === 'oauth'
      ? { clientId: auth.clientId, clientSecret: auth.clientSecret }
      : settings.oauthClient;
  const oauth =
    oauthClient === undefined
      ? undefined
      : createBitbucketOAuth({ ...settings, ...oauthClient, webBaseUrl });

  let refreshing: RefreshingToken | undefined;
  if (auth?.type === 'oauth' && oauth !== undefined) {
    refreshing = createRefreshingToken({
      tokens: auth.tokens,
      refresh: (refreshToken) => oauth.refresh(refreshToken),
      provider: BITBUCKET_PROVIDER_ID,
      clock,
      refreshBeforeMs: auth.refreshBeforeMs,
      onRefresh: auth.onRefresh,
      exclusive: auth.exclusive,
    });
  }

  async function authorization(): Promise<Record<string, string>> {
    switch (auth?.type) {
      case 'oauth':
        return { authorization: `Bearer ${await (refreshing as RefreshingToken).get()}` };
      case 'access-token':
        return { authorization: `Bearer ${auth.token}` };
      case 'basic':
        return {
          authorization: `Basic ${Buffer.from(`${auth.username}:${auth.token}`).toString('base64')}`,
        };
      case undefined:
        throw new ScmError('AUTH_REQUIRED', {
          provider: BITBUCKET_PROVIDER_ID,
          message: 'The Bitbucket provider was created without credentials (settings.auth).',
        });
    }
  }

  const http = createHttpClient({
    ...transportOptions(settings),
    baseUrl,
    provider: BITBUCKET_PROVIDER_ID,
    // Every request of an operation carries the caller's AbortSignal (`withCallOptions`).
    followCallSignal: true,
    headers: authorization,
    clock,
    mapError: createBitbucketErrorMapper({ oauth: auth?.type === 'oauth' }),
  });

  // Any 401 (an OAuth access token Bitbucket expired early or revoked) refreshes once; other
  // credentials cannot be renewed, so their 401 reaches the caller as it is.
  const token = refreshing;
  const send = withCredentialRetry(http.request.bind(http), {
    refresh: token === undefined ? null : () => token.refreshNow(),
  });

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  function repoPath(repo: RepoRef, rest = ''): string {
    if (repo.kind === 'path') {
      if (repo.owner.includes('/'))
        throw invalidRequest('A Bitbucket repository is named workspace/slug.');
      return `/repositories/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}${rest}`;
    }
    if (!repo.id.startsWith('{'))
      throw invalidRequest('Bitbucket repositories are identified by a {uuid} or workspace/slug.');
    // `{}` in place of the workspace lets Bitbucket find a repository by its UUID alone.
    return `/repositories/${encodeURIComponent('{}')}/${encodeURIComponent(repo.id)}${rest}`;
  }

  async function inRepo<T>(repo: RepoRef, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await send({ path: repoPath(repo) });
      } catch (probe) {
        if (isNotFound(probe)) throw repositoryNotFound(probe);
        throw probe;
      }
      throw error;
    }
  }

  async function getRepository(repo: RepoRef): Promise<WireRepository> {
    try {
      return await call(WireRepositorySchema, { path: repoPath(repo) });
    } catch (error) {
      if (isNotFound(error)) throw repositoryNotFound(error);
      throw error;
    }
  }

  // The main branch does not change from page to page: one request, then kept a minute by this
  // adapter (this credential only).
  const defaultBranches = createMemo<string>({ clock, ttlMs: MEMO_TTL_MS, max: MEMO_MAX });

  async function defaultBranch(repo: RepoRef): Promise<string> {
    return defaultBranches.get(repoPath(repo), async () => {
      const wire = await getRepository(repo);
      if (wire.mainbranch === null || wire.mainbranch === undefined)
        throw new ScmError('RESOURCE_NOT_FOUND', {
          provider: BITBUCKET_PROVIDER_ID,
          message: 'The repository is empty: it has no main branch.',
        });
      return wire.mainbranch.name;
    });
  }

  async function resolveCommit(repo: RepoRef, ref: string | undefined): Promise<string> {
    const name = ref ?? (await defaultBranch(repo));
    if (FULL_SHA.test(name)) return name.toLowerCase();
    if (SHA.test(name)) {
      try {
        return (await call(WireCommitSchema, { path: repoPath(repo, `/commit/${name}`) })).hash;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    for (const kind of ['branches', 'tags'] as const) {
      try {
        const wire = await call(kind === 'branches' ? WireBranchSchema : WireTagSchema, {
          path: repoPath(repo, `/refs/${kind}/${encodeURIComponent(name)}`),
        });
        return wire.target.hash;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return inRepo(repo, () =>
      Promise.reject(
        new ScmError('RESOURCE_NOT_FOUND', {
          provider: BITBUCKET_PROVIDER_ID,
          upstreamStatus: 404,
          message: `No branch, tag or commit named ${name.slice(0, 200)}.`,
        }),
      ),
    );
  }

  return {
    context,
    clock,
    oauth,
    send,
    call,
    async listPage(schema, request, map) {
      return toPage(await call(schema, request), (wire) => map(wire, context), apiBase);
    },
    async walk<W>(schema: z.ZodType<WirePage<W>>, path: string, query: HttpRequest['query'] = {}) {
      const items: W[] = [];
      let page: string | null = null;
      for (let count = 0; count < MAX_WALK_PAGES; count++) {
        const wire: WirePage<W> = await call(schema, {
          path,
          query: { ...query, pagelen: 100, page: page ?? undefined },
        });
        items.push(...wire.values);
        page = nextCursor(wire.next, apiBase);
        if (page === null) return items;
      }
      return items;
    },
    async followRedirect<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      try {
        return await send<T>(request);
      } catch (error) {
        const location = ScmError.isInstance(error) ? error.details?.location : undefined;
        if (typeof location !== 'string') throw error;
        const path = redirectWithinApi(location, apiBase);
        if (path === null) {
          throw unexpectedShape(
            request.path,
            'Bitbucket redirected to another host; not followed.',
          );
        }
        return send<T>({ ...request, path });
      }
    },
    async diffstat(first) {
      const files: WireDiffstat[] = [];
      let response = first;
      for (let count = 0; ; count++) {
        const parsed = DiffstatPage.safeParse(response.body);
        if (!parsed.success) throw unexpectedShape('diffstat');
        files.push(...parsed.data.values);
        const next = nextCursor(parsed.data.next, apiBase);
        if (next === null) return { files, truncated: false };
        if (count + 1 >= MAX_DIFFSTAT_PAGES) return { files, truncated: true };
        const url = new URL(parsed.data.next as string);
        response = await send({
          path: `${url.pathname.slice(apiPrefix.length)}?${url.searchParams.toString()}`,
        });
      }
    },
    repoPath,
    repoName: (repo) => (repo.kind === 'path' ? repo.fullPath : repo.id),
    shaSegment: (sha) =>
      shaSegment(sha, { provider: BITBUCKET_PROVIDER_ID, maxLength: 40, lowerCase: true }),
    numberSegment: (value) => numberSegment(value, { provider: BITBUCKET_PROVIDER_ID }),
    inRepo,
    getRepository,
    defaultBranch,
    resolveCommit,
    close: async () => {
      await http.close();
      await oauth?.close();
    },
  };
}
