import type { IncomingMessage, ServerResponse } from 'node:http';
import { directRoute } from '../../http/direct-route.js';
import { isProviderId, type GatewayProviderId } from '../../providers/catalogue.js';
import type { GatewayServices } from '../../services.js';
import { receiveDelivery } from './receive.js';
import { WEBHOOK_ROUTE } from './router.js';

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
 * The direct webhook route: answers `true` when it took the request, `false` to leave it to
 * Express. Only a POST whose body is not content-encoded is taken (Express's route inflates the
 * rest).
 */
export function directWebhooks(
  services: GatewayServices,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const open = directRoute(services);
  const encoded = (req: IncomingMessage) => {
    const encoding = req.headers['content-encoding'];
    return encoding !== undefined && encoding.toLowerCase() !== 'identity';
  };

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const path = pathOf(req);
    const provider = providerOf(path);
    if (provider === null || encoded(req)) return false;
    open(req, res, {
      route: WEBHOOK_ROUTE,
      path,
      answer: (withLocals, context) =>
        receiveDelivery(services, req, withLocals, provider, context.requestId),
    });
    return true;
  };
}
