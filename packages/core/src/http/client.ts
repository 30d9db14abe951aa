import { Agent, type Dispatcher } from 'undici';
import { abortedCallError, callSignal } from '../call-options.js';
import { ScmError } from '../errors/scm-error.js';
import { silentLogger, systemClock } from '../runtime.js';
import { cacheKey, type CachedResponse } from './cache.js';
import { mapHttpError, mapNetworkError, providerRequestId } from './map-error.js';
import { parseRateLimitHeaders } from './rate-limit.js';
import { collectSecrets, redactText, redactUrl } from './redact.js';
import {
  DEFAULT_RETRY,
  RETRYABLE_STATUSES,
  computeBackoff,
  isRateLimitResponse,
  isRetryableNetworkError,
  parseRetryAfter,
  type RetryOptions,
} from './retry.js';
import type {
  HttpClient,
  HttpClientOptions,
  HttpErrorContext,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  RateLimitInfo,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** UTF-8, a byte order mark dropped and bad sequences replaced: what undici's `body.text()` does. */
const utf8 = new TextDecoder();
const ERROR_BODY_LIMIT = 4096;
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

interface BaseUrl {
  origin: string;
  /** Path prefix without a trailing slash (`/api/v4`), or ''. */
  prefix: string;
}

function parseBaseUrl(baseUrl: string): BaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ScmError('INVALID_REQUEST', {
      message: 'baseUrl is not an absolute URL',
      source: 'client',
    });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new ScmError('INVALID_REQUEST', {
      message: 'baseUrl must be an http(s) URL without credentials',
      source: 'client',
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ScmError('INVALID_REQUEST', {
      message: 'baseUrl must not carry a query or fragment',
      source: 'client',
    });
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

// A `..` segment (even percent-encoded) could climb out of the base path prefix on servers that
// normalise it; control characters could split the request line.
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f\\]/;

/** Validates a request path so a caller can only ever address the client's own origin. */
function checkPath(path: string, provider: string): void {
  const pathPart = path.split('?', 1)[0] ?? '';
  const reason = !path.startsWith('/')
    ? 'path must be relative to the base URL and start with "/"'
    : path.startsWith('//')
      ? 'path must not start with "//"'
      : UNSAFE_CHARACTERS.test(path)
        ? 'path must not contain whitespace, control characters or backslashes'
        : DOT_SEGMENT.test(pathPart)
          ? 'path must not contain dot segments'
          : null;
  if (reason !== null)
    throw new ScmError('INVALID_REQUEST', { message: reason, provider, source: 'client' });
}

function appendQuery(path: string, query: HttpRequest['query']): string {
  if (query === undefined) return path;
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  if (pairs.length === 0) return path;
  const separator = path.includes('?')
    ? path.endsWith('?') || path.endsWith('&')
      ? ''
      : '&'
    : '?';
  return `${path}${separator}${pairs.join('&')}`;
}

function lowerCaseKeys(
  headers: Readonly<Record<string, string>> | undefined,
  into: Record<string, string>,
): void {
  if (headers === undefined) return;
  for (const [name, value] of Object.entries(headers)) into[name.toLowerCase()] = value;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  // for…in, not Object.entries: no array of pairs per answer (half the time for ~25 headers).
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    flat[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return flat;
}

function encodeBody(
  body: unknown,
  headers: Record<string, string>,
): string | Uint8Array | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body as read, for `responseType: 'bytes'` on a success. */
  bytes?: Uint8Array;
  /** The body was longer than `maxBytes` and was not read to its end. */
  tooLarge?: boolean;
  /** The body was longer than the client's `maxResponseBytes` and was not read to its end. */
  overLimit?: boolean;
}

/** Reads a body up to `maxBytes`; a longer one is cut off and its socket closed (undefined). */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

type Attempt = { ok: true; response: RawResponse } | { ok: false; error: unknown };

/** A request's path as log lines and error details show it: URL credentials and its own secrets out. */
function pathForLog(path: string, request: HttpRequest): string {
  const redacted = redactUrl(path);
  return request.secrets === undefined ? redacted : redactText(redacted, request.secrets);
}

/**
 * The transport every provider shares: one keep-alive pool per origin, timeouts, bounded retries,
 * rate-limit handling, a conditional-request cache and canonical errors that never carry a token.
 * A provider adds only its auth headers, base URL, pagination and `mapError`.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = parseBaseUrl(options.baseUrl);
  const baseUrl = `${base.origin}${base.prefix}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new ScmError('INVALID_REQUEST', {
      message: 'maxResponseBytes must be a positive whole number',
      source: 'client',
    });
  }
  if (deadlineMs !== undefined && (!Number.isFinite(deadlineMs) || deadlineMs <= 0)) {
    throw new ScmError('INVALID_REQUEST', {
      message: 'deadlineMs must be a positive number',
      source: 'client',
    });
  }
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const { provider, cache } = options;
  const parseRateLimit =
    options.parseRateLimit ??
    ((headers: Readonly<Record<string, string>>) => parseRateLimitHeaders(headers, clock.now()));
  const ownedAgent = options.dispatcher
    ? undefined
    : new Agent({
        connect: { timeout: timeoutMs },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownedAgent as Agent);

  async function buildHeaders(request: HttpRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
    const defaults =
      typeof options.headers === 'function' ? await options.headers() : options.headers;
    lowerCaseKeys(defaults, headers);
    lowerCaseKeys(request.headers, headers);
    return headers;
  }

  async function send(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal: AbortSignal | undefined,
    read: { bytes: boolean; maxBytes: number | undefined },
  ): Promise<Attempt> {
    try {
      const response = await dispatcher.request({
        origin: base.origin,
        path,
        method,
        headers,
        body: body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: signal ?? null,
      });
      const status = response.statusCode;
      const responseHeaders = flattenHeaders(response.headers);
      if (read.bytes && isSuccess(status)) {
        const limit = Math.min(read.maxBytes ?? maxResponseBytes, maxResponseBytes);
        const data = await readCapped(response.body, limit);
        const tooLarge = data === undefined;
        return {
          ok: true,
          response: {
            status,
            headers: responseHeaders,
            text: '',
            bytes: tooLarge
              ? new Uint8Array(0)
              : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
            tooLarge: tooLarge && limit === read.maxBytes,
            overLimit: tooLarge && limit !== read.maxBytes,
          },
        };
      }
      // Read to the end (an unread body holds its socket out of the pool), or to the limit. A
      // Content-Length within it is read whole (undici holds the body to that length).
      const declared = Number(responseHeaders['content-length'] ?? Number.NaN);
      if (declared <= maxResponseBytes) {
        const text = await response.body.text();
        return { ok: true, response: { status, headers: responseHeaders, text } };
      }
      // Declared over the limit: not read at all.
      const data =
        declared > maxResponseBytes
          ? (response.body.destroy(), undefined)
          : await readCapped(response.body, maxResponseBytes);
      return {
        ok: true,
        response:
          data === undefined
            ? { status, headers: responseHeaders, text: '', overLimit: true }
            : { status, headers: responseHeaders, text: utf8.decode(data) },
      };
    } catch (error) {
      return { ok: false, error };
    }
  }

  function parseBody(text: string, responseType: HttpRequest['responseType']): unknown {
    if (responseType === 'text') return text;
    if (responseType === 'bytes') return new TextEncoder().encode(text);
    if (text.trim() === '') return null;
    return JSON.parse(text) as unknown;
  }

  function errorBody(text: string, secrets: readonly string[]): unknown {
    // Upstream error bodies sometimes echo the request, token included.
    const scrubbed = redactText(text, secrets);
    try {
      return scrubbed.trim() === '' ? null : (JSON.parse(scrubbed) as unknown);
    } catch {
      return scrubbed.slice(0, ERROR_BODY_LIMIT);
    }
  }

  function retryAfterSeconds(waitMs: number | null): number | null {
    return waitMs === null ? null : Math.max(0, Math.ceil(waitMs / 1000));
  }

  /**
   * `request()` under `deadlineMs`: one timer aborts whatever is in flight (an attempt, its body,
   * a backoff sleep) with UPSTREAM_TIMEOUT; a caller's own signal still aborts with its reason.
   */
  async function request<T>(input: HttpRequest): Promise<HttpResponse<T>> {
    const signal = input.signal ?? (options.followCallSignal === true ? callSignal() : undefined);
    const request: HttpRequest =
      signal === undefined || signal === input.signal ? input : { ...input, signal };
    if (signal?.aborted === true) throw abortedCallError(signal.reason, provider);
    try {
      return await underDeadline<T>(request);
    } catch (error) {
      // Whatever an abort interrupted (the request, its body, a wait) reports the abort itself.
      if (signal !== undefined && isAborted(signal) && !ScmError.isInstance(error))
        throw abortedCallError(signal.reason, provider);
      throw error;
    }
  }

  async function underDeadline<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    if (deadlineMs === undefined) return attempts<T>(request, undefined);
    const method = request.method ?? 'GET';
    const controller = new AbortController();
    // The error is built when the deadline passes, not for every request (an Error captures a stack).
    const timer = setTimeout(() => {
      controller.abort(
        new ScmError('UPSTREAM_TIMEOUT', {
          provider,
          source: 'provider',
          message: `The provider did not answer within ${deadlineMs} ms (retries included).`,
          details: {
            method,
            path: pathForLog(`${base.prefix}${request.path}`, request),
            deadlineMs,
          },
        }),
      );
    }, deadlineMs);
    const outer = request.signal;
    const forward = (): void => {
      controller.abort(outer?.reason);
    };
    if (outer?.aborted === true) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    const endsAt = performance.now() + deadlineMs;
    try {
      return await attempts<T>(
        { ...request, signal: controller.signal },
        () => endsAt - performance.now(),
      );
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  }

  async function attempts<T>(
    request: HttpRequest,
    remainingMs: (() => number) | undefined,
  ): Promise<HttpResponse<T>> {
    // A wait that would outlast the deadline is not started: the error at hand is the answer.
    const fits = (waitMs: number): boolean => remainingMs === undefined || waitMs < remainingMs();
    const method = request.method ?? 'GET';
    checkPath(request.path, provider);
    const relativePath = appendQuery(request.path, request.query);
    const fullPath = `${base.prefix}${relativePath}`;
    const headers = await buildHeaders(request);
    // Worked out when an error or a log line needs them, not for every answer (issue #21).
    let logPathText: string | undefined;
    const logPath = (): string => (logPathText ??= pathForLog(fullPath, request));
    let secretList: string[] | undefined;
    const secrets = (): string[] =>
      (secretList ??= [...collectSecrets(headers, fullPath), ...(request.secrets ?? [])]);
    const body = encodeBody(request.body, headers);
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const bytes = request.responseType === 'bytes';
    const useCache = cache !== undefined && method === 'GET' && request.cache !== false;
    // Raw bytes (file content) are kept under their own key: a text read of the same URL and
    // media type never gets them back.
    const key = useCache
      ? `${cacheKey(method, baseUrl, relativePath, headers)}${bytes ? '\nbytes' : ''}`
      : undefined;
    const cached = key === undefined ? undefined : await cache?.get(key);
    if (cached) {
      if (cached.etag !== null) headers['if-none-match'] ??= cached.etag;
      if (cached.lastModified !== null) headers['if-modified-since'] ??= cached.lastModified;
    }

    for (let attempt = 0; ; attempt++) {
      const startedAt = clock.now();
      const result = await send(method, fullPath, headers, body, request.signal, {
        bytes,
        maxBytes: request.maxBytes,
      });
      const retriesLeft = attempt < retry.maxRetries;

      if (!result.ok) {
        if (request.signal?.aborted) throw abortedCallError(request.signal.reason, provider);
        const delayMs =
          idempotent && retriesLeft && isRetryableNetworkError(result.error)
            ? computeBackoff(attempt, retry, random)
            : null;
        if (delayMs !== null && fits(delayMs)) {
          logger.warn('http retry after network error', {
            provider,
            method,
            path: logPath(),
            attempt: attempt + 1,
            delayMs,
            error: redactText(describe(result.error), secrets()),
          });
          await clock.sleep(delayMs, request.signal);
          continue;
        }
        throw mapNetworkError(result.error, {
          provider,
          secrets: secrets(),
          method,
          path: logPath(),
        });
      }

      const { status, headers: responseHeaders, text } = result.response;
      const rateLimit = parseRateLimit(responseHeaders);
      // Built only for a logger that may write it (an object with getters costs about a
      // microsecond to make); the getters: a logger that drops debug lines without saying so
      // never redacts the path or reads the id.
      if (logger.isLevelEnabled?.('debug') !== false)
        logger.debug('http response', {
          provider,
          method,
          get path() {
            return logPath();
          },
          status,
          durationMs: clock.now() - startedAt,
          attempt: attempt + 1,
          get providerRequestId() {
            return providerRequestId(responseHeaders);
          },
        });

      const tooLarge = () =>
        new ScmError('INVALID_REQUEST', {
          message: `The provider's answer is over the ${String(request.maxBytes)}-byte limit of this request.`,
          provider,
          source: 'provider',
          upstreamStatus: status,
          providerRequestId: providerRequestId(responseHeaders),
          details: { method, path: logPath(), maxBytes: request.maxBytes, responseTooLarge: true },
        });
      if (status === 304 && cached) {
        const answer = fromCache<T>(cached, responseHeaders, rateLimit, request.responseType);
        if (
          answer.body instanceof Uint8Array &&
          request.maxBytes !== undefined &&
          answer.body.byteLength > request.maxBytes
        )
          throw tooLarge();
        return answer;
      }
      if (result.response.tooLarge === true) throw tooLarge();
      if (result.response.overLimit === true && (isSuccess(status) || status === 304))
        throw new ScmError('UPSTREAM_UNAVAILABLE', {
          message: `The provider's answer is over the ${String(maxResponseBytes)}-byte limit of an answer.`,
          provider,
          upstreamStatus: status,
          providerRequestId: providerRequestId(responseHeaders),
          details: { method, path: logPath(), maxResponseBytes, responseTooLarge: true },
        });
      if (result.response.bytes !== undefined) {
        const data = result.response.bytes;
        if (key !== undefined && status === 200) {
          await store(key, status, responseHeaders, Buffer.from(data).toString('base64'), 'base64');
        }
        return { status, headers: responseHeaders, body: data as T, rateLimit, fromCache: false };
      }
      if (isSuccess(status) || status === 304) {
        let parsed: unknown;
        try {
          parsed = parseBody(text, request.responseType);
        } catch {
          throw new ScmError('UPSTREAM_UNAVAILABLE', {
            message: 'malformed JSON from provider',
            provider,
            upstreamStatus: status,
            providerRequestId: providerRequestId(responseHeaders),
            details: { method, path: logPath() },
          });
        }
        if (key !== undefined && status === 200) {
          await store(key, status, responseHeaders, text);
        }
        return { status, headers: responseHeaders, body: parsed as T, rateLimit, fromCache: false };
      }

      const waitMs = parseRetryAfter(responseHeaders, clock.now());
      if (isRateLimitResponse(status, responseHeaders)) {
        // A rate-limited request was not processed, so even a POST may be sent again.
        if (waitMs !== null && waitMs <= retry.maxRetryAfterMs && retriesLeft && fits(waitMs)) {
          logger.warn('http rate limited; waiting', {
            provider,
            method,
            path: logPath(),
            status,
            attempt: attempt + 1,
            delayMs: waitMs,
          });
          await clock.sleep(waitMs, request.signal);
          continue;
        }
      } else if (idempotent && retriesLeft && RETRYABLE_STATUSES.has(status)) {
        const backoffMs = computeBackoff(attempt, retry, random);
        const delayMs =
          waitMs !== null && waitMs <= retry.maxRetryAfterMs
            ? Math.max(backoffMs, waitMs)
            : backoffMs;
        if (fits(delayMs)) {
          logger.warn('http retry after server error', {
            provider,
            method,
            path: logPath(),
            status,
            attempt: attempt + 1,
            delayMs,
          });
          await clock.sleep(delayMs, request.signal);
          continue;
        }
      }

      const context: HttpErrorContext = {
        status,
        headers: responseHeaders,
        body: errorBody(text, secrets()),
        method,
        path: logPath(),
        rateLimit,
        retryAfterSeconds: retryAfterSeconds(waitMs),
      };
      throw mapHttpError(context, { provider, mapError: options.mapError, secrets: secrets() });
    }
  }

  async function store(
    key: string,
    status: number,
    headers: Record<string, string>,
    body: string,
    bodyEncoding?: 'base64',
  ): Promise<void> {
    const etag = headers.etag ?? null;
    const lastModified = headers['last-modified'] ?? null;
    if (cache === undefined) return;
    if (etag === null && lastModified === null) {
      // The resource stopped offering validators: an old entry would only add a useless header.
      await cache.delete(key);
      return;
    }
    const { 'set-cookie': _dropped, ...kept } = headers;
    const entry: CachedResponse = {
      etag,
      lastModified,
      status,
      headers: kept,
      body,
      ...(bodyEncoding === undefined ? {} : { bodyEncoding }),
      storedAt: clock.now(),
    };
    await cache.set(key, entry);
  }

  function fromCache<T>(
    cached: CachedResponse,
    notModifiedHeaders: Record<string, string>,
    rateLimit: RateLimitInfo | null,
    responseType: HttpRequest['responseType'],
  ): HttpResponse<T> {
    // A 304 carries fresh rate-limit and date headers (RFC 9111 §4.3.4) but no body.
    const { 'content-length': _length, 'set-cookie': _cookie, ...fresh } = notModifiedHeaders;
    return {
      status: cached.status,
      headers: { ...cached.headers, ...fresh },
      body: (cached.bodyEncoding === 'base64'
        ? new Uint8Array(Buffer.from(cached.body, 'base64'))
        : parseBody(cached.body, responseType)) as T,
      rateLimit,
      fromCache: true,
    };
  }

  return {
    request,
    close: async () => {
      await ownedAgent?.close();
    },
  };
}

// A function, so a check made before an `await` does not narrow `aborted` for one made after it.
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
