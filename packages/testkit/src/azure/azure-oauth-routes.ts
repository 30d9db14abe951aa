import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { pkceMatches, readPkceChallenge } from '../server/pkce.js';
import type { AzureAuthState, AzureCredentials } from './azure-auth.js';

/** Microsoft Entra's error body (`AADSTS…` codes) for the v2.0 token endpoint. */
function entraError(status: number, error: string, code: number, text: string): SimulatorResponse {
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${String(code)}: ${text}`,
      error_codes: [code],
      timestamp: new Date(0).toISOString().replace('T', ' ').replace('.000Z', 'Z'),
      trace_id: '00000000-0000-0000-0000-000000000000',
      correlation_id: '00000000-0000-0000-0000-000000000000',
    },
  };
}

function formOf(request: SimulatorRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : request.rawBody);
}

/**
 * Microsoft Entra ID's OAuth 2 endpoints for Azure DevOps, on the simulator's host under the
 * tenant (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow):
 * `/{tenant}/oauth2/v2.0/authorize` consents at once and redirects back with a code,
 * `/{tenant}/oauth2/v2.0/token` exchanges codes (client secret or PKCE) and rotating refresh tokens.
 */
export function azureOAuthRoutes(credentials: AzureCredentials, auth: AzureAuthState): Route[] {
  const { oauth } = credentials;
  const tenantMatches = (request: SimulatorRequest): boolean =>
    [oauth.tenantId, 'common', 'organizations'].includes(request.params.tenant ?? '');
  return [
    {
      method: 'GET',
      path: '/:tenant/oauth2/v2.0/authorize',
      handler: (request) => {
        if (!tenantMatches(request))
          return {
            status: 400,
            text: `AADSTS90002: Tenant '${request.params.tenant ?? ''}' not found.`,
          };
        if (request.query.client_id !== oauth.clientId)
          return { status: 400, text: 'AADSTS700016: Application not found in the directory.' };
        if (request.query.response_type !== 'code')
          return {
            status: 400,
            text: 'AADSTS900144: The request body must contain response_type.',
          };
        const redirectUri = request.query.redirect_uri ?? oauth.redirectUri;
        if (redirectUri !== oauth.redirectUri)
          return {
            status: 400,
            text: 'AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.',
          };
        const pkce = readPkceChallenge(request.query, ['S256', 'plain']);
        if (pkce !== null && 'error' in pkce) return { status: 400, text: pkce.error };
        const target = new URL(redirectUri);
        const scope = request.query.scope ?? oauth.scopes.join(' ');
        target.searchParams.set('code', auth.newCode({ redirectUri, scope, pkce }));
        if (request.query.state !== undefined)
          target.searchParams.set('state', request.query.state);
        return { status: 302, headers: { location: target.toString() } };
      },
    },
    {
      method: 'POST',
      path: '/:tenant/oauth2/v2.0/token',
      handler: (request) => {
        if (!tenantMatches(request))
          return entraError(400, 'invalid_request', 90002, 'Tenant not found.');
        const form = formOf(request);
        if (form.get('client_id') !== oauth.clientId)
          return entraError(400, 'unauthorized_client', 700016, 'Application not found.');
        const secret = form.get('client_secret');
        if (secret !== null && secret !== oauth.clientSecret)
          return entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
        switch (form.get('grant_type') ?? '') {
          case 'authorization_code': {
            const pending = auth.takeCode(form.get('code') ?? '');
            if (pending === undefined)
              return entraError(
                400,
                'invalid_grant',
                70008,
                'The provided authorization code or refresh token has expired due to inactivity.',
              );
            if (form.get('redirect_uri') !== pending.redirectUri)
              return entraError(
                400,
                'invalid_grant',
                50148,
                'The redirect_uri does not match the one of the authorization request.',
              );
            // A confidential client proves itself with its secret, a public one with PKCE.
            if (pending.pkce === null && secret === null)
              return entraError(
                401,
                'invalid_client',
                7000218,
                "The request body must contain 'client_assertion' or 'client_secret'.",
              );
            if (pending.pkce !== null && !pkceMatches(pending.pkce, form.get('code_verifier')))
              return entraError(
                400,
                'invalid_grant',
                501481,
                'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
              );
            return { json: auth.issue(pending.scope) };
          }
          case 'refresh_token': {
            const token = form.get('refresh_token') ?? '';
            const scope = auth.refreshScope(token);
            if (scope === undefined)
              return entraError(
                400,
                'invalid_grant',
                9002313,
                'Invalid request. Request is malformed or invalid.',
              );
            return { json: auth.issue(form.get('scope') ?? scope, token) };
          }
          default:
            return entraError(
              400,
              'unsupported_grant_type',
              70003,
              'The app requested an unsupported grant type.',
            );
        }
      },
    },
  ];
}
