import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { gatewayError, sendError } from '../../http/errors.js';
import type { GatewayServices } from '../../services.js';
import { UNIFIED_ENDPOINTS, type EndpointKey } from '../../unified/endpoints.js';
import { allowedMethods, unencodedRepository } from '../../unified/route-match.js';
import { unifiedCalls, type UnifiedCalls } from './calls.js';

/**
 * The unified route table on Express (the calls themselves are in calls.ts). The canonical form of
 * a read also has a route outside Express (direct.ts), which answers the same way.
 */
export function unifiedRouter(
  services: GatewayServices,
  calls: UnifiedCalls = unifiedCalls(services),
): Router {
  const router = Router();

  // Every route of the table, in table order; each call starts with usage tracking, the caller and
  // the endpoint's scope.
  for (const key of Object.keys(UNIFIED_ENDPOINTS) as EndpointKey[]) {
    const endpoint = UNIFIED_ENDPOINTS[key];
    const serve = (req: Request, res: Response): Promise<void> => calls.serve(key, req, res);
    if (endpoint.method === 'POST') router.post(endpoint.path, serve);
    else router.get(endpoint.path, serve);
  }

  // A request no route of the table took. On a path the table serves with other methods: 405 with
  // `Allow` (the canonical body, INVALID_REQUEST). On a repository path whose `owner/name` kept its
  // slash: say how to encode it. Anything else goes on to the other routers (and the 404 at the end).
  router.use((req, res, next) => {
    const allowed = allowedMethods(req.path);
    if (allowed.length > 0) {
      if (req.method === 'OPTIONS') {
        next();
        return;
      }
      res.setHeader('allow', allowed.join(', '));
      sendError(
        res,
        gatewayError(
          'INVALID_REQUEST',
          `${req.method} is not allowed on ${req.path.slice(0, 300)}: it answers ${allowed.join(', ')} (see the Allow header).`,
        ),
        405,
      );
      return;
    }
    const unencoded = unencodedRepository(req.path);
    if (unencoded !== undefined) {
      const repository = JSON.stringify(unencoded.repository.slice(0, 200));
      const meant = `${unencoded.endpoint.method} ${unencoded.path.slice(0, 400)}`;
      next(
        unencoded.certain
          ? gatewayError(
              'INVALID_REQUEST',
              `The repository ${repository} must be one path segment: URL-encode its "/" as "%2F" (encodeURIComponent), e.g. ${meant}.`,
            )
          : gatewayError(
              'RESOURCE_NOT_FOUND',
              `No route for ${req.method} ${req.path.slice(0, 400)}. If ${repository} is a repository's full name, URL-encode its "/" as "%2F" (encodeURIComponent): ${meant}.`,
            ),
      );
      return;
    }
    next();
  });

  // A refused credential marks the connection expired before the error is answered.
  const markExpired: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    void calls.noteFailure(error, res).then(() => {
      next(error);
    });
  };
  router.use(markExpired);

  return router;
}
