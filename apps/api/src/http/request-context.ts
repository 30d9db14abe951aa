import type { Logger } from '@scm/core';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { GatewayMetrics } from '../ops/metrics.js';
import { randomIdText } from '../crypto/tokens.js';
import { logScope, writesAccessLines, type AccessLine } from './logger.js';

// A caller's own request id is kept when it is short and plain; otherwise a new one is minted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * What the gateway learns about one request while answering it: one typed object per request,
 * instead of loose `res.locals` keys. Read and write it through `requestContextOf(res)`.
 */
export interface RequestContext {
  readonly requestId: string;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** The canonical error code of the answer, once an error was sent (access log, usage log). */
  errorCode?: string;
  /** The provider connection a unified call went through (a refused credential marks it expired). */
  connectionId?: string;
}

/** A new request id: 72 random bits (crypto/tokens.ts draws them from a pool). */
const newRequestId = (): string => `gf_req_${randomIdText(9)}`;

/** A response with Express's `locals` (the gateway's direct routes give their responses one too). */
export type WithLocals = ServerResponse & { locals: Record<string, unknown> };

/** The request's context; created on first use if `requestContext` did not run (never in the app). */
export function requestContextOf(res: Pick<WithLocals, 'locals'>): RequestContext {
  const locals = res.locals as { context?: RequestContext };
  locals.context ??= { requestId: newRequestId(), startedAt: performance.now() };
  return locals.context;
}

/**
 * Starts a request's context on its response: the caller's request id when it is short and plain
 * (else a new one) in `x-request-id`, the arrival time. Express's middleware and the direct routes
 * (routes/webhooks/direct.ts) both begin here.
 */
export function beginRequest(headers: IncomingHttpHeaders, res: WithLocals): RequestContext {
  const given = headers['x-request-id'];
  const requestId =
    typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : newRequestId();
  const context: RequestContext = { requestId, startedAt: performance.now() };
  (res.locals as { context?: RequestContext }).context = context;
  res.setHeader('x-request-id', requestId);
  return context;
}

/** Creates the request's context and sets the `x-request-id` header before anything else runs. */
export const requestContext: RequestHandler = (req, res, next) => {
  const { requestId } = beginRequest(req.headers, res);
  // Every line logged while this request is answered carries its id (logger.ts).
  logScope.run({ requestId }, next);
};

/** The CORS headers of an answer that is not a preflight (`cors` and the direct routes). */
export function corsHeaders(
  origins: '*' | readonly string[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const origin = req.headers.origin;
    if (origins === '*') res.setHeader('access-control-allow-origin', '*');
    else if (origin !== undefined && origins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
  };
}

/** CORS for every route, with `OPTIONS /*` answered here (seed: "CORS preflight handler for all routes"). */
export function cors(origins: '*' | readonly string[]): RequestHandler {
  const headers = corsHeaders(origins);
  return (req, res, next) => {
    headers(req, res);
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        'authorization, content-type, x-admin-api-key, x-connection-id, x-request-id',
      );
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * One structured line per request once it is answered, and its metrics. The path only: query
 * strings carry OAuth codes and states, and nothing else of the request (headers, bodies) is
 * logged. Metrics label the route by its pattern (`/v1/repositories/:provider/:repo`), never the
 * raw path; a request no route took is `unmatched`.
 */
export function accessLog(logger: Logger, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path;
      logRequest(logger, metrics, {
        method: req.method,
        route: typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched',
        path: req.path,
        status: res.statusCode,
        context: requestContextOf(res),
      });
    });
    next();
  };
}

/** The access log's line and metrics of one answered request (Express's routes and the direct ones). */
export function logRequest(
  logger: Logger,
  metrics: GatewayMetrics,
  request: { method: string; route: string; path: string; status: number; context: RequestContext },
): void {
  const { context } = request;
  const seconds = (performance.now() - context.startedAt) / 1000;
  metrics.observeRequest({
    method: request.method,
    route: request.route,
    status: request.status,
    errorCode: context.errorCode,
    seconds,
  });
  const line: AccessLine = {
    requestId: context.requestId,
    method: request.method,
    path: request.path,
    status: request.status,
    errorCode: context.errorCode,
    durationMs: Math.round(seconds * 10_000) / 10,
  };
  if (writesAccessLines(logger)) logger.request(line);
  else logger.info('request', { ...line });
}
