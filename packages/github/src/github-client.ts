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
  type ProviderOAuth,
  type RateLimitInfo,
  type RepoRef,
  createMemo,
  MEMO_MAX,
  MEMO_TTL_MS,
  arrayOf,
} from '@scm/core';
import { z } from 'zod';
import { createGitHubAppAuth } from './github-app-auth.js';
import { createGitHubErrorMapper, invalidInput, unexpectedShape } from './github-errors.js';
import { createGitHubOAuth } from './github-oauth.js';
import { nextPage } from './github-pagination.js';
import { WireRepositorySchema } from './github-schemas.js';
import {
  deriveWebUrl,
  GITHUB_API_VERSION,
  GITHUB_DEFAULT_BASE_URL,
  type GitHubAuth,
  type GitHubProviderSettings,
} from './github-settings.js';
import { GITHUB_PROVIDER_ID, type MapContext } from './map-common.js';

const GraphQLAnswerSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(z.object({ type: z.string().optional(), message: z.string().optional() }))
    .optional(),
});

/** A GitHub repository or webhook id: digits, no leading zero. */
export const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

const DEFAULT_USER_AGENT = 'scm-gateway-github';

/** What every `ops/*.ts` file builds on: one authenticated transport and the adapter's helpers. */
export interface GitHubClient {
  readonly context: MapContext;
  readonly clock: Clock;
  /** The kind of credential: an installation has no user, so some listings differ. */
  readonly authType: GitHubAuth['type'];
  /** `https://github.com`, or the GHES host root: where web links and OAuth pages live. */
  readonly webUrl: string;
  /** The OAuth web-flow helpers, for `oauth` auth. */
  readonly oauth: (ProviderOAuth & { close(): Promise<void> }) | undefined;
  /**
   * One request. A credential GitHub refused early (`AUTH_EXPIRED`: a revoked installation token,
   * a user token rotated elsewhere) is renewed once, shared by every request it failed, and the
   * request sent again; one redirect within the API (a moved repository) is followed.
   */
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** One request whose body must fit `schema` (parsed at the edge; otherwise UPSTREAM_UNAVAILABLE). */
  call<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ body: z.infer<S>; headers: Readonly<Record<string, string>> }>;
  /** One page of a Link-paginated GitHub list, each item mapped. */
  listPage<W, T>(
    itemSchema: z.ZodType<W>,
    request: HttpRequest,
    map: (wire: W, context: MapContext) => T,
  ): Promise<Page<T>>;
  /** `/repos/:owner/:name<rest>`, or `/repositories/:id<rest>` for a repository given by id. */
  repoPath(repo: RepoRef, rest?: string): string;
  /** The repository's name as the caller gave it: its full path, or its id. */
  repoName(repo: RepoRef): string;
  /** A commit sha as a path segment (7–64 hex characters), else INVALID_REQUEST. */
  shaSegment(sha: string): string;
  /** A pull request or issue number as a path segment (a safe integer ≥ 1), else INVALID_REQUEST. */
  numberSegment(value: number): string;
  /**
   * A branch, tag or sha as one path segment: `/` in a branch name is percent-encoded, as
   * octokit's URL templates do, and GitHub decodes it.
   */
  refSegment(ref: string): string;
  /**
   * Runs a repository sub-resource operation. GitHub answers a missing repository and a missing
   * item inside it with the same 404: when the item is not found, one look at the repository
   * tells them apart.
   */
  inRepo<T>(repo: RepoRef, operation: () => Promise<T>): Promise<T>;
  /**
   * The repository's default branch: one request, then reused for a minute (this adapter's
   * credential only), so a listing's pages cost one request each.
   */
  defaultBranch(repo: RepoRef): Promise<string>;
  /**
   * One GraphQL query (`POST /graphql`; `/api/graphql` on GHES): its `data`, which must fit
   * `schema`. GraphQL answers errors with a 200 and an `errors` list: a NOT_FOUND error is
   * RESOURCE_NOT_FOUND, any other UPSTREAM_UNAVAILABLE.
   */
  graphql<S extends z.ZodType>(
    schema: S,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<z.infer<S>>;
  /** `x-ratelimit-*` of the latest response, or null before the first one. */
  rateLimit(): RateLimitInfo | null;
  close(): Promise<void>;
}

