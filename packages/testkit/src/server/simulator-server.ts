import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createFaultController, type Fault, type FaultController } from './faults.js';
import { createRequestLog, type LoggedRequest, type RequestLog } from './request-log.js';
import { compilePattern, splitPath, type CompiledPattern } from './route-pattern.js';

export interface SimulatorRequest {
  method: string;
  /** Percent-encoded, without the query. */
  path: string;
  /** The last value of each query parameter. */
  query: Readonly<Record<string, string>>;
  /** The query string as sent, without `?`: for parameters a provider lets callers repeat. */
  rawQuery: string;
  /** Route parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON when the request sent JSON, else the text; undefined when empty. */
  body: unknown;
  rawBody: string;
}

export interface SimulatorResponse {
  status?: number;
  headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is (`text/plain` unless a content-type header says otherwise). */
  text?: string;
}

export type RouteHandler = (
  request: SimulatorRequest,
) => SimulatorResponse | Promise<SimulatorResponse>;

export interface Route {
  method: string;
  /** `/repos/:repo/commits/:sha`; see route-pattern.ts. */
  path: string;
  handler: RouteHandler;
}

export interface StartSimulatorServerOptions {
  routes: readonly Route[];
  /** Shared with the caller so faults can be set before and while the server runs. */
  faults?: FaultController;
  /** Answers requests no route matches. Default: 404 `{ "message": "Not Found" }`. */
  notFound?: RouteHandler;
  /** The JSON body of an injected error status, in the provider's own error format. */
  faultBody?: (status: number) => unknown;
  /**
   * How an exhausted rate limit is announced: GitHub's `x-ratelimit-*` (reset in epoch seconds), or
   * GitLab's `RateLimit-*` (`RateLimit-Reset` a Unix time, `RateLimit-ResetTime` an HTTP date;
   * https://docs.gitlab.com/user/gitlab_com/#rate-limits-on-gitlabcom), or Azure DevOps'
   * `X-RateLimit-Resource`/`-Delay`/`-Limit`/`-Remaining`/`-Reset` with a `Retry-After`
   * (https://learn.microsoft.com/en-us/azure/devops/integrate/concepts/rate-limits#api-client-experience).
   * Default `x-ratelimit`.
   */
  rateLimitHeaders?: 'x-ratelimit' | 'ratelimit' | 'azure';
  /** Epoch milliseconds, for rate-limit reset headers and the request log. Default `Date.now`. */
  now?: () => number;
  /** Literal path segments match in any case, as Azure DevOps' routes do. Default false. */
  caseInsensitivePaths?: boolean;
  /** Requests with larger bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface SimulatorServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  requests: RequestLog;
  faults: FaultController;
  /** Errors thrown by route handlers (each also answered with a 500): a simulator bug if not empty. */
  handlerErrors: readonly unknown[];
  /** Stops listening and destroys every open connection, hanging ones included. Idempotent. */
  stop(): Promise<void>;
}

