import { createPkcePair, pkceChallenge, ScmError } from '@scm/core';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { assertAdminKey, requireAdminKey } from '../../auth/admin-auth.js';
import { newId, newSecret } from '../../crypto/tokens.js';
import { sendCollection, sendJson, parseLimit } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { escapeHtml, sendHtml } from '../../http/html.js';
import { isGatewayPath } from '../../http/gateway-path.js';
import { keysetPage } from '../../http/keyset-page.js';
import { passThrough } from '../../http/throttle.js';
import { parseInput } from '../../http/validate.js';
import {
  bindOAuthState,
  createOAuthState,
  findOAuthState,
  spendOAuthState,
} from '../../auth/oauth-states.js';
import { findTenantHost, resolveTenantHost } from '../../integrations/hosts.js';
import type { ProviderHostRecord } from '../../providers/registry.js';
import type { GatewayServices } from '../../services.js';
import {
  ensureSessionCustomer,
  readCompanySession,
  setCompanySession,
} from '../../consent/consent.js';
import { requireProvider } from '../../providers/require-provider.js';
import {
  carriesBinding,
  clearBindingCookie,
  newBinding,
  setBindingCookie,
} from '../../auth/browser-binding.js';
import {
  BeginQuerySchema,
  CallbackQuerySchema,
  ConnectionIdParams,
  ListQuerySchema,
  ManualSchema,
  StartQuerySchema,
} from './schemas.js';
import {
  customerIdFor,
  deleteConnection,
  findConnection,
  listConnections,
  presentConnection,
  resolveTenant,
  parseStatePayload,
  saveConnection,
  type StatePayload,
  requireStarterStillMember,
} from './service.js';

const STATE_TTL_MS = 10 * 60_000;

// Only a path on this gateway: never an open redirect to another site.
function safeReturnTo(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!isGatewayPath(value))
    throw gatewayError('INVALID_REQUEST', 'returnTo must be a path on this gateway.');
  return value;
}

