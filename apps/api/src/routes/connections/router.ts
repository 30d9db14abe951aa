import { createPkcePair, pkceChallenge, ScmError } from '@scm/core';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { assertAdminKey, requireAdminKey } from '../../auth/admin-auth.js';
import { readCookie } from '../../auth/bearer.js';
import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { sendCollection, sendJson, parseLimit } from '../../http/collections.js';
import { resolveTenantId, upsertCustomer } from '../../customers.js';
import { gatewayError } from '../../http/errors.js';
import { escapeHtml, sendHtml } from '../../http/html.js';
import { keysetPage, KEYSET_ORDER } from '../../http/keyset-page.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { COMPANY_COOKIE, ensureSessionCustomer, readCompanySession, setCompanySession } from '../oauth/consent.js';
import { requireProvider } from '../unified/repository-access.js';
import { removeUpstreamHooks } from '../../webhooks/remove-hooks.js';
import { carriesBinding, clearBindingCookie, newBinding, setBindingCookie } from './oauth-binding.js';
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
  /**
   * SHA-256 of the browser-binding cookie's value (oauth-binding.ts): set by a browser start, or
   * by `/begin` for a flow started with JSON; until then the callback refuses the state.
   */
  bindingHash?: string;
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
    // UNSUPPORTED_PROVIDER before anything is stored when the host has no OAuth client.
    providers.oauth(host);
    const browser = query.web === true || query.redirect === true || query.popup === true;
    const payload: StatePayload = {
      mode: query.popup === true ? 'popup' : browser ? 'web' : 'api',
      returnTo: safeReturnTo(query.returnTo),
      ...(await owner(req, query, browser)),
    };
    const state = newSecret('sgst');
    const expiresAt = new Date(now() + STATE_TTL_MS);
    const stateId = newId('ost');
    // A browser start binds the flow to this browser at once; a JSON start when its link is opened.
    const binding = browser ? newBinding() : null;
    const pkce = createPkcePair();
    await prisma.oAuthState.create({
      data: {
        id: stateId,
        stateHash: hashSecret(state),
        provider,
        providerHostId: host.id,
        payload: JSON.stringify(binding === null ? payload : { ...payload, bindingHash: binding.hash }),
        codeVerifierEnc: services.secretBox.encrypt(pkce.verifier),
        expiresAt,
      },
    });
    if (binding !== null) {
      setBindingCookie(services, res, { stateId, provider, value: binding.value, maxAgeSeconds: STATE_TTL_MS / 1000 });
      res.redirect(302, authorizeUrl(host, state, pkce.challenge));
      return;
    }
    // An API client is not the browser that will sign in: it gets a link to the gateway that binds
    // the first browser to open it (the developer's own, when a developer session started it).
    const authorizationUrl = `${config.publicUrl}/v1/auth/${provider}/begin?${new URLSearchParams({ state }).toString()}`;
    sendJson(res, 200, { provider, host: host.host, authorizationUrl, state, expiresAt: expiresAt.toISOString() });
  });

  /** The provider's authorize URL of a state, with its PKCE challenge (S256). */
  const authorizeUrl = (host: ReturnType<typeof hosts.byId>, state: string, codeChallenge: string): string => {
    const scopes = hosts.oauthScopes(host);
    return providers.oauth(host).authorizeUrl({ redirectUri: `${config.publicUrl}/v1/auth/${host.provider}/callback`, state, codeChallenge, ...(scopes === undefined ? {} : { scopes }) });
  };

  /**
   * The link a JSON start answers with, opened in a browser: binds the flow to that browser (once,
   * the first browser wins) and goes on to the provider. A flow a developer session started needs
   * that developer signed in in this browser; one the admin key started is bound to whichever
   * browser opens the link first.
   */
  router.get('/v1/auth/:provider/begin', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(z.object({ state: z.string().min(1).max(512) }), req.query, 'query');
    const row = await prisma.oAuthState.findUnique({ where: { stateHash: hashSecret(query.state) } });
    if (row === null || row.provider !== provider) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    if (row.usedAt !== null || row.expiresAt.getTime() <= now()) throw gatewayError('INVALID_REQUEST', 'This sign-in link has expired or was used; start again.');
    const payload = JSON.parse(row.payload) as StatePayload;
    if (payload.mode !== 'api' || payload.bindingHash !== undefined) throw gatewayError('INVALID_REQUEST', 'This sign-in link was already opened; start again.');
    if (payload.userId !== null) {
      const session = await services.sessions.optional(req);
      if (session?.user.id !== payload.userId) throw gatewayError('AUTH_REQUIRED', 'Open this link in a browser signed in to the gateway as the developer who started it.');
    }
    const binding = newBinding();
    // Compare-and-set on the payload: of two browsers opening the link at once, one wins.
    const claimed = await prisma.oAuthState.updateMany({
      where: { id: row.id, payload: row.payload, usedAt: null },
      data: { payload: JSON.stringify({ ...payload, bindingHash: binding.hash }) },
    });
    if (claimed.count !== 1) throw gatewayError('INVALID_REQUEST', 'This sign-in link was already opened; start again.');
    if (row.codeVerifierEnc === null) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    setBindingCookie(services, res, { stateId: row.id, provider, value: binding.value, maxAgeSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now()) / 1000)) });
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, authorizeUrl(hosts.byId(row.providerHostId), query.state, pkceChallenge(services.secretBox.decrypt(row.codeVerifierEnc))));
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
    const payload = JSON.parse(row.payload) as StatePayload;
    // Only the browser that started the flow may finish it (before the state is spent: a stranger's
    // browser sent the link must not burn it either).
    if (!carriesBinding(req, { stateId: row.id, bindingHash: payload.bindingHash })) {
      const message = 'This sign-in was started in another browser (or its cookie has expired). Start again from the page you came from, in this browser.';
      if (payload.mode === 'api') throw gatewayError('INVALID_REQUEST', message);
      sendHtml(res, 400, 'Sign-in not completed', `<h1>Sign-in not completed</h1>\n<p class="error">${escapeHtml(message)}</p>`);
      return;
    }
    clearBindingCookie(services, res, { stateId: row.id, provider });
    // Consumed once, whatever happens next: a replayed callback is refused.
    const claimed = await prisma.oAuthState.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date(now()) } });
    if (claimed.count === 0) throw gatewayError('INVALID_REQUEST', 'This OAuth state was already used.');
    if (row.expiresAt.getTime() <= now()) throw gatewayError('INVALID_REQUEST', 'The OAuth state has expired; start again.');
    if (query.error !== undefined) {
      throw new ScmError(query.error === 'access_denied' ? 'APPROVAL_REQUIRED' : 'INVALID_REQUEST', {
        provider,
        message: `The provider returned error=${query.error.slice(0, 60)}.`,
      });
    }
    if (query.code === undefined) throw gatewayError('INVALID_REQUEST', 'code is missing.');
    const host = hosts.byId(row.providerHostId);
    const tokens = await providers.oauth(host).exchangeCode({
      code: query.code,
      redirectUri: `${config.publicUrl}/v1/auth/${provider}/callback`,
      // PKCE: the verifier of the challenge the authorize URL carried.
      ...(row.codeVerifierEnc === null ? {} : { codeVerifier: services.secretBox.decrypt(row.codeVerifierEnc) }),
    });
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