interface Credential {
  /** The `authorization` header value for the next request. */
  header: () => Promise<string>;
  /** Renews a credential GitHub refused; null when nothing can be renewed. */
  renew: (() => Promise<void>) | null;
  close: () => Promise<void>;
}

/** GitHub's credentials, transport and request helpers, for GitHub.com or GitHub Enterprise Server. */
export function createGitHubClient(settings: GitHubProviderSettings): GitHubClient {
  const clock = settings.clock ?? systemClock;
  const baseUrl = (settings.baseUrl ?? GITHUB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const webUrl = (settings.webUrl ?? deriveWebUrl(baseUrl)).replace(/\/+$/, '');
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };
  const { auth } = settings;
  const transport = transportOptions(settings);

  const oauth =
    auth.type === 'oauth'
      ? createGitHubOAuth({
          ...transport,
          clientId: auth.clientId,
          clientSecret: auth.clientSecret,
          baseUrl,
          webBaseUrl: webUrl,
        })
      : undefined;

  const credential = ((): Credential => {
    switch (auth.type) {
      case 'token': {
        const header = `Bearer ${auth.token}`;
        return {
          header: () => Promise.resolve(header),
          renew: null,
          close: () => Promise.resolve(),
        };
      }
      case 'oauth': {
        const refreshing = createRefreshingToken({
          tokens: auth.tokens,
          provider: GITHUB_PROVIDER_ID,
          clock,
          refresh: (refreshToken) => (oauth as NonNullable<typeof oauth>).refresh(refreshToken),
          onRefresh: auth.onRefresh,
          exclusive: auth.exclusive,
        });
        return {
          header: async () => `Bearer ${await refreshing.get()}`,
          // A token GitHub refused before its recorded expiry can still be refreshed once.
          renew:
            auth.tokens.refreshToken === null
              ? null
              : async () => {
                  await refreshing.refreshNow();
                },
          close: () => Promise.resolve(),
        };
      }
      case 'app': {
        const { installationId, owner } = auth;
        if (installationId === undefined && owner === undefined)
          throw invalidInput('GitHub App auth needs an installationId or an owner');
        const appAuth = createGitHubAppAuth({
          ...transport,
          appId: auth.appId,
          privateKey: auth.privateKey,
          baseUrl,
        });
        const target =
          installationId === undefined ? { owner: owner as string } : { installationId };
        return {
          header: async () => `Bearer ${await appAuth.tokenFor(target)}`,
          renew: async () => {
            appAuth.invalidate(
              installationId ?? (await appAuth.installationIdForOwner(owner as string)),
            );
          },
          close: () => appAuth.close(),
        };
      }
    }
  })();

  const httpOptions = {
    ...transport,
    userAgent: settings.userAgent ?? DEFAULT_USER_AGENT,
    baseUrl,
    provider: GITHUB_PROVIDER_ID,
    clock,
    // Every request of an operation carries the caller's AbortSignal (`withCallOptions`).
    followCallSignal: true,
    headers: async () => ({
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
      authorization: await credential.header(),
    }),
    mapError: createGitHubErrorMapper(auth.type),
  };
  const http = createHttpClient(httpOptions);
  // GraphQL lives at `/graphql` next to the REST root on GitHub.com, at `/api/graphql` on GHES
  // (whose REST root is `/api/v3`). https://docs.github.com/graphql/guides/forming-calls-with-graphql
  const graphqlHttp = /\/api\/v3$/.test(baseUrl)
    ? createHttpClient({ ...httpOptions, baseUrl: baseUrl.replace(/\/v3$/, '') })
    : http;

  // An expiring credential refused early (revoked installation token, user token rotated
  // elsewhere): renewed once, shared by every request it failed, and the request tried again.
  const retryOptions = {
    refresh: credential.renew,
    // `createGitHubErrorMapper` reads a 401 as AUTH_EXPIRED only for a credential with a lifetime.
    isUnauthorized: (error: unknown) => ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED',
  };
  const request = withCredentialRetry(http.request.bind(http), retryOptions);
  const graphqlRequest = withCredentialRetry(graphqlHttp.request.bind(graphqlHttp), retryOptions);

  let lastRateLimit: RateLimitInfo | null = null;

  async function sendOnce<T>(input: HttpRequest): Promise<HttpResponse<T>> {
    const response = await request<T>(input);
    if (response.rateLimit !== null) lastRateLimit = response.rateLimit;
    return response;
  }

  /**
   * Sends a request, following one redirect within the API: GitHub moves a renamed or transferred
   * repository with a 301 (307 for writes) to `/repositories/:id`, repeated verbatim.
   * https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#moved-repositories
   */
  async function send<T>(input: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await sendOnce<T>(input);
    } catch (error) {
      const location = ScmError.isInstance(error) ? error.details?.location : undefined;
      if (typeof location !== 'string') throw error;
      const path = redirectWithinApi(location, baseUrl);
      if (path === null) throw error;
      // The location carries the query when it has one; otherwise the request's own is kept.
      const { query, ...rest } = input;
      return sendOnce<T>(
        path.includes('?') || query === undefined ? { ...rest, path } : { ...rest, path, query },
      );
    }
  }

  async function call<S extends z.ZodType>(
    schema: S,
    input: HttpRequest,
  ): Promise<{ body: z.infer<S>; headers: Readonly<Record<string, string>> }> {
    const response = await send(input);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(input.path);
    return { body: parsed.data, headers: response.headers };
  }

  function repoPath(repo: RepoRef, rest = ''): string {
    if (repo.kind === 'id') {
      if (!NUMERIC_ID.test(repo.id)) throw invalidInput('A GitHub repository id is numeric');
      // GitHub serves every repository route under /repositories/:id as well.
      return `/repositories/${repo.id}${rest}`;
    }
    if (repo.owner.includes('/')) throw invalidInput('A GitHub repository is named owner/name');
    return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}${rest}`;
  }

  const defaultBranches = createMemo<string>({ clock, ttlMs: MEMO_TTL_MS, max: MEMO_MAX });

  return {
    context,
    clock,
    authType: auth.type,
    webUrl,
    oauth,
    send,
    call,
    async listPage(itemSchema, input, map) {
      const { body, headers } = await call(arrayOf(itemSchema), input);
      return { items: body.map((wire) => map(wire, context)), nextCursor: nextPage(headers) };
    },
    repoPath,
    repoName: (repo) => (repo.kind === 'path' ? repo.fullPath : repo.id),
    shaSegment: (sha) => shaSegment(sha, { provider: GITHUB_PROVIDER_ID }),
    numberSegment: (value) => numberSegment(value, { provider: GITHUB_PROVIDER_ID, min: 1 }),
    refSegment(ref) {
      if (ref === '' || ref.length > 255 || ref.includes('..'))
        throw invalidInput('ref is not a valid git ref');
      return encodeURIComponent(ref);
    },
    async inRepo(repo, operation) {
      try {
        return await operation();
      } catch (error) {
        if (!ScmError.isInstance(error) || error.code !== 'RESOURCE_NOT_FOUND') throw error;
        await send({ path: repoPath(repo) });
        throw error;
      }
    },
    async defaultBranch(repo) {
      const path = repoPath(repo);
      return defaultBranches.get(path, async () => {
        const { body } = await call(WireRepositorySchema, { path });
        if (body.default_branch === undefined) throw unexpectedShape(path);
        return body.default_branch;
      });
    },
    async graphql(schema, query, variables) {
      const response = await graphqlRequest({
        method: 'POST',
        path: '/graphql',
        body: { query, variables },
        idempotent: true,
      });
      if (response.rateLimit !== null) lastRateLimit = response.rateLimit;
      const parsed = GraphQLAnswerSchema.safeParse(response.body);
      if (!parsed.success) throw unexpectedShape('/graphql');
      const { data, errors } = parsed.data;
      if (errors !== undefined && errors.length > 0) {
        if (errors.some((error) => error.type === 'NOT_FOUND'))
          throw new ScmError('RESOURCE_NOT_FOUND', {
            provider: GITHUB_PROVIDER_ID,
            upstreamStatus: 200,
            message: 'GitHub GraphQL: not found.',
          });
        throw unexpectedShape('/graphql');
      }
      const fitted = schema.safeParse(data);
      if (!fitted.success) throw unexpectedShape('/graphql');
      return fitted.data;
    },
    rateLimit: () => lastRateLimit,
    close: async () => {
      if (graphqlHttp !== http) await graphqlHttp.close();
      await http.close();
      await oauth?.close();
      await credential.close();
    },
  };
}
