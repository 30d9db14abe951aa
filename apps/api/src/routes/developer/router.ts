import { Router } from 'express';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { keysetPage } from '../../http/keyset-page.js';
import { parseInput, requireJsonBody } from '../../http/validate.js';
import { presentClient } from '../../oauth-clients/service.js';
import type { GatewayServices } from '../../services.js';
import { ClientIdParams, CreateAppSchema, ListQuery, UpdateAppSchema } from './schemas.js';
import {
  createDeveloperApp,
  deleteDeveloperApp,
  listDeveloperApps,
  updateDeveloperApp,
} from './service.js';

/**
 * Developer app management (seed: "Developer App Management API"). A developer is any member of
 * the session's tenant; every app is looked up within that tenant only.
 */
export function developerRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;

  router.get('/v1/developer/apps', async (req, res) => {
    const session = await sessions.require(req);
    const { limit, cursor } = parseInput(ListQuery, req.query, 'query');
    const page = keysetPage(services.cursors, {
      endpoint: 'developer.apps',
      filters: {},
      limit: parseLimit(limit),
      principal: session.tenantId,
      cursor,
    });
    const { rows, pageInfo } = page.finish(
      await listDeveloperApps(services, session.tenantId, { after: page.after, take: page.take }),
    );
    sendCollection(
      res,
      rows.map((row) => presentClient(row, services)),
      pageInfo,
    );
  });

  router.post('/v1/developer/apps', async (req, res) => {
    const session = await sessions.require(req);
    requireJsonBody(req);
    const input = parseInput(CreateAppSchema, req.body, 'body');
    const created = await createDeveloperApp(
      services,
      { tenantId: session.tenantId, userId: session.user.id },
      input,
    );
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, created);
  });

  router.patch('/v1/developer/apps/:clientId', async (req, res) => {
    const session = await sessions.require(req);
    const { clientId } = parseInput(ClientIdParams, req.params, 'params');
    requireJsonBody(req);
    const patch = parseInput(UpdateAppSchema, req.body, 'body');
    sendJson(res, 200, await updateDeveloperApp(services, session.tenantId, clientId, patch));
  });

  router.delete('/v1/developer/apps/:clientId', async (req, res) => {
    const session = await sessions.require(req);
    const { clientId } = parseInput(ClientIdParams, req.params, 'params');
    sendJson(res, 200, await deleteDeveloperApp(services, session.tenantId, clientId));
  });

  return router;
}
