import {
  createHttpClient,
  createRefreshingToken,
  formatRepoRef,
  numberSegment,
  ScmError,
  shaSegment,
  systemClock,
  transportOptions,
  withCredentialRetry,
  type Clock,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type PageQuery,
  type RefreshingToken,
  type RepoRef,
  arrayOf,
} from '@scm/core';
import type { z } from 'zod';
import { mapGitLabError, unexpectedShape } from './gitlab-errors.js';
import { createGitLabOAuth, type GitLabOAuth } from './gitlab-oauth.js';
import {
  keysetParams,
  nextKeysetCursor,
  nextOffsetCursor,
  offsetParams,
  pageOfCursor,
} from './gitlab-pagination.js';
import { GITLAB_DEFAULT_BASE_URL, type GitLabProviderSettings } from './gitlab-settings.js';
import { GITLAB_PROVIDER_ID, type MapContext } from './map-common.js';

/** What every `ops/*.ts` file builds on: one authenticated transport and the adapter's helpers. */
export interface GitLabClient {
  readonly context: MapContext;
  readonly clock: Clock;
  /**
   * The instance root (`https://gitlab.com`, `https://example.com/gitlab`), without a trailing
   * slash: web URLs the API does not return are built from it.
   */
  readonly root: string;
  /** `provider.oauth`: the helpers of `oauthApp`, else of the OAuth client of `auth`. */
  readonly oauth: GitLabOAuth | undefined;
  /**
   * One request. When GitLab refuses an OAuth token as expired or revoked (`AUTH_EXPIRED`), the
   * token is refreshed once (shared with concurrent requests) and the request sent again.
   */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** One request whose body must fit `schema` (parsed at the edge; otherwise UPSTREAM_UNAVAILABLE). */
  call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>>;
  /** One request answered with a list of `schema`, and the response headers (paging). */
  fetchList<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ items: z.infer<S>[]; headers: Readonly<Record<string, string>> }>;
  /** One page of an offset-paginated list (`page`, `per_page`, `X-Next-Page`), each item mapped. */
  offsetPage<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    map: (wire: z.infer<S>, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** One page of a keyset-paginated list (`pagination=keyset`, `Link: rel="next"`). */
  keysetPage<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    param: string,
    map: (wire: z.infer<S>, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** Every page of a list, up to `maxPages`; `complete` is false when more were left. */
  allPages<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
    maxPages: number,
  ): Promise<{ items: z.infer<S>[]; complete: boolean }>;
  /** `/projects/<id or URL-encoded full path><rest>`. */
  projectPath(repo: RepoRef, rest?: string): string;
  /** The project's name as the caller gave it: its full path, or its id. */
  repoName(repo: RepoRef): string;
  /** A commit sha as a path segment (7–64 hex characters), else INVALID_REQUEST. */
  shaSegment(sha: string): string;
  /** A merge request iid as a path segment (a safe integer ≥ 0), else INVALID_REQUEST. */
  numberSegment(value: number): string;
  close(): Promise<void>;
}

/**
 * GitLab's credentials, transport and request helpers (REST API v4 under `<baseUrl>/api/v4`).
 * A private token goes in `PRIVATE-TOKEN`; OAuth tokens in `Authorization: Bearer`, refreshed
 * shortly before they expire and once more when GitLab refuses one as expired or revoked.
 */
