import { Router, type Response } from 'express';
import { bearerToken, readCookie } from '../../auth/bearer.js';
import {
  COMPANY_COOKIE,
  openCompanySession,
  permittedScopes,
  readCompanySession,
  readConsentRequest,
  renderConsent,
  type ConsentRequest,
} from '../../consent/consent.js';
import { asList } from '../../consent/approval.js';
import { sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import {
  ApproveSchema,
  AuthorizeQuerySchema,
  PlatformTokenSchema,
  TokenRequestSchema,
  type TokenRequest,
} from './schemas.js';
import { approveConsent, describeToken, findAuthorizingClient } from './service.js';
import { exchangeToken, issuePlatformToken, type ClientCredentials } from './tokens.js';

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1), else from the body. */
function clientCredentials(
  authorization: string | undefined,
  body: Pick<TokenRequest, 'client_id' | 'client_secret'>,
): ClientCredentials {
  if (typeof authorization === 'string' && /^Basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const index = decoded.indexOf(':');
    if (index > 0)
      return {
        clientId: decodeURIComponent(decoded.slice(0, index)),
        clientSecret: decodeURIComponent(decoded.slice(index + 1)),
      };
  }
  if (body.client_id === undefined || body.client_secret === undefined) {
    throw gatewayError('AUTH_REQUIRED', 'Send client_id and client_secret.');
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}

/** Redirects back to the app with an OAuth error (RFC 6749 §4.1.2.1), once its redirect URI is trusted. */
function redirectError(
  res: Response,
  redirectUri: string,
  error: string,
  state: string | null | undefined,
  description?: string,
): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  if (description !== undefined) target.searchParams.set('error_description', description);
  if (state != null) target.searchParams.set('state', state);
  res.redirect(303, target.toString());
}

export function oauthRouter(services: GatewayServices): Router {
  const router = Router();

  router.get('/oauth/authorize', async (req, res) => {
    const query = parseInput(AuthorizeQuerySchema, req.query, 'query');
    const client = await findAuthorizingClient(services, query.client_id);
    // Exact match only: a redirect URI the app did not register is never redirected to.
    if (!client.redirectUriList.includes(query.redirect_uri)) {
      throw gatewayError('INVALID_REQUEST', 'redirect_uri is not registered for this app.');
    }
    if (query.response_type !== 'code') {
      redirectError(
        res,
        query.redirect_uri,
        'unsupported_response_type',
        query.state,
        'response_type must be code',
      );
      return;
    }
    // Only scopes the app registered may be asked of a customer (RFC 6749 §3.3: invalid_scope).
    const registered = permittedScopes(client);
    const scopes = query.scope === undefined ? registered : parseScopeList(query.scope);
    if (
      scopes.length === 0 ||
      scopes.some((scope) => !isScope(scope) || !registered.includes(scope))
    ) {
      redirectError(
        res,
        query.redirect_uri,
        'invalid_scope',
        query.state,
        "a requested scope is unknown or outside the app's registered permissions",
      );
      return;
    }
    if (query.code_challenge !== undefined && (query.code_challenge_method ?? 'plain') !== 'S256') {
      redirectError(
        res,
        query.redirect_uri,
        'invalid_request',
        query.state,
        'only code_challenge_method=S256 is supported',
      );
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
    sendHtml(
      res,
      200,
      `Authorize ${client.name}`,
      await renderConsent(services, req, { request, clientName: client.name, session }),
    );
  });

  router.post('/oauth/authorize/approve', async (req, res) => {
    const body = parseInput(ApproveSchema, req.body, 'body');
    const request = readConsentRequest(services, body.request);
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    // The form is bound to the browser that opened it (CSRF): same session, same customer.
    if (
      company === null ||
      company.sid !== request.sid ||
      company.customerRef !== request.customerRef ||
      company.tenantId !== request.tenantId
    ) {
      throw gatewayError(
        'AUTH_REQUIRED',
        'The consent session has ended; open the authorization link again.',
      );
    }
    const scopes = sortScopes(asList(body.scope).filter((scope) => request.scopes.includes(scope)));
    if (scopes.length === 0) {
      redirectError(
        res,
        request.redirectUri,
        'invalid_scope',
        request.state,
        'no permission was approved',
      );
      return;
    }
    const { code } = await approveConsent(services, {
      request,
      company,
      scopes,
      repository: body.repository,
    });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== null) target.searchParams.set('state', request.state);
    res.redirect(303, target.toString());
  });

  router.get('/oauth/authorize/deny', (req, res) => {
    const request = readConsentRequest(services, req.query.request);
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    if (
      company === null ||
      company.sid !== request.sid ||
      company.customerRef !== request.customerRef
    ) {
      throw gatewayError(
        'AUTH_REQUIRED',
        'The consent session has ended; open the authorization link again.',
      );
    }
    redirectError(res, request.redirectUri, 'access_denied', request.state);
  });

  router.post('/oauth/token', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const body = parseInput(TokenRequestSchema, req.body, 'body');
    const credentials = clientCredentials(req.headers.authorization, body);
    sendJson(res, 200, await exchangeToken(services, credentials, body));
  });

  router.post('/v1/platform/tokens', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const body = parseInput(PlatformTokenSchema, req.body, 'body');
    sendJson(res, 201, await issuePlatformToken(services, body));
  });

  router.get('/v1/platform/client/me', async (req, res) => {
    const principal = await services.platformAuth.authenticate(bearerToken(req));
    sendJson(res, 200, await describeToken(services, principal.tokenId ?? ''));
  });

  return router;
}
