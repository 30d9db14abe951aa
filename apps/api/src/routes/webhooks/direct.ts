import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/collections.js';
import { logServerError, normalize, sendError } from '../../http/errors.js';
import { directRoute } from '../../http/direct-route.js';
import type { RequestContext, WithLocals } from '../../http/request-context.js';
import { isProviderId, type GatewayProviderId } from '../../providers/catalogue.js';
import type { GatewayServices } from '../../services.js';
import { buffersFull, type BufferBudget } from '../../webhooks/buffer-budget.js';
import { ingestDelivery } from '../../webhooks/ingest.js';
import { MAX_WEBHOOK_BYTES } from './limits.js';
import { sendTooLarge, WEBHOOK_ROUTE } from './router.js';

// `POST /v1/webhooks/{provider}` without Express. A provider posts every event of every hook here,
// so this is the gateway's busiest route, and Express's router, its body parser and the app-wide
// middleware cost about a fifth of the CPU of a delivery (bench/README.md, webhooks). The request
// gets what the app-wide middleware would have given it (request id, security headers, access
// log and metrics, the canonical error body); the path's canonical form only: anything else (a
// trailing slash, other letter case, an encoded body) goes on to Express's route (router.ts), which
// answers the same way.

const PREFIX = '/v1/webhooks/';

/** The request's path, without its query string. */
const pathOf = (req: IncomingMessage): string => {
  const url = req.url ?? '/';
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
};

/** The provider of a canonical `/v1/webhooks/{provider}` path (a query string is ignored), or null. */
function providerOf(path: string): GatewayProviderId | null {
  if (!path.startsWith(PREFIX)) return null;
  const id = path.slice(PREFIX.length);
  return isProviderId(id) ? id : null;
}

/**
 * The body as sent, with the bytes it holds of `budget`; 'too-large' once past the limit, 'busy'
 * once the budget is spent (read off and dropped either way, as body-parser does).
 */
function readBody(
  req: IncomingMessage,
  budget: BufferBudget,
): Promise<{ body: Buffer; held: number } | 'too-large' | 'busy' | 'aborted'> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let refused: 'too-large' | 'busy' | undefined =
      declared > MAX_WEBHOOK_BYTES ? 'too-large' : undefined;
    const chunks: Buffer[] = [];
    let length = 0;
    const drop = (reason: 'too-large' | 'busy') => {
      refused = reason;
      chunks.length = 0;
      budget.give(length);
    };
    req.on('data', (chunk: Buffer) => {
      if (refused !== undefined) return;
      if (length + chunk.length > MAX_WEBHOOK_BYTES) drop('too-large');
      else if (!budget.take(chunk.length)) drop('busy');
      else {
        length += chunk.length;
        chunks.push(chunk);
      }
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(refused ?? { body: Buffer.concat(chunks, length), held: length });
    });
    // The sender went away before the end of the body: nobody is left to answer.
    const abort = () => {
      if (ended) return;
      if (refused === undefined) drop('busy');
      resolve('aborted');
    };
    req.on('close', () => {
      if (!req.complete) abort();
    });
    req.on('error', abort);
  });
}

/**
 * The direct webhook route: answers `true` when it took the request, `false` to leave it to
 * Express. Only a POST whose body is not content-encoded is taken (body-parser inflates the rest).
 */
export function directWebhooks(
  services: GatewayServices,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { logger } = services;
  const { buffers } = services.inbound;
  const open = directRoute(services);
  const encoded = (req: IncomingMessage) => {
    const encoding = req.headers['content-encoding'];
    return encoding !== undefined && encoding.toLowerCase() !== 'identity';
  };

  async function answer(
    req: IncomingMessage,
    res: WithLocals,
    context: RequestContext,
    provider: GatewayProviderId,
  ): Promise<void> {
    const read = await readBody(req, buffers);
    if (read === 'aborted') return;
    if (read === 'too-large') {
      sendTooLarge(res);
      return;
    }
    if (read === 'busy') {
      sendError(res, buffersFull());
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
        logger,
        { method: 'POST', path: PREFIX + provider, requestId: context.requestId },
        normalized,
      );
      if (!res.headersSent) sendError(res, normalized);
    } finally {
      buffers.give(read.held);
    }
  }

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const path = pathOf(req);
    const provider = providerOf(path);
    if (provider === null || encoded(req)) return false;
    open(req, res, {
      route: WEBHOOK_ROUTE,
      path,
      answer: (withLocals, context) => answer(req, withLocals, context, provider),
    });
    return true;
  };
}
