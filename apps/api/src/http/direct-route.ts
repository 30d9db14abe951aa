import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayServices } from '../services.js';
import { logScope } from './logger.js';
import {
  beginRequest,
  logRequest,
  type RequestContext,
  type WithLocals,
} from './request-context.js';
import { fixedApiHeaders } from './security-headers.js';

/** What a direct route knows of a request it took. */
export interface DirectRequest {
  /** The route's pattern, as the access log and metrics label it (`/v1/webhooks/:provider`). */
  route: string;
  /** The request's path, without its query string. */
  path: string;
  /** Headers the route adds before answering (CORS on the reads), after the security headers. */
  headers?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Writes the answer; the access log line is written when it is sent. */
  answer: (res: WithLocals, context: RequestContext) => Promise<void>;
}

/**
 * The opening every route answered before Express (routes/webhooks/direct.ts,
 * routes/unified/direct.ts) shares: what the app-wide middleware gives a request — its context and
 * `x-request-id` (request-context.ts), the security headers (the same values helmet writes, worked
 * out once), the access log line and metrics when the answer is sent, and the log scope around the
 * answer, so every line written while it runs carries the request id.
 */
export function directRoute(
  services: GatewayServices,
): (req: IncomingMessage, res: ServerResponse, request: DirectRequest) => void {
  const { logger, metrics } = services;
  const securityHeaders = fixedApiHeaders(services);
  return (req, res, { route, path, headers, answer }) => {
    const withLocals: WithLocals = Object.assign(res, { locals: {} });
    const context = beginRequest(req.headers, withLocals);
    securityHeaders(res, path);
    headers?.(req, res);
    const method = req.method ?? 'GET';
    res.on('finish', () => {
      logRequest(logger, metrics, { method, route, path, status: res.statusCode, context });
    });
    logScope
      .run({ requestId: context.requestId }, () => answer(withLocals, context))
      .catch((error: unknown) => {
        // Only writing the answer itself can fail here (the socket is gone): nothing to tell.
        logger.warn('answer not sent', {
          requestId: context.requestId,
          method,
          path,
          error: error instanceof Error ? error.message : String(error),
        });
      });
  };
}
