import type { IncomingMessage } from 'node:http';
import { sendJson } from '../../http/collections.js';
import { gatewayError, logServerError, normalize, sendError } from '../../http/errors.js';
import type { WithLocals } from '../../http/request-context.js';
import type { GatewayProviderId } from '../../providers/catalogue.js';
import type { GatewayServices } from '../../services.js';
import { buffersFull } from '../../webhooks/buffer-budget.js';
import { ingestDelivery } from '../../webhooks/ingest.js';
import { MAX_WEBHOOK_BYTES } from './limits.js';
import { readWebhookBody } from './read-body.js';

/** The answer to a delivery over MAX_WEBHOOK_BYTES (Express's route and the direct one). */
export function sendTooLarge(res: WithLocals): void {
  sendError(
    res,
    gatewayError('INVALID_REQUEST', `The delivery is larger than ${MAX_WEBHOOK_BYTES} bytes.`),
    413,
  );
}

/**
 * One delivery, for both ways in (the direct route and Express's): reads the body within its
 * budgets, ingests it and answers; the body's bytes are given back once it is answered, whatever
 * happened (the response may wait behind a pipelined one, or never be sent).
 */
export async function receiveDelivery(
  services: GatewayServices,
  req: IncomingMessage,
  res: WithLocals,
  provider: GatewayProviderId,
  requestId: string,
): Promise<void> {
  const read = await readWebhookBody(req, services.inbound.buffers);
  if (typeof read === 'string') {
    if (read === 'too-large') sendTooLarge(res);
    else if (read === 'busy') sendError(res, buffersFull());
    else if (read === 'unsupported-encoding')
      sendError(
        res,
        gatewayError('INVALID_REQUEST', 'The body’s content-encoding is not gzip, deflate or br.'),
        415,
      );
    else if (read === 'bad-encoding')
      sendError(res, gatewayError('INVALID_REQUEST', 'The body does not decode.'));
    // 'aborted', 'timeout': the connection is gone.
    return;
  }
  try {
    const answered = await ingestDelivery(services, provider, {
      headers: req.headers,
      rawBody: read.body,
    });
    sendJson(res, answered.status, answered.body);
  } catch (error) {
    const normalized = normalize(error);
    logServerError(
      services.logger,
      { method: 'POST', path: `/v1/webhooks/${provider}`, requestId },
      normalized,
    );
    if (!res.headersSent) sendError(res, normalized);
  } finally {
    read.release();
  }
}
