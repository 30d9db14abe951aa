import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { urlHasControl } from '../../http/control-characters.js';
import { logServerError, normalize, sendError } from '../../http/errors.js';
import { directRoute } from '../../http/direct-route.js';
import { corsHeaders, type WithLocals } from '../../http/request-context.js';
import type { GatewayServices } from '../../services.js';
import { matchRead } from '../../unified/route-match.js';
import type { UnifiedCalls, UnifiedRequest } from './calls.js';

// The unified reads without Express. Every integration reads through these routes, and Express's
// app-wide middleware and router cost about a quarter of the gateway's CPU on a read (bench/README.md,
// gateway-read). The request gets what the app-wide middleware gives a unified read (request id,
// security and CORS headers, the access log and metrics, the log scope, the canonical error body,
// a refused credential marking its connection expired) and the same call (calls.ts). Only the plain
// form is taken: a GET of a table path as written in the table (no trailing slash, no other letter
// case), without a body, an admin key or a control character; anything else goes on to Express's
// route (router.ts), which answers the same way.

/** Whether the request has a body (Express's body parsers would read it). */
const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * The direct read route: answers `true` when it took the request, `false` to leave it to Express.
 */
export function directUnifiedReads(
  services: GatewayServices,
  calls: UnifiedCalls,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { logger } = services;
  const open = directRoute(services);
  const cors = corsHeaders(services.config.corsOrigins);

  const fail = async (
    error: unknown,
    res: WithLocals,
    request: { path: string; requestId: string },
  ): Promise<void> => {
    await calls.noteFailure(error, res);
    const normalized = normalize(error);
    // As Express ends a request whose answer had begun when the error came: the socket is closed.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    logServerError(logger, { method: 'GET', ...request }, normalized);
    sendError(res, normalized);
  };

  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '/';
    if (!url.startsWith('/v1/')) return false;
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const match = matchRead(path);
    if (
      match === null ||
      hasBody(req) ||
      req.headers['x-admin-api-key'] !== undefined ||
      urlHasControl(url)
    )
      return false;
    const call: UnifiedRequest = {
      method: 'GET',
      headers: req.headers,
      params: match.params,
      query: queryAt === -1 ? {} : parseQuery(url.slice(queryAt + 1)),
    };
    open(req, res, {
      route: match.route,
      path,
      headers: cors,
      answer: (withLocals, { requestId }) =>
        calls
          .serve(match.key, call, withLocals)
          .catch((error: unknown) => fail(error, withLocals, { path, requestId })),
    });
    return true;
  };
}
