import { AsyncLocalStorage } from 'node:async_hooks';
import { parseRateLimitHeaders } from '@scm/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Duplex } from 'node:stream';
import { DecoratorHandler, type Dispatcher } from 'undici';
import type { WalStatus } from '../db/wal-checkpointer.js';

// Prometheus metrics (prom-client), one registry per gateway: requests by route and status with
// their latency, errors by canonical code (cursor and token mistakes among them), and every
// upstream call by provider and status with its latency and the rate limit it reported. Served at
// GET /metrics when METRICS_TOKEN is set (routes/discovery). Labels are bounded: a route is its
// Express pattern (`/v1/repositories/:provider/:repo/branches`), never the raw path.

/** What the provider calls made inside `readUpstream` reported (the health check shows it). */
interface UpstreamReading {
  rateLimitRemaining: number | null;
}
const readings = new AsyncLocalStorage<UpstreamReading>();

/**
 * Runs `task` and answers, beside its result, the rate-limit budget the provider reported on the
 * last call `task` made (null when none said). Read by the pools' interceptor below, which sees
 * every provider call a gateway makes.
 */
export async function readUpstream<T>(
  task: () => Promise<T>,
): Promise<{ result: T; rateLimitRemaining: number | null }> {
  const reading: UpstreamReading = { rateLimitRemaining: null };
  const result = await readings.run(reading, task);
  return { result, rateLimitRemaining: reading.rateLimitRemaining };
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface GatewayMetrics {
  readonly registry: Registry;
  /** One answered request: its route pattern (or `unmatched`), status, and canonical error code. */
  observeRequest(input: {
    method: string;
    route: string;
    status: number;
    errorCode: string | undefined;
    seconds: number;
  }): void;
  /** An undici interceptor counting the calls of one provider's adapters. */
  upstreamInterceptor(provider: string): Dispatcher.DispatcherComposeInterceptor;
  /** SQLite: the log's size and its checkpoint helper, read at each scrape (once per registry). */
  watchSqliteWal(wal: WalStatus): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC): once per process, so main.ts only. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'scm_gateway_http_requests_total',
    help: 'Requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'scm_gateway_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'scm_gateway_http_errors_total',
    help: 'Error answers by canonical code (INVALID_CURSOR, INVALID_CREDENTIALS, AUTH_EXPIRED, …).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const upstream = new Counter({
    name: 'scm_gateway_upstream_requests_total',
    help: 'Provider API calls by provider and status (`error`: no answer, e.g. a network error).',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
  });
  const upstreamLatency = new Histogram({
    name: 'scm_gateway_upstream_request_duration_seconds',
    help: 'Provider API call time to the end of the body, by provider.',
    labelNames: ['provider'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const rateLimitRemaining = new Gauge({
    name: 'scm_gateway_upstream_rate_limit_remaining',
    help: 'The rate-limit budget the provider reported on its last answer, by provider and resource.',
    labelNames: ['provider', 'resource'] as const,
    registers: [registry],
  });

  /** One call's observation: its status and rate limit at the start, its time at the end. */
  const observation = (provider: string) => {
    // The caller's reading, if any: dispatch runs in the caller's async context, the callbacks not.
    const reading = readings.getStore();
    const started = performance.now();
    let status = 'error';
    let finished = false;
    return {
      start(statusCode: number, limitHeaders: Readonly<Record<string, string>> | null): void {
        status = String(statusCode);
        const limit =
          limitHeaders === null ? null : parseRateLimitHeaders(limitHeaders, Date.now());
        if (limit !== null && limit.remaining !== null) {
          rateLimitRemaining.set({ provider, resource: limit.resource ?? 'core' }, limit.remaining);
          if (reading !== undefined) reading.rateLimitRemaining = limit.remaining;
        }
      },
      finish(): void {
        if (finished) return;
        finished = true;
        upstream.inc({ provider, status });
        upstreamLatency.observe({ provider }, (performance.now() - started) / 1000);
      },
    };
  };

  /**
   * Observes one call. undici's request APIs (`request`, `stream`, `fetch`: every provider call)
   * make handlers of the first style (`onHeaders` with the raw header list), which `compose` hands
   * to an interceptor inside a WrapHandler that answers both styles: those are observed in the
   * first style, passed on as they came, reading only the rate-limit headers off the raw list. A
   * handler of the second style only (`onResponseStart`) is reached through undici's
   * DecoratorHandler. Observing the first style in the second costs undici a parse of every header
   * into an object and back into a raw list on every call (bench/README.md, gateway-read).
   */
  const observed = (
    provider: string,
    handler: Dispatcher.DispatchHandler,
  ): Dispatcher.DispatchHandler => {
    const seen = observation(provider);
    if (typeof (handler as RawHandler).onHeaders === 'function') return observedRaw(handler, seen);
    const inner = new DecoratorHandler(handler) as Dispatcher.DispatchHandler;
    return {
      onRequestStart: (controller, context) => inner.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) =>
        inner.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(headers))
          if (value !== undefined) flat[name.toLowerCase()] = String(value);
        seen.start(statusCode, flat);
        inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => inner.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => {
        seen.finish();
        inner.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        seen.finish();
        inner.onResponseError?.(controller, error);
      },
    };
  };

  return {
    registry,
    observeRequest({ method, route, status, errorCode, seconds }) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
      if (errorCode !== undefined) errors.inc({ code: errorCode });
    },
    upstreamInterceptor(provider) {
      return (dispatch) => (options, handler) => dispatch(options, observed(provider, handler));
    },
    // A log that keeps growing, or a helper that is not running while it does, is a gateway whose
    // writers copy the log on the event loop again (db/wal-checkpointer.ts).
    watchSqliteWal(wal) {
      new Gauge({
        name: 'scm_gateway_sqlite_wal_bytes',
        help: 'The size of the SQLite write-ahead log (<file>-wal) at this scrape, in bytes.',
        registers: [registry],
        collect() {
          this.set(wal.walBytes());
        },
      });
      new Gauge({
        name: 'scm_gateway_sqlite_checkpoint_helper_running',
        help: '1 while the SQLite checkpoint helper process runs (it starts once the log passes 2 MB), else 0.',
        registers: [registry],
        collect() {
          this.set(wal.running ? 1 : 0);
        },
      });
      new Counter({
        name: 'scm_gateway_sqlite_checkpoint_helper_ends_total',
        help: 'Times the SQLite checkpoint helper ended or failed to start without being asked to.',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(wal.unexpectedEnds);
        },
      });
    },
  };
}

