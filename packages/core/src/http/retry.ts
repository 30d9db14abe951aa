export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries: number;
  /** First backoff in ms; doubles each retry, with full jitter. Default 200. */
  baseDelayMs: number;
  /** Upper bound of one backoff, in ms. Default 5 000. */
  maxDelayMs: number;
  /** Longest `Retry-After` / rate-limit reset the client waits for before giving up with RATE_LIMITED. Default 10 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
};
