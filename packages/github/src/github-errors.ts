import {
  defaultErrorCode,
  REDIRECT_STATUSES,
  ScmError,
  type HttpErrorContext,
  type Operation,
  type ScmErrorCode,
} from '@scm/core';
import { WireErrorSchema } from './github-schemas.js';
import type { GitHubAuth } from './github-settings.js';
import { GITHUB_PROVIDER_ID } from './map-common.js';

// `/repos/:owner/:repo` or `/repositories/:id`, after any base path (`/api/v3` on GHES).
const REPOSITORY_PATH = /\/(?:repos\/[^/?]+\/[^/?]+|repositories\/\d+)$/;

// A commit (and what hangs off it: check runs, statuses) of a repository.
const COMMIT_PATH = /\/(?:repos\/[^/?]+\/[^/?]+|repositories\/\d+)\/commits\/[^/?]+(?:\/[a-z-]+)?$/;

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = headers[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function scopes(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

/**
 * GitHub's rate limits: the primary limit answers 403 (or 429) with `x-ratelimit-remaining: 0`;
 * secondary limits answer 403 or 429 with `retry-after`, or only with a body whose
 * `documentation_url` points at the secondary-rate-limit docs.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
function isRateLimited(context: HttpErrorContext, documentationUrl: string | undefined): boolean {
  if (context.status === 429) return true;
  if (context.status !== 403) return false;
  return (
    header(context.headers, 'x-ratelimit-remaining') === '0' ||
    header(context.headers, 'retry-after') !== undefined ||
    (documentationUrl?.includes('rate-limit') ?? false)
  );
}

/** Secondary limits without `retry-after`: GitHub asks for at least a minute's wait. */
const SECONDARY_LIMIT_WAIT_SECONDS = 60;

/**
 * The provider's error mapping, by status and headers (never by message text):
 *
 * - 401: `AUTH_EXPIRED` when the credential had a lifetime (an OAuth user token, a GitHub App
 *   installation token): renewing or re-authorizing fixes it. `INVALID_CREDENTIALS` for a
 *   personal access token: an operator has to replace it. GitHub answers both with the same
 *   "Bad credentials", so the credential kind decides.
 * - 403 / 429 rate limits → `RATE_LIMITED`, with `retry_after_seconds` from `retry-after`, the
 *   reset time, or 60 s for a secondary limit that gave neither.
 * - 403 whose `x-accepted-oauth-scopes` names scopes `x-oauth-scopes` lacks → `INSUFFICIENT_SCOPE`
 *   naming them; 403 with `x-github-sso` (SAML SSO not authorized) → `AUTH_REQUIRED`.
 * - 404 on the repository itself (`/repos/:o/:r`, `/repositories/:id`) → `REPOSITORY_NOT_FOUND`;
 *   any other 404 → `RESOURCE_NOT_FOUND` (the provider checks the repository to tell them apart).
 * - 422 on a GET of `/commits/:ref…` ("No commit found for SHA") → `RESOURCE_NOT_FOUND`.
 * - 3xx → an error carrying `location`, which the provider follows within the API (moved repositories).
 * - 5xx → `UPSTREAM_UNAVAILABLE`; the rest as core's default.
 */
export function createGitHubErrorMapper(
  authKind: GitHubAuth['type'],
): (context: HttpErrorContext) => ScmError | undefined {
  return (context) => {
    const body = WireErrorSchema.safeParse(context.body);
    const documentationUrl = body.success ? body.data.documentation_url : undefined;
    const options = {
      provider: GITHUB_PROVIDER_ID,
      upstreamStatus: context.status,
      source: 'provider' as const,
      details: { method: context.method, path: context.path },
    };
    const make = (
      code: ScmErrorCode,
      extra: { retryAfterSeconds?: number | null } = {},
    ): ScmError => new ScmError(code, { ...options, ...extra });

    if (isRateLimited(context, documentationUrl)) {
      const retryAfterSeconds =
        context.retryAfterSeconds ??
        (header(context.headers, 'x-ratelimit-remaining') === '0'
          ? null
          : SECONDARY_LIMIT_WAIT_SECONDS);
      return make('RATE_LIMITED', { retryAfterSeconds });
    }
    // A renamed or transferred repository answers 301 (307 for writes) with its new location.
    // https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#moved-repositories
    if (REDIRECT_STATUSES.has(context.status)) {
      return new ScmError('UPSTREAM_UNAVAILABLE', {
        ...options,
        message: 'GitHub answered with a redirect the adapter did not follow.',
        details: { ...options.details, location: header(context.headers, 'location') ?? null },
      });
    }
    switch (context.status) {
      case 401:
        return make(authKind === 'token' ? 'INVALID_CREDENTIALS' : 'AUTH_EXPIRED');
      case 403: {
        // SAML single sign-on: the token is fine but not yet authorized for this organization.
        // https://docs.github.com/rest/authentication/authenticating-to-the-rest-api#authenticating-with-saml-single-sign-on
        if (header(context.headers, 'x-github-sso') !== undefined)
          return new ScmError('AUTH_REQUIRED', {
            ...options,
            message: 'The token must be authorized for the organization’s SAML single sign-on.',
          });
        const accepted = scopes(header(context.headers, 'x-accepted-oauth-scopes'));
        const granted = new Set(scopes(header(context.headers, 'x-oauth-scopes')));
        if (accepted.length > 0 && !accepted.some((scope) => granted.has(scope)))
          return new ScmError('INSUFFICIENT_SCOPE', {
            ...options,
            message: `The token needs one of these scopes: ${accepted.join(', ').slice(0, 200)}.`,
          });
        return make(defaultErrorCode(context.status, context.headers));
      }
      case 404: {
        const path = context.path.split('?', 1)[0] ?? '';
        return make(REPOSITORY_PATH.test(path) ? 'REPOSITORY_NOT_FOUND' : 'RESOURCE_NOT_FOUND');
      }
      case 422: {
        // GitHub answers a commit that does not exist with 422 "No commit found for SHA" on
        // reads of `/commits/:ref…`; for a read, nothing was invalid but the reference.
        const path = context.path.split('?', 1)[0] ?? '';
        if (context.method === 'GET' && COMMIT_PATH.test(path)) return make('RESOURCE_NOT_FOUND');
        return undefined;
      }
      default:
        return undefined;
    }
  };
}

/** For an operation GitHub cannot serve; listed as unsupported in `capabilities`. */
export function unsupported(operation: Operation): ScmError {
  return new ScmError('UNSUPPORTED_ENDPOINT', {
    provider: GITHUB_PROVIDER_ID,
    details: { operation },
  });
}

/** A 2xx body that is not the shape GitHub documents. */
export function unexpectedShape(path: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: GITHUB_PROVIDER_ID,
    source: 'provider',
    message: 'GitHub answered with an unexpected response shape.',
    details: { path },
  });
}

export function invalidInput(message: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: GITHUB_PROVIDER_ID,
    source: 'client',
    message,
  });
}