export function createGitLabClient(settings: GitLabProviderSettings): GitLabClient {
  const clock = settings.clock ?? systemClock;
  const root = (settings.baseUrl ?? GITLAB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  let apiOrigin: string;
  try {
    apiOrigin = new URL(root).origin;
  } catch {
    throw new ScmError('INVALID_REQUEST', {
      provider: GITLAB_PROVIDER_ID,
      message: 'baseUrl is not an absolute URL',
    });
  }
  const context: MapContext = { includeRaw: settings.includeRaw ?? false, webBase: root };
  const transport = transportOptions(settings);
  const auth = settings.auth;

  const oauthFor = (client: {
    clientId: string;
    clientSecret: string;
    redirectUri?: string | undefined;
  }): GitLabOAuth =>
    createGitLabOAuth({
      ...transport,
      baseUrl: root,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: client.redirectUri,
    });
  const tokenOAuth = auth.type === 'oauth' ? oauthFor(auth) : undefined;
  const appOAuth = settings.oauthApp === undefined ? tokenOAuth : oauthFor(settings.oauthApp);

  // The header follows the configured token kind, never the token's shape.
  let bearer: RefreshingToken | undefined;
  let headers: HttpClientOptions['headers'];
  if (auth.type === 'private-token') {
    headers = { 'private-token': auth.token };
  } else {
    const refresher = tokenOAuth ?? oauthFor(auth);
    const token = createRefreshingToken({
      tokens: auth.tokens,
      refresh: (refreshToken) => refresher.refresh(refreshToken),
      provider: GITLAB_PROVIDER_ID,
      clock,
      refreshBeforeMs: auth.refreshBeforeMs,
      onRefresh: auth.onRefresh,
      exclusive: auth.exclusive,
    });
    bearer = token;
    headers = async () => ({ authorization: `Bearer ${await token.get()}` });
  }

  const http = createHttpClient({
    ...transport,
    baseUrl: `${root}/api/v4`,
    provider: GITLAB_PROVIDER_ID,
    // Every request of an operation carries the caller's AbortSignal (`withCallOptions`).
    followCallSignal: true,
    headers,
    clock,
    mapError: mapGitLabError,
  });

  // GitLab may expire or revoke a token before our clock says so (clock skew, a revoked grant):
  // `mapGitLabError` tells that (AUTH_EXPIRED) from a token it does not know. A private token
  // cannot be renewed: `send` is then the transport's own.
  const send = withCredentialRetry(http.request.bind(http), {
    refresh: bearer === undefined ? null : () => bearer.refreshNow(),
    isUnauthorized: (error) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
    currentCredential: () => bearer?.current().accessToken,
  });

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  async function fetchList<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ items: z.infer<S>[]; headers: Readonly<Record<string, string>> }> {
    const response = await send(request);
    const parsed = arrayOf(schema).safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return { items: parsed.data, headers: response.headers };
  }

  return {
    context,
    clock,
    root,
    oauth: appOAuth,
    send,
    call,
    fetchList,

    async offsetPage(schema, request, query, map) {
      const { items, headers } = await fetchList(schema, {
        ...request,
        query: { ...request.query, ...offsetParams(query) },
      });
      return {
        items: items.map((item) => map(item, context)),
        nextCursor: nextOffsetCursor(headers),
      };
    },

    async keysetPage(schema, request, query, param, map) {
      const { items, headers } = await fetchList(schema, {
        ...request,
        query: { ...request.query, ...keysetParams(query, param) },
      });
      return {
        items: items.map((item) => map(item, context)),
        nextCursor: nextKeysetCursor(headers, param, apiOrigin),
      };
    },

    async allPages(schema, request, maxPages) {
      const items: z.infer<typeof schema>[] = [];
      let page = 1;
      for (let count = 0; count < maxPages; count++) {
        const result = await fetchList(schema, {
          ...request,
          query: { ...request.query, per_page: 100, page },
        });
        items.push(...result.items);
        const next = nextOffsetCursor(result.headers);
        if (next === null) return { items, complete: true };
        page = pageOfCursor(next);
      }
      return { items, complete: false };
    },

    projectPath: (repo, rest = '') => `/projects/${formatRepoRef(repo)}${rest}`,
    repoName: (repo) => (repo.kind === 'path' ? repo.fullPath : repo.id),
    shaSegment: (sha) => shaSegment(sha, { provider: GITLAB_PROVIDER_ID }),
    numberSegment: (value) => numberSegment(value, { provider: GITLAB_PROVIDER_ID }),

    close: async () => {
      await http.close();
      await tokenOAuth?.close();
      if (appOAuth !== tokenOAuth) await appOAuth?.close();
    },
  };
}
