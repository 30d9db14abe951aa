import { Router } from 'express';
import { requireAdminKey } from '../../auth/admin-auth.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { keysetPage } from '../../http/keyset-page.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import {
  ClientsQuery,
  CreateClientBody,
  CreateGrantBody,
  CreateTenantSchema,
  FirewallSettingsSchema,
  GrantIdParams,
  GrantsQuery,
  IntrospectBody,
  TenantsQuery,
  TokenIdParams,
  TokensQuery,
} from './schemas.js';
import {
  assertGlobsCompile,
  createClient,
  createGrant,
  createTenantView,
  introspectToken,
  listClients,
  listGrants,
  listTenants,
  listTokens,
  presentClient,
  presentTenant,
  revokeGrant,
  revokeToken,
} from './service.js';

/**
 * Platform admin API (seed: "Platform Admin API") and the firewall config, each route behind
 * `x-admin-api-key`. The guard is mounted per route so it never answers for another router's path.
 * (`POST /v1/platform/tokens` is token issuance with client credentials: the oauth router's.)
 */
export function adminRouter(services: GatewayServices): Router {
  const router = Router();
  const admin = requireAdminKey(services.adminApiKey);

  const keyset = (
    endpoint: string,
    limit: unknown,
    cursor: unknown,
    filters: Record<string, string | undefined> = {},
  ) =>
    keysetPage(services.cursors, {
      endpoint,
      filters,
      limit: parseLimit(limit),
      principal: 'platform-admin',
      cursor,
    });

  router.get('/v1/platform/tenants', admin, async (req, res) => {
    const { limit, cursor } = parseInput(TenantsQuery, req.query, 'query');
    const page = keyset('admin.tenants', limit, cursor);
    const { rows, pageInfo } = page.finish(await listTenants(services, page));
    sendCollection(res, rows.map(presentTenant), pageInfo);
  });

  router.post('/v1/platform/tenants', admin, async (req, res) => {
    const input = parseInput(CreateTenantSchema, req.body, 'body');
    sendJson(res, 201, await createTenantView(services, input));
  });

  router.get('/v1/platform/clients', admin, async (req, res) => {
    const { limit, cursor, tenantId, ownerUserId } = parseInput(ClientsQuery, req.query, 'query');
    const page = keyset('admin.clients', limit, cursor, { tenantId, ownerUserId });
    const { rows, pageInfo } = page.finish(
      await listClients(services, { tenantId, ownerUserId }, page),
    );
    sendCollection(
      res,
      rows.map((row) => presentClient(row, services)),
      pageInfo,
    );
  });

  router.post('/v1/platform/clients', admin, async (req, res) => {
    const input = parseInput(CreateClientBody, req.body, 'body');
    const created = await createClient(services, input);
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, created);
  });

  router.get('/v1/platform/grants', admin, async (req, res) => {
    const { limit, cursor, tenantId, clientId, connectionId } = parseInput(
      GrantsQuery,
      req.query,
      'query',
    );
    const page = keyset('admin.grants', limit, cursor, { tenantId, clientId, connectionId });
    const { rows, pageInfo } = page.finish(
      await listGrants(services, { tenantId, clientId, connectionId }, page),
    );
    sendCollection(
      res,
      rows.map((row) => row.view),
      pageInfo,
    );
  });

  router.post('/v1/platform/grants', admin, async (req, res) => {
    const input = parseInput(CreateGrantBody, req.body, 'body');
    sendJson(res, 201, await createGrant(services, input));
  });

  router.delete('/v1/platform/grants/:grantId', admin, async (req, res) => {
    const { grantId } = parseInput(GrantIdParams, req.params, 'params');
    sendJson(res, 200, await revokeGrant(services, grantId));
  });

  router.get('/v1/platform/tokens', admin, async (req, res) => {
    const { limit, cursor, tenantId, clientId } = parseInput(TokensQuery, req.query, 'query');
    const page = keyset('admin.tokens', limit, cursor, { tenantId, clientId });
    const { rows, pageInfo } = page.finish(
      await listTokens(services, { tenantId, clientId }, page),
    );
    sendCollection(
      res,
      rows.map((row) => row.view),
      pageInfo,
    );
  });

  // RFC 7662-like: anything that would not authenticate is just `{ active: false }`.
  router.post('/v1/platform/tokens/introspect', admin, async (req, res) => {
    const { token } = parseInput(IntrospectBody, req.body, 'body');
    const answer = await introspectToken(services, token);
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, answer);
  });

  router.delete('/v1/platform/tokens/:tokenId', admin, async (req, res) => {
    const { tokenId } = parseInput(TokenIdParams, req.params, 'params');
    sendJson(res, 200, await revokeToken(services, tokenId));
  });

  router.get('/v1/security/firewall/config', admin, (_req, res) => {
    sendJson(res, 200, services.firewall.settings());
  });

  router.post('/v1/security/firewall/config', admin, async (req, res) => {
    const input = parseInput(FirewallSettingsSchema, req.body, 'body');
    if (input.blockedFilePatterns !== undefined) assertGlobsCompile(input.blockedFilePatterns);
    sendJson(res, 200, await services.firewall.update(input));
  });

  return router;
}
