import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { pkceMatches, readPkceChallenge } from '../server/pkce.js';
import type { AuthState, BitbucketCredentials } from './bitbucket-auth.js';

/** RFC 6749 §5.2 error bodies, as Bitbucket's token endpoint sends them. */
function oauthError(status: number, error: string, description: string): SimulatorResponse {
  return { status, json: { error, error_description: description } };
}

function formOf(request: SimulatorRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : request.rawBody);
}

/** Client authentication: HTTP Basic (what Bitbucket documents) or `client_id`/`client_secret` in the form. */
function clientOf(
  request: SimulatorRequest,
  form: URLSearchParams,
): { id: string; secret: string } {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return { id: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

/**
 * Bitbucket's OAuth 2 endpoints on the web host
 * (developer.atlassian.com/cloud/bitbucket/oauth-2/): `/site/oauth2/authorize` approves at once
 * and redirects back with a code, `/site/oauth2/access_token` exchanges codes and refresh tokens.
 */
export function bitbucketOAuthRoutes(credentials: BitbucketCredentials, auth: AuthState): Route[] {
  const { oauth } = credentials;
  return [
    {
      method: 'GET',
      path: '/site/oauth2/authorize',
      handler: (request) => {
        if (request.query.client_id !== oauth.clientId)
          return { status: 400, text: 'Invalid client_id' };
        if (request.query.response_type !== 'code')
          return { status: 400, text: 'Unsupported response_type' };
        const pkce = readPkceChallenge(request.query);
        if (pkce !== null && 'error' in pkce) return { status: 400, text: pkce.error };
        const redirectUri = request.query.redirect_uri ?? null;
        const target = new URL(redirectUri ?? oauth.callbackUrl);
        target.searchParams.set('code', auth.newCode(redirectUri, pkce));
        if (request.query.state !== undefined)
          target.searchParams.set('state', request.query.state);
        return { status: 302, headers: { location: target.toString() } };
      },
    },
    {
      method: 'POST',
      path: '/site/oauth2/access_token',
      handler: (request) => {
        const form = formOf(request);
        const client = clientOf(request, form);
        if (client.id !== oauth.clientId || client.secret !== oauth.clientSecret)
          return oauthError(401, 'invalid_client', 'Invalid OAuth client credentials');
        switch (form.get('grant_type') ?? '') {
          case 'authorization_code': {
            const entry = auth.takeCode(form.get('code') ?? '');
            if (entry === undefined)
              return oauthError(400, 'invalid_grant', 'The code is invalid or expired.');
            if (entry.redirectUri !== null && form.get('redirect_uri') !== entry.redirectUri)
              return oauthError(400, 'invalid_grant', 'redirect_uri does not match.');
            // A code issued for a PKCE challenge needs the verifier that answers it.
            if (entry.pkce !== null && !pkceMatches(entry.pkce, form.get('code_verifier')))
              return oauthError(400, 'invalid_grant', 'code_verifier does not match.');
            return { json: auth.issue() };
          }
          case 'refresh_token': {
            const refreshToken = form.get('refresh_token') ?? '';
            if (!auth.hasRefreshToken(refreshToken))
              return oauthError(400, 'invalid_grant', 'Invalid refresh_token');
            return { json: auth.issue(refreshToken) };
          }
          default:
            return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
        }
      },
    },
  ];
}
