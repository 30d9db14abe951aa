import { ScmError } from '../errors/scm-error.js';
import type { ScmErrorCode } from '../errors/error-codes.js';
import { redactText } from './redact.js';
import { errorCode, isRateLimitResponse } from './retry.js';
import type { HttpErrorContext } from './types.js';

// GitHub: x-github-request-id; GitLab: x-request-id; Bitbucket: x-request-id / x-b3-traceid.
const REQUEST_ID_HEADERS = [
  'x-github-request-id',
  'x-request-id',
  'x-request-uuid',
  'x-b3-traceid',
  'x-amzn-requestid',
];

/** The provider's own id for the request, for support tickets and log correlation. */
export function providerRequestId(headers: Readonly<Record<string, string>>): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name]?.trim();
    if (value) return value.slice(0, 200);
  }
  return null;
}

/** The canonical code for a non-2xx status when the provider has no better mapping. */
export function defaultErrorCode(
  status: number,
  headers: Readonly<Record<string, string>>,
): ScmErrorCode {
  switch (status) {
    case 400:
    case 409:
    case 422:
      return 'INVALID_REQUEST';
    case 401:
      return 'INVALID_CREDENTIALS';
    case 403:
      return isRateLimitResponse(status, headers) ? 'RATE_LIMITED' : 'INSUFFICIENT_SCOPE';
    case 404:
    case 410:
      return 'RESOURCE_NOT_FOUND';
    case 429:
      return 'RATE_LIMITED';
    case 501:
      return 'UNSUPPORTED_ENDPOINT';
    default:
      if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
      return 'INVALID_REQUEST';
  }
}

export interface MapHttpErrorOptions {
  provider: string;
  mapError?: ((context: HttpErrorContext) => ScmError | undefined) | undefined;
  /** Credential values to scrub from whatever message a provider mapping builds. */
  secrets?: readonly string[];
}

/** Turns a non-2xx response into an ScmError: the provider's mapping first, then the default. */
export function mapHttpError(context: HttpErrorContext, options: MapHttpErrorOptions): ScmError {
  const fill = {
    provider: options.provider,
    upstreamStatus: context.status,
    providerRequestId: providerRequestId(context.headers),
    retryAfterSeconds: context.retryAfterSeconds,
  };
  const mapped = options.mapError?.(context);
  if (mapped !== undefined) return completeError(mapped, fill, options.secrets ?? []);
  return new ScmError(defaultErrorCode(context.status, context.headers), {
    ...fill,
    source: 'provider',
    details: { method: context.method, path: context.path },
  });
}

interface ErrorFill {
  provider: string;
  upstreamStatus: number | null;
  providerRequestId: string | null;
  retryAfterSeconds: number | null;
}

/**
 * Fills what a provider mapping left out and scrubs its message. ScmError is immutable, so this
 * builds a new one when anything changes.
 */
export function completeError(
  error: ScmError,
  fill: ErrorFill,
  secrets: readonly string[],
): ScmError {
  const message = redactText(error.message, secrets);
  const complete =
    message === error.message &&
    error.provider !== null &&
    (error.upstreamStatus !== null || fill.upstreamStatus === null) &&
    (error.providerRequestId !== null || fill.providerRequestId === null) &&
    (error.retryAfterSeconds !== null || fill.retryAfterSeconds === null);
  if (complete) return error;
  return new ScmError(error.code, {
    message,
    provider: error.provider ?? fill.provider,
    source: error.source,
    upstreamStatus: error.upstreamStatus ?? fill.upstreamStatus,
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds ?? fill.retryAfterSeconds,
    providerRequestId: error.providerRequestId ?? fill.providerRequestId,
    userActionRequired: error.userActionRequired,
    suggestedAction: error.suggestedAction,
    cause: error.cause === undefined ? undefined : sanitizeCause(error.cause, secrets),
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}

/** An error safe to keep as `cause`: same name and code, message scrubbed, no stack of URLs. */
export function sanitizeCause(cause: unknown, secrets: readonly string[]): Error {
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const sanitized = new Error(redactText(source.message, secrets));
  sanitized.name = source.name;
  const code = errorCode(source);
  if (code !== undefined) Object.assign(sanitized, { code });
  return sanitized;
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

export interface MapNetworkErrorOptions {
  provider: string;
  secrets?: readonly string[];
  method: string;
  /** Already redacted. */
  path: string;
}

/** Turns a transport failure (no usable response) into UPSTREAM_TIMEOUT / UPSTREAM_UNAVAILABLE. */
export function mapNetworkError(error: unknown, options: MapNetworkErrorOptions): ScmError {
  const code = errorCode(error);
  const details = {
    method: options.method,
    path: options.path,
    ...(code === undefined ? {} : { networkCode: code }),
  };
  const cause = sanitizeCause(error, options.secrets ?? []);
  if (code === 'UND_ERR_INVALID_ARG') {
    return new ScmError('INVALID_REQUEST', {
      provider: options.provider,
      source: 'client',
      cause,
      details,
    });
  }
  const scmCode: ScmErrorCode =
    code !== undefined && TIMEOUT_CODES.has(code) ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE';
  return new ScmError(scmCode, { provider: options.provider, source: 'provider', cause, details });
}
