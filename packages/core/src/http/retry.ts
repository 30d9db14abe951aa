import type { RandomSource } from '../runtime.js';
import { isEpochSeconds } from './rate-limit.js';

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

/** Statuses worth another try: the upstream (or a proxy in front of it) failed, not the request. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^attempt)), so clients that failed together
 * do not retry together. `attempt` is 0 for the first retry.
 */
export function computeBackoff(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: RandomSource,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.floor(Math.max(0, Math.min(random(), 1)) * ceiling);
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = headers[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function nonNegativeNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}(\.\d{1,6})?$/.test(value)) return null;
  return Number(value);
}

/**
 * How long the upstream asks us to wait, in ms, or null when it does not say. Reads, in order:
 * `Retry-After` (delta-seconds or an HTTP date, RFC 9110 §10.2.3), `x-ratelimit-reset` (epoch
 * seconds; GitHub) once `x-ratelimit-remaining` is 0, and `ratelimit-reset` (the IETF draft's
 * seconds from now, or GitLab's Unix time) once `ratelimit-remaining` is 0.
 * `headers` must have lower-cased names.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string>>,
  nowMs: number,
): number | null {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = nonNegativeNumber(retryAfter);
    if (seconds !== null) return Math.ceil(seconds * 1000);
    // Every HTTP-date form names a weekday or month; `Date.parse` alone would take `-5` as a year.
    const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  if (header(headers, 'x-ratelimit-remaining') === '0') {
    const resetAt = nonNegativeNumber(header(headers, 'x-ratelimit-reset'));
    if (resetAt !== null) return Math.max(0, Math.ceil(resetAt * 1000 - nowMs));
  }
  if (header(headers, 'ratelimit-remaining') === '0') {
    const resetIn = nonNegativeNumber(header(headers, 'ratelimit-reset'));
    if (resetIn !== null)
      return isEpochSeconds(resetIn)
        ? Math.max(0, Math.ceil(resetIn * 1000 - nowMs))
        : Math.ceil(resetIn * 1000);
  }
  return null;
}

/**
 * True when a response is a rate-limit refusal rather than a permission error. GitHub answers its
 * primary limit with 403 + `x-ratelimit-remaining: 0`, and its secondary limits with 403 or 429 +
 * `retry-after` (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 */
export function isRateLimitResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return (
    header(headers, 'x-ratelimit-remaining') === '0' ||
    header(headers, 'ratelimit-remaining') === '0' ||
    header(headers, 'retry-after') !== undefined
  );
}

const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** The `code` of an error or of its `cause` (undici and Node nest them). */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; depth < 4; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** True for transport failures a retry may cure (a reset socket, a timeout, a refused connect). */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}
