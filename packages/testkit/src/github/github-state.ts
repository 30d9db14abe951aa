import { randomUUID } from 'node:crypto';
import type { Dataset, DatasetCheck } from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { SimulatedApp, SimulatedInstallation } from './github-apps.js';
import {
  credentialOf,
  jwtIssuer,
  verifyAppJwt,
  type GitHubAppIdentity,
  type IssuedToken,
} from './github-credentials.js';
import { etagOf, githubError, GHES_API_PREFIX } from './github-http.js';
import type { SimulatedHook } from './render/hooks.js';
import type { PkceChallenge } from '../server/pkce.js';

export type { SimulatedApp, SimulatedInstallation } from './github-apps.js';

/** Everything the simulated GitHub remembers between requests. */
export interface GitHubState {
  dataset: Dataset;
  now: () => number;
  /** The built-in app's identity (the first of `apps`). */
  app: GitHubAppIdentity;
  /** Every app: the built-in one first, then those registered from manifests. */
  apps: SimulatedApp[];
  /** The installations of every app (installation ids are global, as on GitHub). */
  installations: SimulatedInstallation[];
  tokens: Map<string, IssuedToken>;
  /** Refresh token → what a refresh grant issues. */
  refreshTokens: Map<string, { scopes: readonly string[]; clientId: string }>;
  /** OAuth authorization codes (single use, 10 minutes). */
  codes: Map<
    string,
    {
      clientId: string;
      redirectUri: string | null;
      scopes: string[];
      expiresAt: number;
      /** The PKCE challenge the authorization request carried, checked at the exchange. */
      pkce: PkceChallenge | null;
    }
  >;
  /** Manifest conversion codes (single use, one hour) → the app they hand out. */
  manifestCodes: Map<string, { appId: number; expiresAt: number }>;
  /** The login the browser routes act as (the simulated signed-in user). */
  signedInUser: string;
  hooks: Map<number, SimulatedHook>;
  statuses: { repo: number; check: DatasetCheck; targetUrl: string | null }[];
  labels: Map<string, string[]>;
  /** Requests left in the current window, per token and resource. */
  rateLimits: Map<string, { remaining: number; resetAt: number }>;
  limits: { core: number; search: number };
  /** Files per page of `GET /repos/:o/:r/commits/:ref` before GitHub paginates the list. */
  commitFilesPerPage: number;
  expiringUserTokens: boolean;
  /** Requests left to refuse with a secondary rate limit, and the `retry-after` to send, if any. */
  secondaryLimit: { remaining: number; retryAfterSeconds: number | null };
  nextId: () => number;
}

/** An authenticated caller of a REST route. */
export interface Caller {
  token: string;
  issued: IssuedToken;
}

export type ApiHandler = (
  request: SimulatorRequest,
  caller: Caller,
) => SimulatorResponse | Promise<SimulatorResponse>;

export interface ApiRouteOptions {
  /** Classic OAuth scopes of which the token needs one (`x-accepted-oauth-scopes`). */
  scopes?: readonly string[];
  /** The rate-limit bucket; `search` has its own, smaller one. */
  resource?: 'core' | 'search';
  /** Who may call it; default personal and OAuth tokens, and installation tokens. */
  callers?: readonly IssuedToken['kind'][];
}

const BAD_CREDENTIALS = 'https://docs.github.com/rest';
const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-the-primary-rate-limit';

/** Scopes that include others, as GitHub's classic OAuth scopes do. */
const IMPLIED: Readonly<Record<string, readonly string[]>> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key', 'read:public_key'],
  'write:public_key': ['read:public_key'],
  user: ['read:user', 'user:email', 'user:follow'],
};

function hasScope(granted: readonly string[], wanted: readonly string[]): boolean {
  const all = new Set(granted.flatMap((scope) => [scope, ...(IMPLIED[scope] ?? [])]));
  return wanted.some((scope) => all.has(scope));
}

function requestId(): string {
  return randomUUID()
    .replace(/-/g, '')
    .slice(0, 20)
    .toUpperCase()
    .replace(/(.{4})/g, '$1:')
    .slice(0, 24);
}

/**
 * Wraps a REST handler with what every GitHub API response has: token auth (`token X` or
 * `Bearer X`), classic scopes (`x-oauth-scopes`, `x-accepted-oauth-scopes`), the primary rate
 * limit (`x-ratelimit-*`, 403 when spent), request ids, and ETag / `If-None-Match` → 304, which
 * costs no rate limit.
 */
