import { Router, type Request } from 'express';
import { sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { invalidAs422 } from '../../http/unprocessable.js';
import { parseInput, requireJsonBody, requireOwnOriginForCookie } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { deleteSshKey, getSshKey, listSshKeys } from '../../ssh-keys/store.js';
import { CreateBody, IdParams, parseSearchQuery, SearchInput } from './schemas.js';
import {
  createScmIntegration,
  getScmIntegration,
  importScmKeys,
  listScmIntegrations,
  removeScmIntegration,
  scmOrganizations,
  searchScmPullRequests,
  searchScmRepositories,
} from './service.js';

/**
 * Scalingo's SCM integrations API (seed 004) under `/v1/scm_integrations`, and the account's SSH
 * keys under `/v1/ssh_keys`: a user session (cookie or `Authorization: Bearer sggst_…`) on every
 * route.
 */
export function scmIntegrationsRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;
  const idOf = (req: Request) => parseInput(IdParams, req.params, 'params').id;
  /** The search query: `?query=` in the URL, or `{ "query": … }` in a JSON body. */
  const queryOf = (req: Request, allowed: readonly string[]) => {
    const fromUrl = parseInput(SearchInput, { query: req.query.query }, 'query').query;
    const fromBody =
      fromUrl === undefined &&
      req.method === 'POST' &&
      typeof req.is('application/json') === 'string'
        ? parseInput(SearchInput, req.body, 'body').query
        : undefined;
    const parsed = parseSearchQuery(fromUrl ?? fromBody ?? '', allowed);
    if (!parsed.ok) throw gatewayError('INVALID_REQUEST', parsed.message);
    return parsed.value;
  };

  router.get(
    '/v1/scm_integrations',
    invalidAs422(async (req, res) => {
      const session = await sessions.require(req);
      sendJson(res, 200, { scm_integrations: await listScmIntegrations(services, session) });
    }),
  );

  router.post(
    '/v1/scm_integrations',
    invalidAs422(async (req, res) => {
      const session = await sessions.require(req);
      requireJsonBody(req);
      const body = parseInput(CreateBody, req.body, 'body');
      sendJson(res, 201, {
        scm_integration: await createScmIntegration(services, session, body),
      });
    }),
  );

  router.get(
    '/v1/scm_integrations/:id',
    invalidAs422(async (req, res) => {
      const session = await sessions.require(req);
      sendJson(res, 200, {
        scm_integration: await getScmIntegration(services, session, idOf(req)),
      });
    }),
  );

  router.delete(
    '/v1/scm_integrations/:id',
    invalidAs422(async (req, res) => {
      const session = await sessions.require(req);
      await removeScmIntegration(services, session, idOf(req));
      res.status(204).end();
    }),
  );

  router.post(
    '/v1/scm_integrations/:id/import_keys',
    invalidAs422(async (req, res) => {
      requireOwnOriginForCookie(req, services.config.publicUrl);
      const session = await sessions.require(req);
      sendJson(res, 201, { keys: await importScmKeys(services, session, idOf(req)) });
    }),
  );

  // The seed documents these three as GET and sends them with POST: both are answered.
  for (const method of ['get', 'post'] as const) {
    router[method](
      '/v1/scm_integrations/:id/search_repos',
      invalidAs422(async (req, res) => {
        const session = await sessions.require(req);
        const query = queryOf(req, ['fork', 'user']);
        sendJson(res, 200, {
          repositories: await searchScmRepositories(services, session, idOf(req), query),
        });
      }),
    );
    router[method](
      '/v1/scm_integrations/:id/orgs',
      invalidAs422(async (req, res) => {
        const session = await sessions.require(req);
        sendJson(res, 200, {
          organizations: await scmOrganizations(services, session, idOf(req)),
        });
      }),
    );
    router[method](
      '/v1/scm_integrations/:id/search_pull_requests',
      invalidAs422(async (req, res) => {
        const session = await sessions.require(req);
        const query = queryOf(req, ['is', 'repo']);
        sendJson(res, 200, {
          pull_requests: await searchScmPullRequests(services, session, idOf(req), query),
        });
      }),
    );
  }

  router.get('/v1/ssh_keys', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, { keys: await listSshKeys(services, session.user.id) });
  });

  router.get('/v1/ssh_keys/:id', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, { key: await getSshKey(services, session.user.id, idOf(req)) });
  });

  router.delete('/v1/ssh_keys/:id', async (req, res) => {
    const session = await sessions.require(req);
    await deleteSshKey(services, session.user.id, idOf(req));
    res.status(204).end();
  });

  return router;
}
