import { ScmError } from '@scm/core';
import { Router, type Request, type Response } from 'express';
import { bearerToken } from '../../auth/bearer.js';
import {
  openCompanySession,
  permittedScopes,
  readCompanySession,
  readConsentRequest,
  type CompanySession,
  type ConsentRequest,
} from '../../consent/consent.js';
import { FIRST_VIEW, renderConsent } from '../../consent/consent-page.js';
import { parseRepositoryPage } from '../../consent/accounts.js';
import { asList } from '../../consent/approval.js';
import { sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { hasControl } from '../../http/control-characters.js';
import { prefersHtml, sendErrorPage } from '../../http/error-page.js';
import { sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { exchangeToken, type ClientCredentials } from './grants.js';
import { introspectToken, revokeToken } from './introspection.js';
import { authorizationServerMetadata } from './metadata.js';
import { oauthError } from './oauth-errors.js';
import {
  ApproveSchema,
  AuthorizeClientSchema,
  ConsentPageSchema,
  AuthorizeQuerySchema,
  PlatformTokenSchema,
  TokenQuerySchema,
  TokenRequestSchema,
} from './schemas.js';
import { approveConsent, describeToken, findAuthorizingClient } from './service.js';
import { authenticateClient, issuePlatformToken } from './tokens.js';

/** `application/x-www-form-urlencoded` decoding of one HTTP Basic half (RFC 6749 §2.3.1). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw oauthError(
      'invalid_request',
      'The HTTP Basic credentials are not form-urlencoded (RFC 6749 section 2.3.1): percent-encode client_id and client_secret before base64.',
    );
  }
}

/**
 * The client's credentials (RFC 6749 §2.3.1): HTTP Basic (client_secret_basic) or client_id and
 * client_secret in the body (client_secret_post), one method per request.
 */
function clientCredentials(
  authorization: string | undefined,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
): ClientCredentials {
  if (typeof authorization === 'string' && /^Basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const index = decoded.indexOf(':');
    if (index < 1)
      throw oauthError(
        'invalid_client',
        'The HTTP Basic credentials must be base64 of client_id:client_secret.',
      );
    if (body.client_secret !== undefined)
      throw oauthError(
        'invalid_request',
        'Send the client credentials one way only: HTTP Basic or client_secret in the body, not both.',
      );
    const clientId = formDecode(decoded.slice(0, index));
    const clientSecret = formDecode(decoded.slice(index + 1));
    if (hasControl(clientId) || hasControl(clientSecret))
      throw oauthError(
        'invalid_client',
        'The HTTP Basic credentials hold a control character (such as NUL).',
      );
    if (body.client_id !== undefined && body.client_id !== clientId)
      throw oauthError('invalid_request', 'client_id in the body differs from the HTTP Basic one.');
    return { clientId, clientSecret, method: 'client_secret_basic' };
  }
  if (body.client_id === undefined || body.client_secret === undefined)
    throw oauthError(
      'invalid_client',
      'Authenticate the app: HTTP Basic with client_id:client_secret, or client_id and client_secret in the body.',
    );
  return {
    clientId: body.client_id,
    clientSecret: body.client_secret,
    method: 'client_secret_post',
  };
}

/** No-store on every answer that may carry a token (RFC 6749 §5.1). */
function noStore(res: Response): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
}

/**
 * An authorize request whose client or redirect URI is not known good (RFC 6749 §4.1.2.1: never
 * redirect then): an error page for a browser, the canonical error body for anything else.
 */
function refuseAuthorize(req: Request, res: Response, error: unknown): void {
  if (!ScmError.isInstance(error) || !prefersHtml(req)) throw error;
  sendErrorPage(req, res, error, {
    heading: 'This authorization link is broken',
    advice:
      "You were not sent back to the app, because the gateway cannot confirm where it came from. Tell the app's developer: the link needs a registered client_id and one of that app's registered redirect_uri values, exactly.",
    topBar: false,
  });
}

/** Redirects back to the app with an OAuth error (RFC 6749 §4.1.2.1, RFC 9207's `iss`). */
function redirectError(
  res: Response,
  issuer: string,
  redirectUri: string,
  error: string,
  state: string | null | undefined,
  description?: string,
): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  if (description !== undefined) target.searchParams.set('error_description', description);
  if (state != null) target.searchParams.set('state', state);
  target.searchParams.set('iss', issuer);
  res.redirect(303, target.toString());
}

