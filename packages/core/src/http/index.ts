export type * from './types.js';
export {
  cacheKey,
  createMemoryCache,
  credentialFingerprint,
  type CacheStore,
  type CachedResponse,
  type MemoryCacheOptions,
} from './cache.js';
export { createHttpClient } from './client.js';
export { pageFromLink, parseLinkHeader } from './link-header.js';
export {
  defaultErrorCode,
  mapHttpError,
  mapNetworkError,
  providerRequestId,
  type MapHttpErrorOptions,
  type MapNetworkErrorOptions,
} from './map-error.js';
export {
  numberSegment,
  shaSegment,
  type NumberSegmentOptions,
  type ShaSegmentOptions,
} from './path-segments.js';
export { parseRateLimitHeaders } from './rate-limit.js';
export { REDIRECT_STATUSES, redirectWithinApi } from './redirect.js';
export {
  REDACTED,
  collectSecrets,
  isSensitiveHeader,
  isSensitiveQueryParam,
  redactHeaders,
  redactText,
  redactUrl,
} from './redact.js';
export {
  DEFAULT_RETRY,
  RETRYABLE_STATUSES,
  computeBackoff,
  isRateLimitResponse,
  isRetryableNetworkError,
  parseRetryAfter,
  type RetryOptions,
} from './retry.js';
