import { Router, type Response } from 'express';
import { z } from 'zod';
import { bearerToken, readCookie } from '../../auth/bearer.js';
import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { retryOnUniqueViolation } from '../../db/unique.js';
import { sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import { readList, writeList } from '../../json-list.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { asList, resolvePicks, saveApproval } from '../../consent/approval.js';
import { COMPANY_COOKIE, loadVerifiedConnections, openCompanySession, permittedScopes, readCompanySession, readConsentRequest, renderConsent, type ConsentRequest } from '../../consent/consent.js';
import { connectionIdsFor, exchangeToken, issuePlatformToken } from './tokens.js';

const CODE_TTL_MS = 60_000;

const AuthorizeQuerySchema = z.object({
  response_type: z.string().optional(),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2048),
  scope: z.string().max(2000).optional(),
  state: z.string().max(1024).optional(),
  customer_ref: z.string().min(1).max(200).optional(),
  customer_name: z.string().min(1).max(200).optional(),
  code_challenge: z.string().min(43).max(128).optional(),
  code_challenge_method: z.string().optional(),
});

/** Redirects back to the app with an OAuth error (RFC 6749 §4.1.2.1), once its redirect URI is trusted. */
function redirectError(res: Response, redirectUri: string, error: string, state: string | null | undefined, description?: string): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  if (description !== undefined) target.searchParams.set('error_description', description);
  if (state != null) target.searchParams.set('state', state);
  res.redirect(303, target.toString());
}

export function oauthRouter(services: GatewayServices): Router {
  const router = Router();
  const { prisma, now } = services;

  router.get('/oauth/authorize', async (req, res) => {
    const query = parseInput(AuthorizeQuerySchema, req.query, 'query');
    const client = await prisma.oAuthClient.findUnique({ where: { id: query.client_id } });
    if (client === null || client.deletedAt !== null) throw gatewayError('INVALID_CREDENTIALS', 'Unknown client_id.');
    // Exact match only: a redirect URI the app did not register is never redirected to.
    if (!readList(client.redirectUris).includes(query.redirect_uri)) {
      throw gatewayError('INVALID_REQUEST', 'redirect_uri is not registered for this app.');
    }
    if (query.response_type !== 'code') {
      redirectError(res, query.redirect_uri, 'unsupported_response_type', query.state, 'response_type must be code');
      return;
    }
    // Only scopes the app registered may be asked of a customer (RFC 6749 §3.3: invalid_scope).
    const registered = permittedScopes(client);
    const scopes = query.scope === undefined ? registered : parseScopeList(query.scope);
    if (scopes.length === 0 || scopes.some((scope) => !isScope(scope) || !registered.includes(scope))) {
      redirectError(res, query.redirect_uri, 'invalid_scope', query.state, "a requested scope is unknown or outside the app's registered permissions");
      return;
    }
    if (query.code_challenge !== undefined && (query.code_challenge_method ?? 'plain') !== 'S256') {
      redirectError(res, query.redirect_uri, 'invalid_request', query.state, 'only code_challenge_method=S256 is supported');
      return;
    }

    const session = await openCompanySession(services, req, res, {
      tenantId: client.tenantId,
      clientId: client.id,
      customerRef: query.customer_ref,
      customerName: query.customer_name,
    });
    const request: ConsentRequest = {
      sid: session.sid,
      clientId: client.id,
      redirectUri: query.redirect_uri,
      state: query.state ?? null,
      scopes: sortScopes(scopes),
      customerRef: session.customerRef,
      tenantId: client.tenantId,
      codeChallenge: query.code_challenge ?? null,
      codeChallengeMethod: query.code_challenge === undefined ? null : 'S256',
    };
    sendHtml(res, 200, `Authorize ${client.name}`, await renderConsent(services, req, { request, clientName: client.name, session }));
  });

  const ApproveSchema = z.object({
    request: z.string().min(1).max(4096),
    scope: z.union([z.string(), z.array(z.string())]).optional(),
    repository: z.union([z.string(), z.array(z.string())]).optional(),
  });

  router.post('/oauth/authorize/approve', async (req, res) => {
    const body = parseInput(ApproveSchema, req.body, 'body');
    const request = readConsentRequest(services, body.request);
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    // The form is bound to the browser that opened it (CSRF): same session, same customer.
    if (company === null || company.sid !== request.sid || company.customerRef !== request.customerRef || company.tenantId !== request.tenantId) {
      throw gatewayError('AUTH_REQUIRED', 'The consent session has ended; open the authorization link again.');
    }
    const scopes = sortScopes(asList(body.scope).filter((scope) => request.scopes.includes(scope)));
    if (scopes.length === 0) {
      redirectError(res, request.redirectUri, 'invalid_scope', request.state, 'no permission was approved');
      return;
    }
    // Approving needs proof: an account of this customer that this browser signed into.
    const connections = await loadVerifiedConnections(services, { customerId: company.customerId, tenantId: request.tenantId, verifiedConnectionIds: company.connectionIds });
    if (company.customerId === null || connections.length === 0) throw gatewayError('AUTH_REQUIRED', 'Sign in to one of your provider accounts on this page first.');
    const customerId = company.customerId;
    const repositories = await resolvePicks(services, connections, asList(body.repository));
    const verified = connections.map((connection) => connection.id);

    const code = newSecret('sggac');
    await retryOnUniqueViolation(() =>
      prisma.$transaction(async (tx) => {
        const authorizationId = await saveApproval(tx, { tenantId: request.tenantId, clientId: request.clientId, customerId, scopes, repositories, verified });
        await tx.authorizationCode.create({
          data: {
            id: newId('code'),
            codeHash: hashSecret(code),
            authorizationId,
            clientId: request.clientId,
            redirectUri: request.redirectUri,
            codeChallenge: request.codeChallenge,
            codeChallengeMethod: request.codeChallengeMethod,
            permissions: writeList(scopes),
            expiresAt: new Date(now() + CODE_TTL_MS),
          },
        });
      }),
    );
    services.platformAuth.invalidate();
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== null) target.searchParams.set('state', request.state);
    res.redirect(303, target.toString());
  });

  router.get('/oauth/authorize/deny', (req, res) => {
    const request = readConsentRequest(services, req.query.request);
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    if (company === null || company.sid !== request.sid || company.customerRef !== request.customerRef) {
      throw gatewayError('AUTH_REQUIRED', 'The consent session has ended; open the authorization link again.');
    }
    redirectError(res, request.redirectUri, 'access_denied', request.state);
  });

  router.post('/oauth/token', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 200, await exchangeToken(services, req));
  });

  router.post('/v1/platform/tokens', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, await issuePlatformToken(services, req));
  });

  router.get('/v1/platform/client/me', async (req, res) => {
    const principal = await services.platformAuth.authenticate(bearerToken(req));
    const token = await prisma.accessToken.findUniqueOrThrow({ where: { id: principal.tokenId ?? '' }, include: { client: true, tenant: true } });
    sendJson(res, 200, {
      token: {
        id: token.id,
        issuedBy: token.issuedBy,
        permissions: readList(token.permissions),
        expiresAt: token.expiresAt.toISOString(),
        authorizationId: token.authorizationId,
        connectionIds: await connectionIdsFor(services, token.authorizationId, token.clientId, token.tenantId),
      },
      client: { id: token.client.id, name: token.client.name, description: token.client.description },
      tenant: { id: token.tenant.id, name: token.tenant.name, slug: token.tenant.slug },
    });
  });

  return router;
}