export function oauthRouter(services: GatewayServices): Router {
  const router = Router();
  const issuer = services.config.publicUrl;

  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, authorizationServerMetadata(issuer));
  });

  /** The company session a consent form was made for (CSRF): same session, same customer. */
  const consentSession = (req: Request, request: ConsentRequest): CompanySession => {
    const company = readCompanySession(services, req);
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
    return company;
  };

  // Another page of repositories, a search or "select all": the consent form comes back to
  // /oauth/authorize by GET (its `request` field present) with what is ticked so far, and is shown
  // again; nothing is saved until Approve. Same path as the page itself, so its CSP (forms may end
  // at the app's redirect URIs) and iframe mode stay the same.
  const consentPage = async (req: Request, res: Response): Promise<void> => {
    const query = parseInput(ConsentPageSchema, req.query, 'query');
    const request = readConsentRequest(services, query.request);
    if (query.client_id !== request.clientId)
      throw gatewayError('INVALID_REQUEST', 'client_id does not match the consent request.');
    const session = consentSession(req, request);
    const client = await findAuthorizingClient(services, request.clientId);
    const search = query.clear === undefined ? query.q?.trim() : undefined;
    sendHtml(
      res,
      200,
      `Authorize ${client.name}`,
      await renderConsent(services, req, {
        request,
        client: { name: client.name, ownerName: client.ownerName },
        session,
        view: {
          picks: {
            repositories: asList(query.repository),
            scopes: asList(query.scope).filter((scope) => request.scopes.includes(scope)),
          },
          page: parseRepositoryPage(query.page),
          search: search === undefined || search === '' ? null : search,
          selectAll: query.select === 'all',
        },
      }),
    );
  };

  router.get('/oauth/authorize', async (req, res) => {
    if (typeof req.query.request === 'string') {
      await consentPage(req, res);
      return;
    }
    // First who is asking and where to answer: until both are known good nothing redirects.
    let client: Awaited<ReturnType<typeof findAuthorizingClient>>;
    let redirectUri: string;
    try {
      const target = parseInput(AuthorizeClientSchema, req.query, 'query');
      client = await findAuthorizingClient(services, target.client_id);
      // Exact match only: a redirect URI the app did not register is never redirected to.
      if (!client.redirectUriList.includes(target.redirect_uri))
        throw gatewayError(
          'INVALID_REQUEST',
          "redirect_uri is not one of this app's registered redirect URIs (exact match).",
        );
      redirectUri = target.redirect_uri;
    } catch (error) {
      refuseAuthorize(req, res, error);
      return;
    }
    // The state goes back as sent, or not at all when it is not a valid one.
    const rawState = req.query.state;
    const state = typeof rawState === 'string' && rawState.length <= 1024 ? rawState : undefined;
    const fail = (error: string, description: string): void => {
      redirectError(res, issuer, redirectUri, error, state, description);
    };
    const parsed = AuthorizeQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const fields = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      fail('invalid_request', `Invalid authorization request. ${fields.join('; ')}`);
      return;
    }
    const query = parsed.data;
    if (query.response_type === undefined) {
      fail('invalid_request', 'response_type is required (response_type=code)');
      return;
    }
    if (query.response_type !== 'code') {
      fail('unsupported_response_type', 'response_type must be code');
      return;
    }
    // Only scopes the app registered may be asked of a customer (RFC 6749 §3.3: invalid_scope).
    const registered = permittedScopes(client);
    const scopes = query.scope === undefined ? registered : parseScopeList(query.scope);
    if (
      scopes.length === 0 ||
      scopes.some((scope) => !isScope(scope) || !registered.includes(scope))
    ) {
      fail(
        'invalid_scope',
        "a requested scope is unknown or outside the app's registered permissions",
      );
      return;
    }
    if (query.code_challenge !== undefined && (query.code_challenge_method ?? 'plain') !== 'S256') {
      fail('invalid_request', 'only code_challenge_method=S256 is supported');
      return;
    }
    if (query.code_challenge === undefined && query.code_challenge_method !== undefined) {
      fail('invalid_request', 'code_challenge_method was sent without code_challenge');
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
      redirectUri,
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
      await renderConsent(services, req, {
        request,
        client: { name: client.name, ownerName: client.ownerName },
        session,
        view: FIRST_VIEW,
      }),
    );
  });

  router.post('/oauth/authorize/approve', async (req, res) => {
    const body = parseInput(ApproveSchema, req.body, 'body');
    const request = readConsentRequest(services, body.request);
    const company = consentSession(req, request);
    const scopes = sortScopes(asList(body.scope).filter((scope) => request.scopes.includes(scope)));
    if (scopes.length === 0) {
      redirectError(
        res,
        issuer,
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
    target.searchParams.set('iss', issuer);
    res.redirect(303, target.toString());
  });

  router.get('/oauth/authorize/deny', (req, res) => {
    const request = readConsentRequest(services, req.query.request);
    const company = readCompanySession(services, req);
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
    redirectError(res, issuer, request.redirectUri, 'access_denied', request.state);
  });

  // The OAuth JSON endpoints: their errors are RFC 6749 §5.2 bodies (oauth-errors.ts, mounted in
  // app.ts so that body-parser and throttle errors get the same form).
  router.post('/oauth/token', async (req, res) => {
    noStore(res);
    const body = parseInput(TokenRequestSchema, req.body, 'body');
    const credentials = clientCredentials(req.headers.authorization, body);
    sendJson(res, 200, await exchangeToken(services, credentials, body));
  });

  router.post('/oauth/introspect', async (req, res) => {
    noStore(res);
    const body = parseInput(TokenQuerySchema, req.body, 'body');
    const credentials = clientCredentials(req.headers.authorization, body);
    const client = await authenticateClient(
      services,
      credentials.clientId,
      credentials.clientSecret,
    );
    sendJson(res, 200, await introspectToken(services, client, body.token));
  });

  router.post('/oauth/revoke', async (req, res) => {
    noStore(res);
    const body = parseInput(TokenQuerySchema, req.body, 'body');
    const credentials = clientCredentials(req.headers.authorization, body);
    const client = await authenticateClient(
      services,
      credentials.clientId,
      credentials.clientSecret,
    );
    await revokeToken(services, client, body.token);
    // RFC 7009 §2.2: 200 whether or not the token was valid (or this app's).
    res.status(200).end();
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