export function apiRoute(
  state: GitHubState,
  method: string,
  path: string,
  handler: ApiHandler,
  options: ApiRouteOptions = {},
): Route[] {
  const resource = options.resource ?? 'core';
  const wrapped: RouteHandler = async (request) => {
    const common: Record<string, string> = {
      'x-github-request-id': requestId(),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
    };
    const token = credentialOf(request.headers.authorization);
    const issued = token === undefined ? undefined : state.tokens.get(token);
    if (token === undefined || issued === undefined) {
      return githubError(
        401,
        token === undefined ? 'Requires authentication' : 'Bad credentials',
        BAD_CREDENTIALS,
        common,
      );
    }
    if (issued.expiresAt !== null && issued.expiresAt <= state.now()) {
      return githubError(401, 'Bad credentials', BAD_CREDENTIALS, common);
    }
    if (issued.kind === 'installation') {
      const installation = state.installations.find(
        (candidate) => candidate.id === issued.installationId,
      );
      // An uninstalled app's tokens stop working; a suspended installation is refused.
      if (installation === undefined)
        return githubError(401, 'Bad credentials', BAD_CREDENTIALS, common);
      if (installation.suspendedAt !== null)
        return githubError(403, 'This installation has been suspended', BAD_CREDENTIALS, common);
    }
    if (!(options.callers ?? ['personal', 'oauth', 'installation']).includes(issued.kind)) {
      return githubError(
        403,
        issued.kind === 'installation'
          ? 'Resource not accessible by integration'
          : 'You must authenticate with an installation access token in order to access this endpoint.',
        'https://docs.github.com/rest',
        common,
      );
    }
    if (issued.kind !== 'installation') {
      common['x-oauth-scopes'] = issued.scopes.join(', ');
      common['x-accepted-oauth-scopes'] = (options.scopes ?? []).join(', ');
    }
    const limit = state.limits[resource];
    const nowSeconds = Math.floor(state.now() / 1000);
    const key = `${token}:${resource}`;
    let bucket = state.rateLimits.get(key);
    if (bucket === undefined || bucket.resetAt <= nowSeconds) {
      bucket = { remaining: limit, resetAt: nowSeconds + (resource === 'search' ? 60 : 3600) };
      state.rateLimits.set(key, bucket);
    }
    const rateHeaders = (): Record<string, string> => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(bucket.remaining),
      'x-ratelimit-reset': String(bucket.resetAt),
      'x-ratelimit-used': String(limit - bucket.remaining),
      'x-ratelimit-resource': resource,
    });
    if (state.secondaryLimit.remaining > 0) {
      state.secondaryLimit.remaining -= 1;
      const { retryAfterSeconds } = state.secondaryLimit;
      return githubError(
        403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        SECONDARY_LIMIT_DOCS,
        {
          ...common,
          ...rateHeaders(),
          ...(retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) }),
        },
      );
    }
    if (bucket.remaining <= 0) {
      return githubError(
        403,
        `API rate limit exceeded for user ID ${state.dataset.viewer.id}.`,
        RATE_LIMIT_DOCS,
        {
          ...common,
          ...rateHeaders(),
        },
      );
    }
    if (
      options.scopes !== undefined &&
      issued.kind !== 'installation' &&
      !hasScope(issued.scopes, options.scopes)
    ) {
      bucket.remaining -= 1;
      return githubError(
        options.scopes.some((scope) => scope.startsWith('repo') || scope === 'public_repo')
          ? 404
          : 403,
        options.scopes.some((scope) => scope.startsWith('repo') || scope === 'public_repo')
          ? 'Not Found'
          : `You need at least one of these scopes: ${options.scopes.join(', ')}`,
        'https://docs.github.com/rest',
        { ...common, ...rateHeaders() },
      );
    }
    const response = await handler(request, { token, issued });
    const ok = (response.status ?? 200) === 200 && method === 'GET';
    // JSON answers get an ETag of their body; a raw answer (file content) brings its own (the
    // blob sha), and GitHub honours If-None-Match on both (docs.github.com/rest: conditional requests).
    const etag = !ok
      ? undefined
      : response.json !== undefined
        ? etagOf(response.json)
        : response.headers?.etag;
    if (etag !== undefined && request.headers['if-none-match'] === etag) {
      return { status: 304, headers: { ...common, ...rateHeaders(), etag } };
    }
    bucket.remaining -= 1;
    return {
      ...response,
      headers: {
        ...common,
        ...rateHeaders(),
        ...(etag === undefined
          ? {}
          : { etag, 'cache-control': 'private, max-age=60, s-maxage=60' }),
        ...response.headers,
      },
    };
  };
  // GitHub.com serves the API on its own host; GHES under /api/v3 on the web host.
  return [
    { method, path, handler: wrapped },
    { method, path: `${GHES_API_PREFIX}${path}`, handler: wrapped },
  ];
}

/**
 * A route that authenticates as an app, with its JWT: the app the `iss` claim names (by id or
 * client id), verified with that app's own key.
 */
export function appRoute(
  state: GitHubState,
  method: string,
  path: string,
  handler: (request: SimulatorRequest, app: SimulatedApp) => SimulatorResponse,
): Route[] {
  const wrapped: RouteHandler = (request) => {
    const jwt = credentialOf(request.headers.authorization);
    if (jwt === undefined) return githubError(401, 'Requires authentication');
    if (state.tokens.has(jwt))
      return githubError(
        401,
        'A JSON web token could not be decoded',
        'https://docs.github.com/rest',
      );
    const iss = jwtIssuer(jwt);
    const app =
      state.apps.find(
        (candidate) =>
          String(candidate.identity.id) === String(iss) || candidate.identity.clientId === iss,
      ) ?? state.apps[0];
    if (app === undefined) return githubError(401, 'A JSON web token could not be decoded');
    const check = verifyAppJwt(jwt, app.identity, state.now());
    if (!check.ok) return githubError(401, check.message);
    return handler(request, app);
  };
  return [
    { method, path, handler: wrapped },
    { method, path: `${GHES_API_PREFIX}${path}`, handler: wrapped },
  ];
}
