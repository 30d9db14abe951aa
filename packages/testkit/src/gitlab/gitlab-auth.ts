import { randomBytes } from 'node:crypto';
import { pkceMatches, readPkceChallenge, type PkceChallenge } from '../server/pkce.js';
import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import {
  createPersonalAccessTokenStore,
  type IssuePersonalAccessTokenOptions,
  type PersonalAccessTokenRecord,
} from './gitlab-personal-tokens.js';

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
  clientId: string;
}

interface Grant {
  clientId: string;
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

/** An OAuth application a user registered (User settings → Applications). */
export interface OAuthApplication {
  secret: string;
  redirectUris: string[];
  scopes: string[];
  /** A confidential app authenticates with its secret; a public one (PKCE) need not. */
  confidential: boolean;
}

/** Who a request authenticated as: the user, and the personal access token if one was used. */
export interface GitLabCaller {
  login: string;
  pat: PersonalAccessTokenRecord | null;
}

/** The scope a route needs; `any` accepts every scope (the token-self endpoints). */
export type NeededScope = 'read_user' | 'read_api' | 'api' | 'any';

/**
 * OAuth state (applications, codes, access tokens, refresh tokens: single use, rotated) and the
 * instance's personal access tokens.
 */
export interface GitLabOAuthState {
  issue(scopes: string[], clientId?: string): OAuthIssue;
  authorize(request: SimulatorRequest): SimulatorResponse;
  token(request: SimulatorRequest): SimulatorResponse;
  /** Null when the request is authenticated with `scope` (or a broader one); else the refusal. */
  check(request: SimulatorRequest, needs: NeededScope): SimulatorResponse | null;
  /** Who a request that passed `check` authenticated as. */
  callerOf(request: SimulatorRequest): GitLabCaller | undefined;
  /** Revokes an access token, as a user revoking the application would. */
  revoke(accessToken: string): void;
  issuePersonalAccessToken(options: IssuePersonalAccessTokenOptions): string;
  /** False when the token is unknown. */
  revokePersonalAccessToken(token: string): boolean;
  renderPersonalAccessToken(record: PersonalAccessTokenRecord): Record<string, unknown>;
  createApplication(options: {
    redirectUri: string | readonly string[];
    scopes: readonly string[];
    confidential?: boolean;
  }): { applicationId: string; secret: string };
}

const SCOPE_COVERS: Readonly<Record<string, readonly string[]>> = {
  api: ['api', 'read_api', 'read_user'],
  read_api: ['read_api', 'read_user'],
  read_user: ['read_user'],
};
const UNAUTHORIZED: SimulatorResponse = { status: 401, json: { message: '401 Unauthorized' } };
const REVOKED: SimulatorResponse = {
  status: 401,
  json: {
    error: 'invalid_token',
    error_description: 'Token was revoked. You have to re-authorize from the user.',
  },
};
const EXPIRED: SimulatorResponse = {
  status: 401,
  json: {
    error: 'invalid_token',
    error_description: 'Token is expired. You can either do re-authorization or token refresh.',
  },
};

const covers = (scopes: readonly string[], needs: NeededScope): boolean =>
  needs === 'any' || scopes.some((scope) => SCOPE_COVERS[scope]?.includes(needs));

/** The scopes GitLab names in an `insufficient_scope` refusal: those the endpoint allows. */
const allowedFor = (needs: NeededScope): string =>
  needs === 'api' ? 'api' : needs === 'read_user' ? 'api read_api read_user' : 'api read_api';

/** A small HTML page, as GitLab's OAuth screens answer errors they do not redirect. */
function errorPage(status: number, title: string, message: string): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: `<!DOCTYPE html>\n<html><head><title>${title} · GitLab</title></head><body><h1>${title}</h1><p>${message}</p></body></html>\n`,
  };
}

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
  /** The signed-in user: who OAuth tokens and the built-in tokens act as. */
  viewer: { login: string; id: number };
  /** A dataset user's id by username, or undefined. */
  userId: (login: string) => number | undefined;
}): GitLabOAuthState {
  const { credentials, now, viewer } = options;
  const codes = new Map<string, Grant>();
  const access = new Map<string, AccessToken>();
  const refresh = new Map<string, { scopes: string[]; accessToken: string; clientId: string }>();
  const applications = new Map<string, OAuthApplication>();
  const callers = new WeakMap<SimulatorRequest, GitLabCaller>();
  const pats = createPersonalAccessTokenStore(now);
  const viewerPat = { login: viewer.login, userId: viewer.id };
  pats.issue({ ...viewerPat, scopes: ['api'], name: 'simulator' }, credentials.personalToken);
  pats.issue({ ...viewerPat, scopes: ['read_user'], name: 'read-user' }, credentials.readUserToken);
  const random = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

  const issue = (scopes: string[], clientId = credentials.clientId): OAuthIssue => {
    const accessToken = random('sim-oauth-');
    const refreshToken = random('sim-refresh-');
    access.set(accessToken, {
      expiresAt: now() + options.tokenLifetimeSeconds * 1000,
      scopes,
      revoked: false,
      clientId,
    });
    refresh.set(refreshToken, { scopes, accessToken, clientId });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
      created_at: Math.floor(now() / 1000),
    };
  };

  /** The client a token request authenticates as (form fields or HTTP Basic), or undefined. */
  const clientOf = (
    request: SimulatorRequest,
    form: Record<string, string>,
  ): string | undefined => {
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = /^Basic (\S+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        id = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (id === undefined) return undefined;
    if (id === credentials.clientId) return secret === credentials.clientSecret ? id : undefined;
    const app = applications.get(id);
    if (app === undefined) return undefined;
    if (secret === undefined) return app.confidential ? undefined : id;
    return secret === app.secret ? id : undefined;
  };

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
      const { client_id: clientId, response_type: type, state } = request.query;
      const app = clientId === undefined ? undefined : applications.get(clientId);
      // An application's only redirect URI may be left out, as Doorkeeper allows.
      const redirectUri =
        request.query.redirect_uri ??
        (app?.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
      if (
        clientId === undefined ||
        (clientId !== credentials.clientId && app === undefined) ||
        redirectUri === undefined ||
        type !== 'code'
      )
        return oauthError(400, 'invalid_request', 'The request is missing a required parameter.');
      // A registered application redirects only to one of its URIs: anything else is a page.
      if (app !== undefined && !app.redirectUris.includes(redirectUri))
        return errorPage(400, 'An error has occurred', 'The redirect URI included is not valid.');
      const requested = (request.query.scope ?? (app === undefined ? 'api' : app.scopes.join(' ')))
        .split(' ')
        .filter((scope) => scope !== '');
      const location = new URL(redirectUri);
      if (app !== undefined && !requested.every((scope) => app.scopes.includes(scope))) {
        location.searchParams.set('error', 'invalid_scope');
        location.searchParams.set(
          'error_description',
          'The requested scope is invalid, unknown, or malformed.',
        );
        if (state !== undefined) location.searchParams.set('state', state);
        return { status: 302, headers: { location: location.toString() }, text: '' };
      }
      const pkce = readPkceChallenge(request.query);
      if (pkce !== null && 'error' in pkce) return oauthError(400, 'invalid_request', pkce.error);
      const code = random('sim-code-');
      codes.set(code, { clientId, redirectUri, scopes: requested, pkce });
      location.searchParams.set('code', code);
      if (state !== undefined) location.searchParams.set('state', state);
      // Consent is granted at once: the simulated user always approves.
      return { status: 302, headers: { location: location.toString() }, text: '' };
    },

    token(request) {
      const form = formOf(request);
      const client = clientOf(request, form);
      if (client === undefined)
        return oauthError(
          401,
          'invalid_client',
          'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
        );
      if (form.grant_type === 'authorization_code') {
        const grant = codes.get(form.code ?? '');
        if (
          grant === undefined ||
          grant.clientId !== client ||
          grant.redirectUri !== form.redirect_uri
        )
          return oauthError(400, 'invalid_grant', INVALID_GRANT);
        codes.delete(form.code ?? '');
        // A code issued for a PKCE challenge needs the verifier that answers it.
        if (grant.pkce !== null && !pkceMatches(grant.pkce, form.code_verifier))
          return oauthError(400, 'invalid_grant', INVALID_GRANT);
        return { json: issue(grant.scopes, client) };
      }
      if (form.grant_type === 'refresh_token') {
        const previous = refresh.get(form.refresh_token ?? '');
        if (previous === undefined || previous.clientId !== client)
          return oauthError(400, 'invalid_grant', INVALID_GRANT);
        // Refresh tokens rotate: the used one and its access token stop working.
        refresh.delete(form.refresh_token ?? '');
        const old = access.get(previous.accessToken);
        if (old !== undefined) old.revoked = true;
        return { json: issue(previous.scopes, client) };
      }
      return oauthError(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    },

    check(request, needs) {
      const privateToken = header(request, 'private-token');
      const authorization = header(request, 'authorization') ?? '';
      const bearer = /^Bearer (\S{1,512})$/.exec(authorization)?.[1];
      if (privateToken === credentials.restrictedToken)
        return {
          status: 403,
          json: {
            message:
              '403 Forbidden - You must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser.',
          },
        };
      const oauthToken =
        privateToken !== undefined || bearer === undefined ? undefined : access.get(bearer);
      if (oauthToken !== undefined) {
        if (oauthToken.revoked) return REVOKED;
        if (oauthToken.expiresAt <= now()) return EXPIRED;
        if (!covers(oauthToken.scopes, needs)) return insufficient(allowedFor(needs));
        callers.set(request, { login: viewer.login, pat: null });
        return null;
      }
      // A personal access token, in `PRIVATE-TOKEN` or (as GitLab also accepts) as a bearer token.
      const pat = pats.get(privateToken ?? bearer ?? '');
      if (pat === undefined) return UNAUTHORIZED;
      if (pat.revoked) return REVOKED;
      if (pats.expired(pat)) return EXPIRED;
      if (!covers(pat.scopes, needs)) return insufficient(allowedFor(needs));
      pats.touch(pat);
      callers.set(request, { login: pat.login, pat });
      return null;
    },

    callerOf: (request) => callers.get(request),

    revoke(accessToken) {
      const token = access.get(accessToken);
      if (token !== undefined) token.revoked = true;
    },

    issuePersonalAccessToken(issueOptions) {
      const login = issueOptions.login ?? viewer.login;
      const userId = options.userId(login);
      if (userId === undefined) throw new Error(`no user ${login} in the dataset`);
      return pats.issue({ ...issueOptions, login, userId });
    },

    revokePersonalAccessToken: (token) => pats.revoke(token),

    renderPersonalAccessToken: (record) => pats.render(record),

    createApplication(app) {
      const applicationId = randomBytes(32).toString('hex');
      const secret = `gloas-${randomBytes(32).toString('hex')}`;
      applications.set(applicationId, {
        secret,
        redirectUris:
          typeof app.redirectUri === 'string' ? [app.redirectUri] : [...app.redirectUri],
        scopes: [...app.scopes],
        confidential: app.confidential ?? true,
      });
      return { applicationId, secret };
    },
  };
}
