import { errorCodeValues, type components } from './generated/openapi.js';

/** The gateway's canonical error codes, from its OpenAPI document. */
export type ScmErrorCode = components['schemas']['ErrorCode'];
/** The canonical error body every gateway route answers on failure. */
export type ErrorBody = components['schemas']['ErrorBody'];

// A Symbol.for marker keeps `isInstance` true across two copies of this package (as @scm/core's
// ScmError does), where `instanceof` is not.
const marker = Symbol.for('@scm/client/ScmApiError');

/** When the body is not the canonical one (an RFC 6749 body of /oauth/token, a proxy's page). */
const CODE_BY_STATUS: Readonly<Record<number, ScmErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'INSUFFICIENT_SCOPE',
  404: 'RESOURCE_NOT_FOUND',
  410: 'CURSOR_EXPIRED',
  422: 'INVALID_REQUEST',
  429: 'RATE_LIMITED',
  501: 'UNSUPPORTED_ENDPOINT',
  503: 'UPSTREAM_UNAVAILABLE',
  504: 'UPSTREAM_TIMEOUT',
};

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/**
 * The RFC 6749 §5.2 body of the OAuth endpoints (`/oauth/token`, `/oauth/revoke`,
 * `/oauth/introspect`): `error` is the OAuth code; `error_code` the canonical one.
 */
export type OAuthErrorBody = components['schemas']['OAuthError'];

function isOAuthErrorBody(value: unknown): value is OAuthErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof value.error === 'string' &&
    'error_description' in value &&
    typeof value.error_description === 'string'
  );
}

/** Every canonical error code, from the gateway's OpenAPI document. */
export const SCM_ERROR_CODES: readonly ScmErrorCode[] = errorCodeValues;

function isScmErrorCode(value: unknown): value is ScmErrorCode {
  return typeof value === 'string' && (SCM_ERROR_CODES as readonly string[]).includes(value);
}

/** An error answer of the gateway, with the fields of its canonical body. */
export class ScmApiError extends Error {
  readonly [marker] = true;
  override readonly name = 'ScmApiError';
  readonly code: ScmErrorCode;
  /** The HTTP status of the answer. */
  readonly status: number;
  readonly source: string | null;
  readonly provider: string | null;
  readonly retryable: boolean;
  readonly userActionRequired: boolean;
  readonly suggestedAction: string | null;
  readonly upstreamStatus: number | null;
  /** The gateway's `x-request-id`: quote it when reporting a problem. */
  readonly requestId: string | null;
  readonly providerRequestId: string | null;
  readonly retryAfterSeconds: number | null;
  /** The body as received (the canonical body, or whatever else the server sent). */
  readonly body: unknown;

  constructor(status: number, body: unknown, requestId: string | null = null) {
    const canonical = isErrorBody(body) ? body.error : null;
    const oauth = canonical === null && isOAuthErrorBody(body) ? body : null;
    super(canonical?.message ?? oauth?.error_description ?? `The gateway answered ${status}.`);
    this.status = status;
    this.body = body;
    this.code =
      canonical?.code ??
      (isScmErrorCode(oauth?.error_code) ? oauth.error_code : undefined) ??
      CODE_BY_STATUS[status] ??
      'INTERNAL_ERROR';
    this.source = canonical?.source ?? null;
    this.provider = canonical?.provider ?? null;
    this.retryable = canonical?.retryable ?? (status === 429 || status >= 500);
    this.userActionRequired = canonical?.user_action_required ?? false;
    this.suggestedAction = canonical?.suggested_action ?? null;
    this.upstreamStatus = canonical?.upstream_status ?? null;
    this.requestId = canonical?.request_id ?? oauth?.request_id ?? requestId;
    this.providerRequestId = canonical?.provider_request_id ?? null;
    this.retryAfterSeconds = canonical?.retry_after_seconds ?? oauth?.retry_after_seconds ?? null;
  }

  /** The error of a response that is not ok (its body read as JSON when it is JSON). */
  static async fromResponse(response: Response): Promise<ScmApiError> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // not JSON: keep the text
    }
    return new ScmApiError(response.status, body, response.headers.get('x-request-id'));
  }

  static isInstance(value: unknown): value is ScmApiError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
