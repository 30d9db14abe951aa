import { randomBytes } from 'node:crypto';
import type { Logger } from '@scm/core';
import type { RequestHandler } from 'express';

// A caller's own request id is kept when it is short and plain; otherwise a new one is minted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Sets `res.locals.requestId` and the `x-request-id` header before anything else runs. */
export const requestContext: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : `gf_req_${randomBytes(9).toString('base64url')}`;
  res.locals.requestId = requestId;
  res.locals.startedAt = performance.now();
  res.setHeader('x-request-id', requestId);
  next();
};

/** CORS for every route, with `OPTIONS /*` answered here (seed: "CORS preflight handler for all routes"). */
export function cors(origins: '*' | readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origins === '*') res.setHeader('access-control-allow-origin', '*');
    else if (origin !== undefined && origins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, x-admin-api-key, x-connection-id, x-request-id');
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * One structured line per request once it is answered. The path only: query strings carry OAuth
 * codes and states, and nothing else of the request (headers, bodies) is logged.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      logger.info('request', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        errorCode: res.locals.errorCode,
        durationMs: Math.round((performance.now() - (res.locals.startedAt as number)) * 10) / 10,
      });
    });
    next();
  };
}
