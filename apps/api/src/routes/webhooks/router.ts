import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { gatewayError, sendError } from '../../http/errors.js';
import { sendJson } from '../../http/collections.js';
import type { WithLocals } from '../../http/request-context.js';
import { requireProvider } from '../../providers/require-provider.js';
import type { GatewayServices } from '../../services.js';
import { buffersFull } from '../../webhooks/buffer-budget.js';
import { ingestDelivery } from '../../webhooks/ingest.js';
import { MAX_WEBHOOK_BYTES } from './limits.js';

/** The answer to a delivery over MAX_WEBHOOK_BYTES (Express's route and the direct one). */
export function sendTooLarge(res: WithLocals): void {
  sendError(
    res,
    gatewayError('INVALID_REQUEST', `The delivery is larger than ${MAX_WEBHOOK_BYTES} bytes.`),
    413,
  );
}

/** The route's pattern (the access log's and the metrics' `route`). */
export const WEBHOOK_ROUTE = '/v1/webhooks/:provider';

/**
 * `POST /v1/webhooks/{provider}` (seed 000: "outside the CORS-protected API group. They are called
 * by external services"): mounted before CORS and the JSON parser, it reads the raw body (the
 * signature covers the bytes as sent), and answers 202 once the delivery is stored. The canonical
 * path of a body that is not content-encoded never gets here: `direct.ts` answers it without Express.
 */
export function webhooksRouter(services: GatewayServices): Router {
  const router = Router();
  const { buffers } = services.inbound;
  // What this route may hold is not known before the body is read (a content-encoded body is
  // inflated up to the limit): it reserves the declared length of a plain body, else the limit,
  // until the answer is sent or the sender goes away.
  const reserve: RequestHandler<{ provider: string }> = (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    const plain = (req.headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';
    const bytes =
      plain && Number.isSafeInteger(declared) && declared >= 0
        ? Math.min(declared, MAX_WEBHOOK_BYTES)
        : MAX_WEBHOOK_BYTES;
    if (!buffers.take(bytes)) {
      next(buffersFull());
      return;
    }
    res.once('close', () => {
      buffers.give(bytes);
    });
    next();
  };
  router.post(
    WEBHOOK_ROUTE,
    reserve,
    express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }),
    async (req, res) => {
      const provider = requireProvider(req.params.provider);
      const rawBody: unknown = req.body;
      const answer = await ingestDelivery(services, provider, {
        headers: req.headers,
        rawBody: Buffer.isBuffer(rawBody) ? rawBody : Buffer.alloc(0),
      });
      sendJson(res, answer.status, answer.body);
    },
  );
  const tooLarge: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if ((error as { type?: unknown } | null)?.type === 'entity.too.large') {
      sendTooLarge(res);
      return;
    }
    next(error);
  };
  router.use('/v1/webhooks', tooLarge);
  return router;
}
