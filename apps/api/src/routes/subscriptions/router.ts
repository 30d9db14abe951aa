import { Router, type Request } from 'express';
import { bearerToken } from '../../auth/bearer.js';
import { requireScope, SUBSCRIBE_SCOPE as SCOPE } from '../../auth/platform-auth.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { keysetPage } from '../../http/keyset-page.js';
import { parseInput, requireJsonBody } from '../../http/validate.js';
import { SCOPE_NAMES } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import {
  DeliveryParams,
  ListQuery,
  SubscriptionIdParams,
  UpdateSubscriptionBody,
} from './schemas.js';
import {
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  updateSubscription,
  type SubscriptionOwner,
} from './service.js';

/**
 * A developer app's webhook subscriptions (those `events/subscribe` created) and their delivery
 * logs, with the app's platform access token: the unified routes' principal and scope check. A
 * token reaches its own app's subscriptions in its tenant only; no answer carries a secret.
 */
export function subscriptionsRouter(services: GatewayServices): Router {
  const router = Router();
  const { platformAuth, config, cursors } = services;

  const caller = async (
    req: Request,
  ): Promise<{ owner: SubscriptionOwner; cursorPrincipal: string }> => {
    const token = bearerToken(req);
    const connectionId = req.get('x-connection-id');
    const principal = requireScope(
      token === undefined && !config.enforcePlatformAuth && connectionId !== undefined
        ? await platformAuth.legacy(connectionId, SCOPE_NAMES)
        : await platformAuth.authenticate(token),
      SCOPE,
    );
    return {
      owner: {
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        grants: principal.grants,
      },
      cursorPrincipal: principal.cursorPrincipal,
    };
  };

  const pageOf = (req: Request, endpoint: string, principal: string, id?: string) => {
    const { limit, cursor } = parseInput(ListQuery, req.query, 'query');
    return keysetPage(cursors, {
      endpoint,
      filters: id === undefined ? {} : { subscription: id },
      limit: parseLimit(limit),
      principal,
      cursor,
    });
  };

  router.get('/v1/subscriptions', async (req, res) => {
    const { owner, cursorPrincipal } = await caller(req);
    const page = pageOf(req, 'subscriptions.list', cursorPrincipal);
    const { data, pageInfo } = await listSubscriptions(services, owner, page);
    sendCollection(res, data, pageInfo);
  });

  router.get('/v1/subscriptions/:id', async (req, res) => {
    const { owner } = await caller(req);
    const { id } = parseInput(SubscriptionIdParams, req.params, 'params');
    sendJson(res, 200, await getSubscription(services, owner, id));
  });

  router.patch('/v1/subscriptions/:id', async (req, res) => {
    const { owner } = await caller(req);
    const { id } = parseInput(SubscriptionIdParams, req.params, 'params');
    requireJsonBody(req);
    const patch = parseInput(UpdateSubscriptionBody, req.body, 'body');
    sendJson(res, 200, await updateSubscription(services, owner, id, patch));
  });

  router.delete('/v1/subscriptions/:id', async (req, res) => {
    const { owner } = await caller(req);
    const { id } = parseInput(SubscriptionIdParams, req.params, 'params');
    sendJson(res, 200, await deleteSubscription(services, owner, id));
  });

  router.get('/v1/subscriptions/:id/deliveries', async (req, res) => {
    const { owner, cursorPrincipal } = await caller(req);
    const { id } = parseInput(SubscriptionIdParams, req.params, 'params');
    const page = pageOf(req, 'subscriptions.deliveries', cursorPrincipal, id);
    const { data, pageInfo } = await listDeliveries(services, owner, id, page);
    sendCollection(res, data, pageInfo);
  });

  router.post('/v1/subscriptions/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const { owner } = await caller(req);
    const { id, deliveryId } = parseInput(DeliveryParams, req.params, 'params');
    sendJson(res, 202, await redeliver(services, owner, id, deliveryId));
  });

  return router;
}
