export type * from './types.js';
export type { CacheStore, CachedResponse } from './cache.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