/** undici's first handler style, as its request APIs call it (its types keep it as deprecated). */
interface RawHandler {
  onConnect?(abort: (error?: Error) => void, context?: object): void;
  onError?(error: Error): void;
  onUpgrade?(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void;
  onResponseStarted?(): void;
  onHeaders?(
    statusCode: number,
    headers: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: string[] | null): void;
  onBodySent?(chunkSize: number, totalBytesSent: number): void;
  onRequestSent?(): void;
}

/** Lower-cased ASCII byte `i` of `name` (0 past its end). */
const lowerAt = (name: Buffer, i: number): number => (name[i] ?? 0) | 0x20;

/** Whether a raw header name can be `x-ratelimit-*` or `ratelimit-*`: a few bytes, no decoding. */
function mayBeRateLimit(name: Buffer): boolean {
  if (lowerAt(name, 0) === 0x78)
    return name[1] === 0x2d && lowerAt(name, 2) === 0x72 && lowerAt(name, 3) === 0x61;
  return lowerAt(name, 0) === 0x72 && lowerAt(name, 1) === 0x61 && lowerAt(name, 4) === 0x6c;
}

/** The rate-limit headers (`x-ratelimit-*`, `ratelimit-*`) of a raw header list, or null. */
export function rateLimitHeaders(raw: readonly Buffer[]): Record<string, string> | null {
  let found: Record<string, string> | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const valueBytes = raw[i + 1];
    if (name === undefined || valueBytes === undefined) break;
    // Only names that start like `x-ra…` or `ra…el…` are decoded (a response has ~20 headers).
    if (!mayBeRateLimit(name)) continue;
    const lower = name.toString('latin1').toLowerCase();
    if (!lower.startsWith('x-ratelimit-') && !lower.startsWith('ratelimit-')) continue;
    found ??= {};
    const value = valueBytes.toString('latin1');
    // A repeated header reads as undici joins it into one value (and then as no number).
    found[lower] = found[lower] === undefined ? value : `${found[lower]},${value}`;
  }
  return found;
}

/** The first-style handler, observed: every call passed on as it came. */
function observedRaw(
  handler: Dispatcher.DispatchHandler,
  seen: { start(status: number, limits: Record<string, string> | null): void; finish(): void },
): Dispatcher.DispatchHandler {
  const inner = handler as RawHandler;
  const raw: RawHandler = {
    onConnect: (abort, context) => inner.onConnect?.(abort, context),
    onError: (error) => {
      seen.finish();
      inner.onError?.(error);
    },
    onUpgrade: (statusCode, headers, socket) => inner.onUpgrade?.(statusCode, headers, socket),
    onResponseStarted: () => inner.onResponseStarted?.(),
    onHeaders: (statusCode, headers, resume, statusText) => {
      seen.start(statusCode, rateLimitHeaders(headers));
      return inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
    },
    onData: (chunk) => inner.onData?.(chunk) ?? true,
    onComplete: (trailers) => {
      seen.finish();
      inner.onComplete?.(trailers);
    },
    onBodySent: (chunkSize, total) => inner.onBodySent?.(chunkSize, total),
    onRequestSent: () => inner.onRequestSent?.(),
  };
  return raw;
}
