import type { Dispatcher } from 'undici';
import type { ScmError } from '../errors/scm-error.js';
import type { Clock, Logger, RandomSource } from '../runtime.js';
import type { CacheStore } from './cache.js';
import type { RetryOptions } from './retry.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method?: HttpMethod;
  /** Path relative to the client's base URL, with its query string (`/repos/a/b?page=2`). Never an absolute URL. */
  path: string;
  /** Query parameters appended to `path`; `undefined` values are skipped. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** A JSON-serializable value (sent as application/json) or a string sent as is. */
  body?: unknown;
  /** Retry on 5xx / network errors. Defaults to true for GET, HEAD, PUT, DELETE; false otherwise. */
  idempotent?: boolean;
  /** Use the conditional-request cache (GET only). Defaults to true for GET when a cache is configured. */
  cache?: boolean;
  /**
   * `json` (default) parses the body; `text` returns it as a string; `bytes` as a `Uint8Array`
   * (never cached).
   */
  responseType?: 'json' | 'text' | 'bytes';
  /**
   * The most bytes of a successful answer's body to read. A longer body is not read further (its
   * socket is closed) and the call throws INVALID_REQUEST with `details.responseTooLarge: true`.
   */
  maxBytes?: number;
  /**
   * Cancels the request: the attempt in flight is aborted, a wait stops, and the call rejects with
   * `abortedCallError(reason)` (an `ScmError`). Defaults to the signal of the provider operation in
   * progress when the client was created with `followCallSignal`.
   */
  signal?: AbortSignal;
  /**
   * Values this request sends outside its headers (a form's client secret, code or refresh token;
   * a one-time code in its path) that no error or log line may show: redacted as the credentials
   * in its headers are, from error bodies, error messages and causes, and from the path that log
   * lines and error details name.
   */
  secrets?: readonly string[];
}

export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
  /** Epoch seconds when the window resets. */
  resetAt: number | null;
  resource: string | null;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  body: T;
  rateLimit: RateLimitInfo | null;
  /** True when a 304 was answered from the conditional cache. */
  fromCache: boolean;
}

/** What a provider sees of a failed response to turn it into its canonical code. */
export interface HttpErrorContext {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body was JSON, else the text (truncated to 4 KB). */
  body: unknown;
  method: HttpMethod;
  /** The request path with token-like query parameters redacted. */
  path: string;
  rateLimit: RateLimitInfo | null;
  retryAfterSeconds: number | null;
}

export interface HttpClientOptions {
  /** `https://api.github.com`, `https://gitlab.example.com/api/v4`: origin plus an optional path prefix. */
  baseUrl: string;
  /** Provider id put on every ScmError. */
  provider: string;
  /** Default headers for every request (auth, accept). Values are redacted in errors and logs. */
  headers?: Readonly<Record<string, string>> | (() => Promise<Record<string, string>>) | undefined;
  dispatcher?: Dispatcher | undefined;
  userAgent?: string | undefined;
  /** Connect / headers / body timeout each, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /**
   * The whole of one `request()` call, in ms: every attempt, the retries' backoff and rate-limit
   * waits included. When it passes, the request in flight is aborted and the call fails with
   * UPSTREAM_TIMEOUT; a retry or a wait that cannot finish within it is not started. Measured on
   * the real monotonic clock (not `clock`). Default: none (each attempt has only `timeoutMs`).
   */
  deadlineMs?: number | undefined;
  /**
   * The most bytes of any answer's body to read (a request's own `maxBytes` aside). A provider
   * host is not always trusted to answer sizes it should: past this, the body is not read further
   * (its socket is closed); a success fails with UPSTREAM_UNAVAILABLE (`details.responseTooLarge`),
   * an error is mapped from its status alone. Default 64 MiB.
   */
  maxResponseBytes?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  cache?: CacheStore | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  random?: RandomSource | undefined;
  /**
   * Requests without a `signal` take the one of the provider operation in progress (`callSignal()`,
   * set by `withCallOptions`). Adapters set it on their API client; clients whose answers are
   * shared between callers (token refreshes) leave it off, so one caller's abort fails no other.
   */
  followCallSignal?: boolean | undefined;
  /** Maps a non-2xx response to a canonical error; the default mapping is used when it returns undefined. */
  mapError?: ((context: HttpErrorContext) => ScmError | undefined) | undefined;
  /** Reads the provider's rate-limit headers; the default reads `x-ratelimit-*` and `ratelimit-*`. */
  parseRateLimit?:
    ((headers: Readonly<Record<string, string>>) => RateLimitInfo | null) | undefined;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** Closes the pool the client created itself (an injected dispatcher is left open). */
  close(): Promise<void>;
}
