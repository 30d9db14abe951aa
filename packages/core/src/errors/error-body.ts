import { ScmError } from './scm-error.js';

/** The canonical JSON error body (`{ "error": { … } }`) every gateway route returns. */
export interface ErrorBody {
  error: {
    code: ScmError['code'];
    message: string;
    source: string;
    provider: string | null;
    retryable: boolean;
    user_action_required: boolean;
    suggested_action: string | null;
    upstream_status: number | null;
    request_id: string | null;
    provider_request_id: string | null;
    retry_after_seconds: number | null;
  };
}

export interface ErrorBodyOptions {
  requestId?: string | null;
  /**
   * The `source` label for errors raised by the service itself (the seed contract uses its product
   * name). Given, it also stands for `client` errors: in a service, a library raising one on its
   * caller's side (a bad or expired cursor, a call the service aborted) is the service's own.
   */
  serviceName?: string;
}

/**
 * Turns any thrown value into the canonical body. Anything that is not an `ScmError` becomes
 * INTERNAL_ERROR with a generic message: an unexpected error's text may hold internals.
 */
export function toErrorBody(error: unknown, options: ErrorBodyOptions = {}): ErrorBody {
  const scmError = ScmError.isInstance(error)
    ? error
    : new ScmError('INTERNAL_ERROR', { cause: error });
  return {
    error: {
      code: scmError.code,
      message: scmError.message,
      source:
        scmError.source === 'provider' ? 'provider' : (options.serviceName ?? scmError.source),
      provider: scmError.provider,
      retryable: scmError.retryable,
      user_action_required: scmError.userActionRequired,
      suggested_action: scmError.suggestedAction,
      upstream_status: scmError.upstreamStatus,
      request_id: options.requestId ?? null,
      provider_request_id: scmError.providerRequestId,
      retry_after_seconds: scmError.retryAfterSeconds,
    },
  };
}

/** The HTTP status to send with `toErrorBody(error)`. */
export function errorStatus(error: unknown): number {
  return ScmError.isInstance(error) ? error.status : 500;
}
