import { Router } from 'express';
import { requestContextOf } from '../../http/request-context.js';
import { requireProvider } from '../../providers/require-provider.js';
import type { GatewayServices } from '../../services.js';
import { receiveDelivery } from './receive.js';

/** The route's pattern (the access log's and the metrics' `route`). */
export const WEBHOOK_ROUTE = '/v1/webhooks/:provider';

/**
 * `POST /v1/webhooks/{provider}` (seed 000: "outside the CORS-protected API group. They are called
 * by external services"): mounted before CORS and the JSON parser, it reads the raw body (the
 * signature covers the bytes as sent; a content-encoded one is inflated), and answers 202 once the
 * delivery is stored. The canonical path of a body that is not content-encoded never gets here:
 * `direct.ts` answers it without Express, the same way (`receive.ts`).
 */
export function webhooksRouter(services: GatewayServices): Router {
  const router = Router();
  router.post(WEBHOOK_ROUTE, async (req, res) => {
    const provider = requireProvider(req.params.provider);
    await receiveDelivery(services, req, res, provider, requestContextOf(res).requestId);
  });
  return router;
}
