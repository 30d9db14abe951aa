import { ScmError, type ScmErrorCode } from '@scm/core';
import type { ErrorRequestHandler, Response } from 'express';
import { requestContextOf } from '../../http/request-context.js';

/**
 * The OAuth endpoints that answer JSON (`/oauth/token`, `/oauth/revoke`, `/oauth/introspect`)
 * answer errors as RFC 6749 §5.2 wants them, so standard client libraries can read them; every
 * other route keeps the canonical body.
 */
export const OAUTH_JSON_ENDPOINTS: ReadonlySet<string> = new Set([
  '/oauth/token',
  '/oauth/revoke',
  '/oauth/introspect',
]);

/** RFC 6749 §5.2, RFC 7009 §2.2.1, plus `temporarily_unavailable` for a throttled client. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'temporarily_unavailable';

/** A canonical gateway error that also knows its OAuth `error` code. */
export class OAuthProtocolError extends ScmError {
  readonly oauthError: OAuthErrorCode;
  constructor(oauthError: OAuthErrorCode, code: ScmErrorCode, message: string) {
    super(code, { message, source: 'gateway' });
    this.oauthError = oauthError;
  }
}

const CANONICAL: Record<OAuthErrorCode, ScmErrorCode> = {
  invalid_request: 'INVALID_REQUEST',
  invalid_client: 'INVALID_CREDENTIALS',
  invalid_grant: 'INVALID_REQUEST',
  unauthorized_client: 'INVALID_CREDENTIALS',
  unsupported_grant_type: 'INVALID_REQUEST',
  invalid_scope: 'INSUFFICIENT_SCOPE',
  unsupported_token_type: 'INVALID_REQUEST',
  temporarily_unavailable: 'RATE_LIMITED',
};

/** Shorthand: an OAuth error with the canonical code it stands for elsewhere. */
export function oauthError(error: OAuthErrorCode, message: string): OAuthProtocolError {
  return new OAuthProtocolError(error, CANONICAL[error], message);
}

const BY_CANONICAL: Partial<Record<ScmErrorCode, OAuthErrorCode>> = {
  INVALID_CREDENTIALS: 'invalid_client',
  AUTH_REQUIRED: 'invalid_client',
  INSUFFICIENT_SCOPE: 'invalid_scope',
  APPROVAL_PENDING: 'invalid_grant',
  APPROVAL_REQUIRED: 'invalid_grant',
  AUTH_EXPIRED: 'invalid_grant',
  RATE_LIMITED: 'temporarily_unavailable',
};

/** The OAuth code for a canonical error raised by shared code (client authentication, throttles…). */
function oauthCodeOf(error: ScmError): OAuthErrorCode {
  if (error instanceof OAuthProtocolError) return error.oauthError;
  return BY_CANONICAL[error.code] ?? 'invalid_request';
}

function statusOf(oauth: OAuthErrorCode, error: ScmError): number {
  if (oauth === 'invalid_client') return 401;
  if (oauth === 'temporarily_unavailable') return 429;
  // Everything else is 400 (RFC 6749 §5.2), except a client error Express or the body parser
  // gave its own 4xx (413 for a body too large, say).
  return error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403
    ? error.status
    : 400;
}

/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash). */
function describe(message: string): string {
  return message.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, ' ').slice(0, 500);
}

/**
 * `{"error":"invalid_grant","error_description":"…"}` (plus `error_code` and `request_id`, the
 * canonical code and request id, as extension members), `Cache-Control: no-store`, and on 401
 * `WWW-Authenticate: Basic` (RFC 6749 §5.2: the client may authenticate with HTTP Basic).
 */
export function sendOAuthError(res: Response, error: ScmError): void {
  const oauth = oauthCodeOf(error);
  const status = statusOf(oauth, error);
  const context = requestContextOf(res);
  context.errorCode = error.code;
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
  if (status === 401) res.setHeader('www-authenticate', 'Basic realm="gitflare", charset="UTF-8"');
  if (error.retryAfterSeconds != null)
    res.setHeader('retry-after', String(error.retryAfterSeconds));
  res
    .status(status)
    .type('application/json')
    .send(
      JSON.stringify({
        error: oauth,
        error_description: describe(error.message),
        error_code: error.code,
        request_id: context.requestId,
        ...(error.retryAfterSeconds == null
          ? {}
          : { retry_after_seconds: error.retryAfterSeconds }),
      }),
    );
}

/**
 * Mounted just before the canonical error handler: a 4xx of a POST to an OAuth JSON endpoint
 * (including the body parser's and the throttle's, which run before the router) in the RFC 6749
 * form. `normalize` is the canonical handler's own mapping of foreign errors (body parser, zod,
 * URIError) to ScmError. 5xx go on to the canonical handler, which logs them.
 */
export function oauthErrorHandler(normalize: (error: unknown) => unknown): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (req.method !== 'POST' || !OAUTH_JSON_ENDPOINTS.has(req.path) || res.headersSent) {
      next(error);
      return;
    }
    const normalized = normalize(error);
    if (!ScmError.isInstance(normalized) || normalized.status >= 500) {
      next(error);
      return;
    }
    sendOAuthError(res, normalized);
  };
}
