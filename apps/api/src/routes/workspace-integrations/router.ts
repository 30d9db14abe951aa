import { Router, type Request } from 'express';
import { sendJson } from '../../http/collections.js';
import { invalidAs422 } from '../../http/unprocessable.js';
import { parseInput, requireJsonBody, requireOwnOriginForCookie } from '../../http/validate.js';
import { providerEntry } from '../../providers/catalogue.js';
import { requireProvider } from '../../providers/require-provider.js';
import type { GatewayServices } from '../../services.js';
import { GitHubConnectBody, ProviderParams, ReposQuery, TokenConnectBody } from './schemas.js';
import {
  connectGitHub,
  connectWithAccessToken,
  disconnectIntegration,
  integrationHealth,
  listWorkspaceIntegrations,
  providerActions,
  providerChecks,
  workspaceRepositories,
  requireConnectRole,
} from './service.js';

/**
 * The workspace integrations API (seed 002) under `/api/integrations`: a user session (cookie or
 * `Authorization: Bearer sggst_…`) on every route; the workspace is the session's tenant; connect
 * and disconnect need owner or admin. The organization scan routes are not served yet.
 */
export function workspaceIntegrationsRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;
  const providerOf = (req: Request) =>
    requireProvider(parseInput(ProviderParams, req.params, 'params').provider);

  router.get('/api/integrations', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, { integrations: await listWorkspaceIntegrations(services, session) });
  });

  router.post(
    '/api/integrations/:provider/connect',
    invalidAs422(async (req, res) => {
      const session = await sessions.require(req);
      const provider = providerOf(req);
      requireConnectRole(session);
      requireJsonBody(req);
      const integration =
        // A provider whose apps are installed (GitHub) connects an installation; others a token.
        providerEntry(provider).app !== undefined
          ? await connectGitHub(
              services,
              session,
              provider,
              parseInput(GitHubConnectBody, req.body, 'body'),
            )
          : await connectWithAccessToken(
              services,
              session,
              provider,
              parseInput(TokenConnectBody, req.body, 'body'),
            );
      sendJson(res, 200, { integration });
    }),
  );

  router.post('/api/integrations/:provider/disconnect', async (req, res) => {
    requireOwnOriginForCookie(req, services.config.publicUrl);
    const session = await sessions.require(req);
    const provider = providerOf(req);
    sendJson(res, 200, await disconnectIntegration(services, session, provider));
  });

  router.get('/api/integrations/:provider/checks', async (req, res) => {
    await sessions.require(req);
    sendJson(res, 200, { checks: providerChecks(services, providerOf(req)) });
  });

  router.get('/api/integrations/:provider/actions', async (req, res) => {
    await sessions.require(req);
    sendJson(res, 200, { actions: providerActions(services, providerOf(req)) });
  });

  router.get('/api/integrations/:provider/repos', async (req, res) => {
    const session = await sessions.require(req);
    const provider = providerOf(req);
    const query = parseInput(ReposQuery, req.query, 'query');
    sendJson(res, 200, await workspaceRepositories(services, session, provider, query));
  });

  router.get('/api/integrations/:provider/health', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, await integrationHealth(services, session, providerOf(req)));
  });

  return router;
}
