import { ScmError } from '@scm/core';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { assertAdminKey, requireAdminKey } from '../../auth/admin-auth.js';
import { readCookie } from '../../auth/bearer.js';
import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { sendCollection, sendJson, parseLimit } from '../../http/collections.js';
import { resolveTenantId, upsertCustomer } from '../../customers.js';
import { gatewayError } from '../../http/errors.js';
import { keysetPage, KEYSET_ORDER } from '../../http/keyset-page.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { COMPANY_COOKIE, ensureSessionCustomer, readCompanySession, setCompanySession } from '../oauth/consent.js';
import { requireProvider } from '../unified/repository-access.js';
import { removeUpstreamHooks } from '../../webhooks/remove-hooks.js';
import { presentConnection, saveConnection } from './service.js';

const STATE_TTL_MS = 10 * 60_000;

const flag = z.enum(['1', 'true', '0', 'false']).transform((value) => value === '1' || value === 'true').optional();
const StartQuerySchema = z.object({
  web: flag,
  popup: flag,
  redirect: flag,
  returnTo: z.string().max(2048).optional(),
  tenantId: z.string().max(200).optional(),
  customerRef: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
});

interface StatePayload {
  mode: 'web' | 'popup' | 'api';
  tenantId: string;
  customerId: string | null;
  /** A hosted-page browser's customer, created at the callback if it does not exist yet. */
  company?: { customerRef: string; customerName: string | null };
  userId: string | null;
  returnTo: string | null;
}

// Only a path on this gateway: never an open redirect to another site.
function safeReturnTo(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) throw gatewayError('INVALID_REQUEST', 'returnTo must be a path on this gateway.');
  return value;
}

