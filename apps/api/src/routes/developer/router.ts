import { Router, type Request } from 'express';
import { z } from 'zod';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { keysetPage } from '../../http/keyset-page.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import {
  CreateAppSchema,
  UpdateAppSchema,
  createOAuthClient,
  findTenantClient,
  listTenantClients,
  presentClient,
  sendCreatedClient,
  softDeleteOAuthClient,
  updateOAuthClient,
} from './service.js';

const ClientIdParams = z.object({ clientId: z.string().min(1).max(128) });
const ListQuery = z.object({ limit: z.unknown().optional(), cursor: z.unknown().optional() }).strict();

/**
 * Developer app management (seed: "Developer App Management API"). A developer is any member of
 * the session's tenant; every app is looked up within that tenant only.
 */
export function developerRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;

  // The session may come from a cookie: a JSON body is the only thing a cross-site form cannot send.
  const requireJsonBody = (req: Request): void => {
    if (typeof req.is('application/json') !== 'string') {
      throw gatewayError('INVALID_REQUEST', 'Send the request body as application/json.');
    }
  };

  router.get('/v1/developer/apps', async (req, res) => {
    const session = await sessions.require(req);
    const { limit, cursor } = parseInput(ListQuery, req.query, 'query');
    const page = keysetPage(services.cursors, { endpoint: 'developer.apps', filters: {}, limit: parseLimit(limit), principal: session.tenantId, cursor });
    const { rows, pageInfo } = page.finish(await listTenantClients(services, session.tenantId, { after: page.after, take: page.take }));
    sendCollection(res, rows.map((row) => presentClient(row, services)), pageInfo);
  });

  router.post('/v1/developer/apps', async (req, res) => {
    const session = await sessions.require(req);
    requireJsonBody(req);
    const input = parseInput(CreateAppSchema, req.body, 'body');
    const created = await createOAuthClient(services, {
      tenantId: session.tenantId,
      ownerUserId: session.user.id,
      name: input.name,
      description: input.description ?? null,
      allowedRedirectUris: input.allowedRedirectUris,
      defaultPermissions: input.defaultPermissions,
    });
    sendCreatedClient(res, services, created);
  });

  router.patch('/v1/developer/apps/:clientId', async (req, res) => {
    const session = await sessions.require(req);
    const { clientId } = parseInput(ClientIdParams, req.params, 'params');
    requireJsonBody(req);
    const patch = parseInput(UpdateAppSchema, req.body, 'body');
    await findTenantClient(services, session.tenantId, clientId);
    const client = await updateOAuthClient(services, clientId, patch);
    sendJson(res, 200, presentClient(client, services));
  });

  router.delete('/v1/developer/apps/:clientId', async (req, res) => {
    const session = await sessions.require(req);
    const { clientId } = parseInput(ClientIdParams, req.params, 'params');
    await findTenantClient(services, session.tenantId, clientId);
    const { client, revoked } = await softDeleteOAuthClient(services, clientId);
    sendJson(res, 200, { ...presentClient(client, services), revoked });
  });

  return router;
}