interface CompiledRoute {
  method: string;
  pattern: CompiledPattern;
  handler: RouteHandler;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * A real HTTP server on 127.0.0.1 with an ephemeral port, a tiny router, a request log and fault
 * injection: the base of every provider simulator.
 */
export async function startSimulatorServer(
  options: StartSimulatorServerOptions,
): Promise<SimulatorServer> {
  const routes: CompiledRoute[] = options.routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: compilePattern(route.path, { caseInsensitive: options.caseInsensitivePaths === true }),
    handler: route.handler,
  }));
  const faults = options.faults ?? createFaultController();
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const faultBody = options.faultBody ?? ((status: number) => ({ message: `Simulated ${status}` }));
  const notFound: RouteHandler =
    options.notFound ?? (() => ({ status: 404, json: { message: 'Not Found' } }));
  const requests = createRequestLog();
  const handlerErrors: unknown[] = [];
  const sockets = new Set<Socket>();
  let stopping = false;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      handlerErrors.push(error);
      if (!res.headersSent && !res.destroyed)
        send(res, { status: 500, json: { message: 'Simulator error' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = Object.fromEntries(
      new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1)),
    );
    const segments = splitPath(path);
    let matched: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const params = route.pattern.match(segments);
      if (params !== undefined) {
        matched = { route, params };
        break;
      }
    }

    const rawBody = await readBody(req, maxBodyBytes);
    const body =
      rawBody === undefined ? undefined : parseBody(rawBody, req.headers['content-type']);
    const logged: LoggedRequest = {
      method,
      path,
      query,
      headers: req.headers,
      body,
      route: matched?.route.pattern.source ?? null,
      timestamp: now(),
      remoteAddress: req.socket.remoteAddress ?? null,
    };
    requests.add(logged);
    if (rawBody === undefined) {
      send(res, { status: 413, json: { message: 'Payload Too Large' } });
      return;
    }

    const fault = faults.take(method, path);
    if (fault?.latencyMs !== undefined) await delay(fault.latencyMs);
    if (fault !== undefined && (await applyFault(fault, req, res, logged))) return;

    const request: SimulatorRequest = {
      method,
      path,
      query,
      rawQuery: queryStart === -1 ? '' : rawUrl.slice(queryStart + 1),
      params: matched?.params ?? {},
      headers: req.headers,
      body,
      rawBody,
    };
    const response = await (matched?.route.handler ?? notFound)(request);
    send(res, response);
  }

  /** Serves a fault; false when the fault was only latency and the route should answer. */
  async function applyFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    logged: LoggedRequest,
  ): Promise<boolean> {
    if ('hang' in fault) {
      // Never answers; the client's timeout or abort (or stop()) closes the connection.
      await new Promise<void>((resolve) => res.once('close', resolve));
      if (!stopping) logged.clientClosedAt = now();
      return true;
    }
    if ('reset' in fault) {
      req.socket.resetAndDestroy();
      return true;
    }
    if ('malformedJson' in fault) {
      send(res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        text: '{"items": [{"id": 1,',
      });
      return true;
    }
    if ('status' in fault) {
      const headers: Record<string, string> = {};
      if ('retryAfterSeconds' in fault) {
        headers['retry-after'] = String(fault.retryAfterSeconds);
        // Azure's throttled answer names the exhausted resource and when it refills.
        if (options.rateLimitHeaders === 'azure') {
          headers['x-ratelimit-resource'] = 'Core';
          headers['x-ratelimit-delay'] = String(fault.retryAfterSeconds);
          headers['x-ratelimit-limit'] = '200';
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(Math.ceil(now() / 1000) + fault.retryAfterSeconds);
        }
      }
      if ('rateLimited' in fault) {
        const resetAt = Math.ceil(now() / 1000) + fault.resetInSeconds;
        if (options.rateLimitHeaders === 'azure') {
          headers['retry-after'] = String(fault.resetInSeconds);
          headers['x-ratelimit-resource'] = 'Core';
          headers['x-ratelimit-delay'] = '0.5';
          headers['x-ratelimit-limit'] = '200';
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(resetAt);
        } else if (options.rateLimitHeaders === 'ratelimit') {
          headers['ratelimit-limit'] = '2000';
          headers['ratelimit-observed'] = '2000';
          headers['ratelimit-remaining'] = '0';
          headers['ratelimit-reset'] = String(resetAt);
          headers['ratelimit-resettime'] = new Date(resetAt * 1000).toUTCString();
        } else {
          headers['x-ratelimit-limit'] = '5000';
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(resetAt);
        }
      }
      send(res, { status: fault.status, headers, json: faultBody(fault.status) });
      return true;
    }
    return false;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('simulator server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    requests,
    faults,
    handlerErrors,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
  };

  function send(res: ServerResponse, response: SimulatorResponse): void {
    if (stopping || res.destroyed) return;
    const headers: Record<string, string> = { ...response.headers };
    let payload = '';
    if (response.json !== undefined) {
      headers['content-type'] ??= 'application/json; charset=utf-8';
      payload = JSON.stringify(response.json);
    } else if (response.text !== undefined) {
      headers['content-type'] ??= 'text/plain; charset=utf-8';
      payload = response.text;
    }
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(response.status ?? 200, headers);
    res.end(payload);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(rawBody) as unknown;
    } catch {
      return rawBody;
    }
  }
  return rawBody;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
