import { z } from 'zod';
import { ScmError, type ScmErrorOptions } from '../errors/scm-error.js';
import type { ScmErrorCode } from '../errors/error-codes.js';
import { redactText } from '../http/redact.js';
import type { OAuthTokens } from '../provider.js';

// RFC 6749 §5.1. Providers differ in the details: GitHub answers 200 with an `error` body and a
// comma-separated `scope`; GitLab and Bitbucket use spaces (Bitbucket calls it `scopes`); some send
// `expires_in` as a string.
/** A hundred years, in seconds: longer token lifetimes are read as none. */
const MAX_EXPIRES_IN_SECONDS = 100 * 365 * 24 * 3600;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z
    .union([
      z.number().nonnegative(),
      z
        .string()
        .regex(/^\d{1,10}$/)
        .transform(Number),
    ])
    .nullish(),
  scope: z.string().nullish(),
  scopes: z.string().nullish(),
});

// RFC 6749 §5.2 plus GitHub's own codes
// (https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors).
const ErrorResponseSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});

const ERROR_CODE_BY_OAUTH_ERROR: Readonly<Record<string, ScmErrorCode>> = {
  // The code or refresh token is expired, used or revoked: the user has to authorize again.
  invalid_grant: 'AUTH_EXPIRED',
  bad_verification_code: 'AUTH_EXPIRED',
  bad_refresh_token: 'AUTH_EXPIRED',
  // The client's own credentials are wrong: an operator fixes the configuration.
  invalid_client: 'INVALID_CREDENTIALS',
  unauthorized_client: 'INVALID_CREDENTIALS',
  incorrect_client_credentials: 'INVALID_CREDENTIALS',
  redirect_uri_mismatch: 'INVALID_REQUEST',
  invalid_request: 'INVALID_REQUEST',
  unsupported_grant_type: 'INVALID_REQUEST',
  invalid_scope: 'INSUFFICIENT_SCOPE',
  access_denied: 'AUTH_REQUIRED',
};

export interface ToOAuthTokensOptions {
  provider?: string | undefined;
  /** HTTP status of the token response, kept on the error. */
  status?: number | undefined;
  /**
   * What the request sent that must not reach an error (the client secret, the code, the refresh
   * token): a provider that echoes one in its `error_description` gets it replaced.
   */
  secrets?: readonly string[] | undefined;
}

function splitScopes(scope: string | null | undefined): string[] {
  if (!scope) return [];
  return scope.split(/[\s,]+/).filter((s) => s.length > 0);
}

/**
 * Turns an OAuth 2 token endpoint response into core `OAuthTokens`, or throws the canonical error
 * for an error response. Descriptions are the provider's, with `secrets` (and sensitive URL query
 * values) replaced as `redactText` does, so the request's code, secret and tokens do not reach the
 * message even when the provider echoes them.
 */
export function toOAuthTokens(
  body: unknown,
  nowMs: number,
  options: ToOAuthTokensOptions = {},
): OAuthTokens {
  const errorOptions: ScmErrorOptions = {
    provider: options.provider ?? null,
    source: 'provider',
    upstreamStatus: options.status ?? null,
  };
  const failure = ErrorResponseSchema.safeParse(body);
  if (failure.success) {
    const { error, error_description: description } = failure.data;
    const code = ERROR_CODE_BY_OAUTH_ERROR[error] ?? 'INVALID_CREDENTIALS';
    const detail = description ? `: ${redactText(description, options.secrets).slice(0, 200)}` : '';
    throw new ScmError(code, {
      ...errorOptions,
      message: `The provider refused the token request (${error.slice(0, 64)})${detail}`,
      details: { oauthError: error.slice(0, 64) },
    });
  }
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new ScmError('UPSTREAM_UNAVAILABLE', {
      ...errorOptions,
      message: 'The provider answered the token request with an unexpected response shape.',
    });
  const token = parsed.data;
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? null,
    // A lifetime past a century is read as none: a date that far is no date to store (a huge
    // `expires_in` made an Invalid Date that no database takes).
    expiresAt:
      token.expires_in == null || token.expires_in > MAX_EXPIRES_IN_SECONDS
        ? null
        : nowMs + token.expires_in * 1000,
    scopes: splitScopes(token.scope ?? token.scopes),
    tokenType: token.token_type ?? 'bearer',
  };
}