export function connectionsRouter(services: GatewayServices): Router {
  const router = Router();
  const { hosts, providers, config, now } = services;
  // Internal in the seed ("none (internal)"): behind the admin key unless ENFORCE_PLATFORM_AUTH=false.
  const internal: RequestHandler = config.enforcePlatformAuth
    ? requireAdminKey(services.adminApiKey)
    : (_req, _res, next) => {
        next();
      };

  /** Who is starting a provider connection, and for whom it will be stored. */
  const owner = async (
    req: Request,
    res: Response,
    query: z.infer<typeof StartQuerySchema>,
    browser: boolean,
  ): Promise<Omit<StatePayload, 'mode' | 'returnTo'>> => {
    const company = readCompanySession(services, req);
    if (browser && company !== null) {
      // Anyone who opens /oauth/authorize gets a company cookie, and each start stores a state.
      await passThrough(req, res, services.throttles.authStartIp);
      return {
        tenantId: company.tenantId,
        customerId: company.customerId,
        company: { customerRef: company.customerRef, customerName: company.customerName },
        userId: null,
      };
    }
    const session = await services.sessions.optional(req);
    if (session !== null) {
      const tenantId = query.tenantId ?? session.tenantId;
      if (!session.memberships.some((membership) => membership.tenantId === tenantId))
        throw gatewayError('INSUFFICIENT_SCOPE', 'You are not a member of that tenant.');
      return { tenantId, customerId: null, userId: session.user.id };
    }
    if (config.enforcePlatformAuth) assertAdminKey(req, services.adminApiKey);
    const tenantId = await resolveTenant(services, query.tenantId);
    const customerId = await customerIdFor(services, tenantId, query.customerRef);
    return { tenantId, customerId, userId: null };
  };

  router.get('/v1/auth/:provider/start', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(StartQuerySchema, req.query, 'query');
    const browser = query.web === true || query.redirect === true || query.popup === true;
    const payload: StatePayload = {
      mode: query.popup === true ? 'popup' : browser ? 'web' : 'api',
      returnTo: safeReturnTo(query.returnTo),
      ...(await owner(req, res, query, browser)),
    };
    const host =
      query.host === undefined
        ? hosts.defaultFor(provider)
        : await findTenantHost(services, payload.tenantId, query.host);
    if (host.provider !== provider)
      throw gatewayError('INVALID_REQUEST', 'host belongs to another provider.');
    // UNSUPPORTED_PROVIDER before anything is stored when the host has no OAuth client.
    providers.oauth(host);
    const state = newSecret('sgst');
    const expiresAt = new Date(now() + STATE_TTL_MS);
    const stateId = newId('ost');
    // A browser start binds the flow to this browser at once; a JSON start when its link is opened.
    const binding = browser ? newBinding() : null;
    const pkce = createPkcePair();
    await createOAuthState(services, {
      id: stateId,
      state,
      provider,
      providerHostId: host.id,
      payload: binding === null ? payload : { ...payload, bindingHash: binding.hash },
      codeVerifier: pkce.verifier,
      expiresAt,
    });
    if (binding !== null) {
      setBindingCookie(services, res, {
        stateId,
        path: `/v1/auth/${provider}/callback`,
        value: binding.value,
        maxAgeSeconds: STATE_TTL_MS / 1000,
      });
      res.redirect(302, authorizeUrl(host, state, pkce.challenge));
      return;
    }
    // An API client is not the browser that will sign in: it gets a link to the gateway that binds
    // the first browser to open it (the developer's own, when a developer session started it).
    const authorizationUrl = `${config.publicUrl}/v1/auth/${provider}/begin?${new URLSearchParams({ state }).toString()}`;
    sendJson(res, 200, {
      path: `/v1/auth/${provider}/callback`,
      host: host.host,
      authorizationUrl,
      state,
      expiresAt: expiresAt.toISOString(),
    });
  });

  /** The provider's authorize URL of a state, with its PKCE challenge (S256). */
  const authorizeUrl = (host: ProviderHostRecord, state: string, codeChallenge: string): string => {
    const scopes = hosts.oauthScopes(host);
    return providers.oauth(host).authorizeUrl({
      redirectUri: `${config.publicUrl}/v1/auth/${host.provider}/callback`,
      state,
      codeChallenge,
      ...(scopes === undefined ? {} : { scopes }),
    });
  };

  /**
   * The link a JSON start answers with, opened in a browser: binds the flow to that browser (once,
   * the first browser wins) and goes on to the provider. A flow a developer session started needs
   * that developer signed in in this browser; one the admin key started is bound to whichever
   * browser opens the link first.
   */
  router.get('/v1/auth/:provider/begin', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(BeginQuerySchema, req.query, 'query');
    const row = await findOAuthState(services, query.state, provider, parseStatePayload);
    if (row === null) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    if (row.usedAt !== null || row.expiresAt.getTime() <= now())
      throw gatewayError(
        'INVALID_REQUEST',
        'This sign-in link has expired or was used; start again.',
      );
    const { payload } = row;
    if (payload.mode !== 'api' || payload.bindingHash !== undefined)
      throw gatewayError('INVALID_REQUEST', 'This sign-in link was already opened; start again.');
    if (payload.userId !== null) {
      const session = await services.sessions.optional(req);
      if (session?.user.id !== payload.userId)
        throw gatewayError(
          'AUTH_REQUIRED',
          'Open this link in a browser signed in to the gateway as the developer who started it.',
        );
    }
    const binding = newBinding();
    // Compare-and-set on the payload: of two browsers opening the link at once, one wins.
    if (!(await bindOAuthState(services, row, binding.hash)))
      throw gatewayError('INVALID_REQUEST', 'This sign-in link was already opened; start again.');
    const codeVerifier = row.codeVerifier();
    if (codeVerifier === null) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    setBindingCookie(services, res, {
      stateId: row.id,
      path: `/v1/auth/${provider}/callback`,
      value: binding.value,
      maxAgeSeconds: Math.max(1, Math.ceil((row.expiresAt.getTime() - now()) / 1000)),
    });
    res.setHeader('cache-control', 'no-store');
    res.redirect(
      302,
      authorizeUrl(
        await findTenantHost(services, payload.tenantId, row.providerHostId),
        query.state,
        pkceChallenge(codeVerifier),
      ),
    );
  });

  router.get('/v1/auth/:provider/callback', async (req, res) => {
    const provider = requireProvider(req.params.provider);
    const query = parseInput(CallbackQuerySchema, req.query, 'query');
    const row = await findOAuthState(services, query.state, provider, parseStatePayload);
    if (row === null) throw gatewayError('INVALID_REQUEST', 'Unknown OAuth state.');
    const { payload } = row;
    // Only the browser that started the flow may finish it (before the state is spent: a stranger's
    // browser sent the link must not burn it either).
    if (!carriesBinding(services, req, { stateId: row.id, bindingHash: payload.bindingHash })) {
      const message =
        'This sign-in was started in another browser (or its cookie has expired). Start again from the page you came from, in this browser.';
      if (payload.mode === 'api') throw gatewayError('INVALID_REQUEST', message);
      sendHtml(
        res,
        400,
        'Sign-in not completed',
        `<h1>Sign-in not completed</h1>\n<p class="error">${escapeHtml(message)}</p>`,
      );
      return;
    }
    clearBindingCookie(services, res, { stateId: row.id, path: `/v1/auth/${provider}/callback` });
    // Consumed once, whatever happens next: a replayed callback is refused.
    if (!(await spendOAuthState(services, row.id)))
      throw gatewayError('INVALID_REQUEST', 'This OAuth state was already used.');
    if (row.expiresAt.getTime() <= now())
      throw gatewayError('INVALID_REQUEST', 'The OAuth state has expired; start again.');
    if (query.error !== undefined) {
      throw new ScmError(
        query.error === 'access_denied' ? 'APPROVAL_REQUIRED' : 'INVALID_REQUEST',
        {
          provider,
          message: `The provider returned error=${query.error.slice(0, 60)}.`,
        },
      );
    }
    if (query.code === undefined) throw gatewayError('INVALID_REQUEST', 'code is missing.');
    await requireStarterStillMember(services, payload);
    const host = await findTenantHost(services, payload.tenantId, row.providerHostId);
    const tokens = await providers.oauth(host).exchangeCode({
      code: query.code,
      redirectUri: `${config.publicUrl}/v1/auth/${provider}/callback`,
      // PKCE: the verifier of the challenge the authorize URL carried.
      ...(row.hasCodeVerifier ? { codeVerifier: row.codeVerifier() ?? '' } : {}),
    });
    const viewer = await providers.forToken(host, tokens.accessToken, { oauth: true }).getViewer();
    // A hosted page's customer is stored only now that the browser proved a provider account.
    const customerId =
      payload.customerId ??
      (payload.company === undefined
        ? null
        : await ensureSessionCustomer(services, {
            tenantId: payload.tenantId,
            customerId: null,
            ...payload.company,
          }));
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
    const company = readCompanySession(services, req);
    if (
      company !== null &&
      customerId !== null &&
      payload.company !== undefined &&
      company.tenantId === payload.tenantId &&
      company.customerRef === payload.company.customerRef
    ) {
      setCompanySession(services, res, {
        ...company,
        customerId,
        connectionIds: [...new Set([...company.connectionIds, connection.id])].slice(-20),
      });
    }
    if (payload.mode !== 'api' && payload.returnTo !== null) {
      res.redirect(303, payload.returnTo);
      return;
    }
    sendJson(res, 200, presentConnection(connection));
  });

  router.get('/v1/connections', internal, async (req, res) => {
    const query = parseInput(ListQuerySchema, req.query, 'query');
    const filters = { tenantId: query.tenantId, provider: query.provider };
    const page = keysetPage(services.cursors, {
      endpoint: 'connections.list',
      filters,
      limit: parseLimit(query.limit),
      principal: 'platform-admin',
      cursor: query.cursor,
    });
    const { rows, pageInfo } = page.finish(await listConnections(services, filters, page));
    sendCollection(res, rows.map(presentConnection), pageInfo);
  });

  router.post('/v1/connections/manual', internal, async (req, res) => {
    const body = parseInput(ManualSchema, req.body, 'body');
    const provider = requireProvider(body.provider);
    const tenantId = await resolveTenant(services, body.tenantId);
    // A host id, or a host URL: a GHES or self-managed GitLab is registered for the tenant on first use.
    const host =
      body.host === undefined
        ? hosts.defaultFor(provider)
        : body.host.includes('://')
          ? await resolveTenantHost(services, { tenantId, provider, hostUrl: body.host })
          : await findTenantHost(services, tenantId, body.host);
    if (host.provider !== provider)
      throw gatewayError('INVALID_REQUEST', 'host belongs to another provider.');
    // Validated by reading the viewer: a token the provider refuses is never stored.
    const viewer = await providers.forToken(host, body.accessToken).getViewer();
    const customerId = await customerIdFor(services, tenantId, body.customerRef);
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
    const { connectionId } = parseInput(ConnectionIdParams, req.params, 'params');
    sendJson(res, 200, presentConnection(await findConnection(services, connectionId)));
  });

  router.delete('/v1/connections/:connectionId', internal, async (req, res) => {
    const { connectionId } = parseInput(ConnectionIdParams, req.params, 'params');
    const connection = await deleteConnection(services, connectionId);
    sendJson(res, 200, { ...presentConnection(connection), status: 'deleted' });
  });

  return router;
}
