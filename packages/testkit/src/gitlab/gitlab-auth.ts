import { randomBytes } from 'node:crypto';
import { pkceMatches, readPkceChallenge, type PkceChallenge } from '../server/pkce.js';
import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';

/** The token kinds the simulated instance accepts. */
export interface GitLabCredentials {
  /** A personal access token, accepted only in `PRIVATE-TOKEN`. */
  personalToken: string;
  /** A token of a user who has not accepted the instance's terms: every call is refused by policy. */
  restrictedToken: string;
  /** A personal access token with only `read_user`: the API beyond `/user` is out of scope. */
  readUserToken: string;
  clientId: string;
  clientSecret: string;
}

interface AccessToken {
  expiresAt: number;
  scopes: string[];
  revoked: boolean;
}

interface Grant {
  redirectUri: string;
  scopes: string[];
  /** The PKCE challenge of the authorization request, checked at the exchange. */
  pkce: PkceChallenge | null;
}

export interface OAuthIssue {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  created_at: number;
}

/** OAuth application state: codes, access tokens, refresh tokens (single use, rotated). */
export interface GitLabOAuthState {
  issue(scopes: string[]): OAuthIssue;
  authorize(request: SimulatorRequest): SimulatorResponse;
  token(request: SimulatorRequest): SimulatorResponse;
  /** Null when the request is authenticated with `scope` (or a broader one); else the refusal. */
  check(
    request: SimulatorRequest,
    needs: 'read_user' | 'read_api' | 'api',
  ): SimulatorResponse | null;
  /** Revokes an access token, as a user revoking the application would. */
  revoke(accessToken: string): void;
}

const SCOPE_COVERS: Readonly<Record<string, readonly string[]>> = {
  api: ['api', 'read_api', 'read_user'],
  read_api: ['read_api', 'read_user'],
  read_user: ['read_user'],
};

function header(request: SimulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function formOf(request: SimulatorRequest): Record<string, string> {
  if (typeof request.body === 'object' && request.body !== null) {
    return Object.fromEntries(
      Object.entries(request.body as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return Object.fromEntries(new URLSearchParams(request.rawBody));
}

const oauthError = (status: number, error: string, description: string): SimulatorResponse => ({
  status,
  json: { error, error_description: description },
});

const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

export function createGitLabOAuthState(options: {
  credentials: GitLabCredentials;
  now: () => number;
  tokenLifetimeSeconds: number;
}): GitLabOAuthState {
  const { credentials, now } = options;
  const codes = new Map<string, Grant>();
  const access = new Map<string, AccessToken>();
  const refresh = new Map<string, { scopes: string[]; accessToken: string }>();
  const random = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

  const issue = (scopes: string[]): OAuthIssue => {
    const accessToken = random('sim-oauth-');
    const refreshToken = random('sim-refresh-');
    access.set(accessToken, {
      expiresAt: now() + options.tokenLifetimeSeconds * 1000,
      scopes,
      revoked: false,
    });
    refresh.set(refreshToken, { scopes, accessToken });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
      created_at: Math.floor(now() / 1000),
    };
  };

  const clientOk = (form: Record<string, string>): boolean =>
    form.client_id === credentials.clientId && form.client_secret === credentials.clientSecret;

  const insufficient = (scope: string): SimulatorResponse => ({
    status: 403,
    json: {
      error: 'insufficient_scope',
      error_description:
        'The request requires higher privileges than provided by the access token.',
      scope,
    },
  });

  return {
    issue,

    authorize(request) {
      const {
        client_id: clientId,
        redirect_uri: redirectUri,
        response_type: type,
        state,
      } = request.query;
      if (clientId !== credentials.clientId || redirectUri === undefined || type !== 'code')
        return oauthError(400, 'invalid_request', 'The request is missing a required parameter.');
      const pkce = readPkceChallenge(request.query);
      if (pkce !== null && 'error' in pkce) return oauthError(400, 'invalid_request', pkce.error);
      const code = random('sim-code-');
      codes.set(code, {
        redirectUri,
        scopes: (request.query.scope ?? 'api').split(' ').filter((scope) => scope !== ''),
        pkce,
      });
      const location = new URL(redirectUri);
      location.searchParams.set('code', code);
      if (state !== undefined) location.searchParams.set('state', state);
      // Consent is granted at once: the simulated user always approves.
      return { status: 302, headers: { location: location.toString() }, text: '' };
    },

    token(request) {
      const form = formOf(request);
      if (!clientOk(form))
        return oauthError(
          401,
          'invalid_client',
          'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
        );
      if (form.grant_type === 'authorization_code') {
        const grant = codes.get(form.code ?? '');
        if (grant === undefined || grant.redirectUri !== form.redirect_uri)
          return oauthError(400, 'invalid_grant', INVALID_GRANT);
        codes.delete(form.code ?? '');
        // A code issued for a PKCE challenge needs the verifier that answers it.
        if (grant.pkce !== null && !pkceMatches(grant.pkce, form.code_verifier))
          return oauthError(400, 'invalid_grant', INVALID_GRANT);
        return { json: issue(grant.scopes) };
      }
      if (form.grant_type === 'refresh_token') {
        const previous = refresh.get(form.refresh_token ?? '');
        if (previous === undefined) return oauthError(400, 'invalid_grant', INVALID_GRANT);
        // Refresh tokens rotate: the used one and its access token stop working.
        refresh.delete(form.refresh_token ?? '');
        const old = access.get(previous.accessToken);
        if (old !== undefined) old.revoked = true;
        return { json: issue(previous.scopes) };
      }
      return oauthError(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    },

    check(request, needs) {
      const privateToken = header(request, 'private-token');
      if (privateToken !== undefined) {
        if (privateToken === credentials.personalToken) return null;
        if (privateToken === credentials.readUserToken)
          return needs === 'read_user' ? null : insufficient('api read_api');
        if (privateToken === credentials.restrictedToken)
          return {
            status: 403,
            json: {
              message:
                '403 Forbidden - You must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser.',
            },
          };
        return { status: 401, json: { message: '401 Unauthorized' } };
      }
      const authorization = header(request, 'authorization') ?? '';
      const bearer = /^Bearer (\S{1,512})$/.exec(authorization)?.[1];
      const token = bearer === undefined ? undefined : access.get(bearer);
      if (token === undefined) return { status: 401, json: { message: '401 Unauthorized' } };
      if (token.revoked)
        return {
          status: 401,
          json: {
            error: 'invalid_token',
            error_description: 'Token was revoked. You have to re-authorize from the user.',
          },
        };
      if (token.expiresAt <= now())
        return {
          status: 401,
          json: {
            error: 'invalid_token',
            error_description:
              'Token is expired. You can either do re-authorization or token refresh.',
          },
        };
      const covered = token.scopes.some((scope) => SCOPE_COVERS[scope]?.includes(needs));
      return covered ? null : insufficient(needs === 'api' ? 'api' : 'api read_api');
    },

    revoke(accessToken) {
      const token = access.get(accessToken);
      if (token !== undefined) token.revoked = true;
    },
  };
}