export function connectionsRouter(services: GatewayServices): Router {
  const router = Router();
  const { prisma, hosts, providers, config, now } = services;
  // Internal in the seed ("none (internal)"): behind the admin key unless ENFORCE_PLATFORM_AUTH=false.
  const internal: RequestHandler = config.enforcePlatformAuth ? requireAdminKey(services.adminApiKey) : (_req, _res, next) => { next(); };

  /** Who is starting a provider connection, and for whom it will be stored. */
  const owner = async (req: Request, query: z.infer<typeof StartQuerySchema>, browser: boolean): Promise<Omit<StatePayload, 'mode' | 'returnTo'>> => {
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    if (browser && company !== null) {
      return { tenantId: company.tenantId, customerId: company.customerId, company: { customerRef: company.customerRef, customerName: company.customerName }, userId: null };
    }
    const session = await services.sessions.optional(req);
    if (session !== null) {
      const tenantId = query.tenantId ?? session.tenantId;
      if (!session.memberships.some((membership) => membership.tenantId === tenantId)) throw gatewayError('INSUFFICIENT_SCOPE', 'You are not a member of that tenant.');
      return { tenantId, customerId: null, userId: session.user.id };
    }
    if (config.enforcePlatformAuth) assertAdminKey(req, services.adminApiKey);
    const tenantId = await resolveTenantId(prisma, query.tenantId);
    const customerId = query.customerRef === undefined ? null : (await upsertCustomer(prisma, { tenantId, customerRef: query.customerRef })).id;
    return { tenantId, customerId, userId: null };
  };

  router.get('/v1/auth/:provider/start', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(StartQuerySchema, req.query, 'query');
    const host = query.host === undefined ? hosts.defaultFor(provider) : hosts.byId(query.host);
    if (host.provider !== provider) throw gatewayError('INVALID_REQUEST', 'host belongs to another provider.');
    const oauth = providers.oauth(host);
    const browser = query.web === true || query.redirect === true || query.popup === true;
    const payload: StatePayload = {
      mode: query.popup === true ? 'popup' : browser ? 'web' : 'api',
      returnTo: safeReturnTo(query.returnTo),
      ...(await owner(req, query, browser)),
    };
    const state = newSecret('sgst');
    const expiresAt = new Date(now() + STATE_TTL_MS);
    await prisma.oAuthState.create({
      data: { id: newId('ost'), stateHash: hashSecret(state), provider, providerHostId: host.id, payload: JSON.stringify(payload), expiresAt },
    });
    const scopes = hosts.oauthScopes(host);
    const authorizationUrl = oauth.authorizeUrl({ redirectUri: `${config.publicUrl}/v1/auth/${provider}/callback`, state, ...(scopes === undefined ? {} : { scopes }) });
    if (browser) {
      res.redirect(302, authorizationUrl);
      return;
    }
    sendJson(res, 200, { provider, host: host.host, authorizationUrl, state, expiresAt: expiresAt.toISOString() });
  });

  router.get('/v1/auth/:provider/callback', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(
      z.object({ code: z.string().min(1).max(2048).optional(), state: z.string().min(1).max(512), error: z.string().max(200).optional(), error_description: z.string().max(1000).optional() }),
      req.query,
      'query',
    );
    const row = await prisma.oAuthState.findUnique({ where: { stateHash: hashSecret(query.state) } });
    if (row === null || row.provider !== provider) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    // Consumed once, whatever happens next: a replayed callback is refused.
    const claimed = await prisma.oAuthState.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date(now()) } });
    if (claimed.count === 0) throw gatewayError('INVALID_REQUEST', 'This OAuth state was already used.');
    if (row.expiresAt.getTime() <= now()) throw gatewayError('INVALID_REQUEST', 'The OAuth state has expired; start again.');
    const payload = JSON.parse(row.payload) as StatePayload;
    if (query.error !== undefined) {
      throw new ScmError(query.error === 'access_denied' ? 'APPROVAL_REQUIRED' : 'INVALID_REQUEST', {
        provider,
        message: `The provider returned error=${query.error.slice(0, 60)}.`,
      });
    }
    if (query.code === undefined) throw gatewayError('INVALID_REQUEST', 'code is missing.');
    const host = hosts.byId(row.providerHostId);
    const tokens = await providers.oauth(host).exchangeCode({ code: query.code, redirectUri: `${config.publicUrl}/v1/auth/${provider}/callback` });
    const viewer = await providers.forToken(host, tokens.accessToken, { oauth: true }).getViewer();
    // A hosted page's customer is stored only now that the browser proved a provider account.
    const customerId =
      payload.customerId ?? (payload.company === undefined ? null : await ensureSessionCustomer(services, { tenantId: payload.tenantId, customerId: null, ...payload.company }));
    const connection = await saveConnection(services, {
      tenantId: payload.tenantId,
      customerId,
      userId: payload.userId,
      host,
      viewer,
      tokenType: 'oauth',
      tokens,
    });
    // The browser that signed into this account is now verified for it on the hosted pages.
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    if (company !== null && customerId !== null && payload.company !== undefined && company.tenantId === payload.tenantId && company.customerRef === payload.company.customerRef) {
      setCompanySession(services, res, { ...company, customerId, connectionIds: [...new Set([...company.connectionIds, connection.id])].slice(-20) });
    }
    if (payload.mode !== 'api' && payload.returnTo !== null) {
      res.redirect(303, payload.returnTo);
      return;
    }
    sendJson(res, 200, presentConnection(connection));
  });

  router.get('/v1/connections', internal, async (req, res) => {
    const query = parseInput(z.object({ tenantId: z.string().optional(), provider: z.string().optional(), limit: z.string().optional(), cursor: z.unknown().optional() }), req.query, 'query');
    const filters = { tenantId: query.tenantId, provider: query.provider };
    const page = keysetPage(services.cursors, { endpoint: 'connections.list', filters, limit: parseLimit(query.limit), principal: 'platform-admin', cursor: query.cursor });
    const { rows, pageInfo } = page.finish(
      await prisma.connection.findMany({
        where: { ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }), ...(query.provider === undefined ? {} : { provider: query.provider }), ...page.after },
        include: { providerHost: true },
        orderBy: KEYSET_ORDER,
        take: page.take,
      }),
    );
    sendCollection(res, rows.map(presentConnection), pageInfo);
  });

  const ManualSchema = z.object({
    provider: z.string(),
    accessToken: z.string().min(1).max(4096),
    tenantId: z.string().max(200).optional(),
    customerRef: z.string().max(200).optional(),
    host: z.string().max(200).optional(),
  });
  router.post('/v1/connections/manual', internal, async (req, res) => {
    const body = parseInput(ManualSchema, req.body, 'body');
    const provider = requireProvider(body.provider);
    const host = body.host === undefined ? hosts.defaultFor(provider) : hosts.byId(body.host);
    if (host.provider !== provider) throw gatewayError('INVALID_REQUEST', 'host belongs to another provider.');
    const tenantId = await resolveTenantId(prisma, body.tenantId);
    // Validated by reading the viewer: a token the provider refuses is never stored.
    const viewer = await providers.forToken(host, body.accessToken).getViewer();
    const customerId = body.customerRef === undefined ? null : (await upsertCustomer(prisma, { tenantId, customerRef: body.customerRef })).id;
    const connection = await saveConnection(services, {
      tenantId,
      customerId,
      userId: null,
      host,
      viewer,
      tokenType: 'token',
      tokens: { accessToken: body.accessToken, refreshToken: null, expiresAt: null, scopes: [] },
    });
    sendJson(res, 201, presentConnection(connection));
  });

  router.get('/v1/connections/:connectionId', internal, async (req, res) => {
    const connection = await prisma.connection.findUnique({ where: { id: String(req.params.connectionId) }, include: { providerHost: true } });
    if (connection === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connection.');
    sendJson(res, 200, presentConnection(connection));
  });

  router.delete('/v1/connections/:connectionId', internal, async (req, res) => {
    const connection = await prisma.connection.findUnique({ where: { id: String(req.params.connectionId) }, include: { providerHost: true } });
    if (connection === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connection.');
    // Its webhooks first, while its token can still remove them (their rows go with the connection).
    await removeUpstreamHooks(services, { connectionIds: [connection.id] });
    // The row goes, and with it the sealed tokens and every approval that named it.
    await prisma.connection.delete({ where: { id: connection.id } });
    services.platformAuth.invalidate();
    sendJson(res, 200, { ...presentConnection(connection), status: 'deleted' });
  });

  return router;
}
