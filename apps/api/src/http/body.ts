import type { RequestHandler } from 'express';

/** Methods whose requests carry no body the gateway reads: their parsers are skipped. */
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A body parser run only for requests that may carry a body: reads (most of the traffic) skip the
 * content-type checks of both parsers. `req.body` stays undefined on a GET, as with the parsers
 * themselves when no body is sent.
 */
export function withBody(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (BODILESS.has(req.method)) {
      next();
      return;
    }
    void parser(req, res, next);
  };
}
