import { randomBytes } from 'node:crypto';
import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { newToken } from './github-credentials.js';
import { githubError, hostsOf, notFound, pageOf } from './github-http.js';
import {
  apiRoute,
  appRoute,
  type GitHubState,
  type SimulatedInstallation,
} from './github-state.js';
import { accountFor, nodeId, renderRepository, renderSimpleUser, type Hosts } from './render.js';
import { pkceMatches, readPkceChallenge } from '../server/pkce.js';

const INSTALLATION_TOKEN_TTL_MS = 60 * 60 * 1000;
const USER_TOKEN_TTL_S = 8 * 60 * 60;
const REFRESH_TOKEN_TTL_S = 184 * 24 * 60 * 60;
const CODE_TTL_MS = 10 * 60 * 1000;
const PERMISSIONS = {
  checks: 'write',
  contents: 'read',
  deployments: 'read',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
};
const EVENTS = ['check_run', 'pull_request', 'push', 'release', 'status'];

function renderApp(state: GitHubState, hosts: Hosts): Record<string, unknown> {
  const { app, dataset } = state;
  return {
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    node_id: nodeId('A', app.id),
    owner: accountFor(dataset, hosts, dataset.viewer.login),
    name: 'SCM Gateway (simulated)',
    description: 'A GitHub App served by the @scm/testkit simulator.',
    external_url: 'https://scm-gateway.example.test',
    html_url: `${hosts.web}/apps/${app.slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: PERMISSIONS,
    events: EVENTS,
    installations_count: state.installations.length,
  };
}

function renderInstallation(
  state: GitHubState,
  hosts: Hosts,
  installation: SimulatedInstallation,
): Record<string, unknown> {
  const account = accountFor(state.dataset, hosts, installation.account);
  return {
    id: installation.id,
    client_id: state.app.clientId,
    account,
    repository_selection: 'all',
    access_tokens_url: `${hosts.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${hosts.api}/installation/repositories`,
    html_url: `${hosts.web}/settings/installations/${installation.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: PERMISSIONS,
    events: EVENTS,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** GitHub App routes: JWT-authenticated app endpoints, installation tokens, the manifest flow. */
export function githubAppRoutes(state: GitHubState): Route[] {
  const byAccount = (login: string | undefined): SimulatedInstallation | undefined =>
    state.installations.find((installation) => installation.account === login);
  const installationResponse = (
    request: SimulatorRequest,
    installation: SimulatedInstallation | undefined,
  ): SimulatorResponse =>
    installation === undefined
      ? notFound()
      : { json: renderInstallation(state, hostsOf(request), installation) };

  return [
    ...appRoute(state, 'GET', '/app', (request) => ({ json: renderApp(state, hostsOf(request)) })),
    ...appRoute(state, 'GET', '/app/installations', (request) =>
      pageOf(
        request,
        state.installations.map((installation) =>
          renderInstallation(state, hostsOf(request), installation),
        ),
      ),
    ),
    ...appRoute(state, 'GET', '/app/installations/:id', (request) =>
      installationResponse(
        request,
        state.installations.find((candidate) => String(candidate.id) === request.params.id),
      ),
    ),
    ...appRoute(state, 'POST', '/app/installations/:id/access_tokens', (request) => {
      const installation = state.installations.find(
        (candidate) => String(candidate.id) === request.params.id,
      );
      if (installation === undefined) return notFound();
      const token = newToken('ghs');
      const expiresAt = state.now() + INSTALLATION_TOKEN_TTL_MS;
      state.tokens.set(token, {
        kind: 'installation',
        scopes: [],
        expiresAt,
        installationId: installation.id,
      });
      return {
        status: 201,
        json: {
          token,
          expires_at: iso(expiresAt),
          permissions: PERMISSIONS,
          repository_selection: 'all',
        },
      };
    }),
    ...appRoute(state, 'GET', '/repos/:owner/:repo/installation', (request) => {
      const repo = state.dataset.repositories.find(
        (candidate) =>
          candidate.fullName === `${request.params.owner ?? ''}/${request.params.repo ?? ''}`,
      );
      return installationResponse(request, byAccount(repo?.owner));
    }),
    ...appRoute(state, 'GET', '/users/:username/installation', (request) =>
      installationResponse(request, byAccount(request.params.username)),
    ),
    ...appRoute(state, 'GET', '/orgs/:org/installation', (request) =>
      installationResponse(
        request,
        state.dataset.organizations.some((org) => org.login === request.params.org)
          ? byAccount(request.params.org)
          : undefined,
      ),
    ),
    ...apiRoute(
      state,
      'GET',
      '/installation/repositories',
      (request, caller) => {
        const installation = state.installations.find(
          (candidate) => candidate.id === caller.issued.installationId,
        );
        if (installation === undefined) return notFound();
        const repos = state.dataset.repositories
          .filter((repo) => repo.owner === installation.account)
          .sort((a, b) => a.fullName.localeCompare(b.fullName));
        return pageOf(
          request,
          repos.map((repo) => renderRepository(state.dataset, hostsOf(request), repo)),
          {
            wrap: (items, total) => ({
              total_count: total,
              repository_selection: 'all',
              repositories: items,
            }),
          },
        );
      },
      { callers: ['installation'] },
    ),
    ...conversionRoutes(state),
  ];
}

/** `POST /app-manifests/:code/conversions`: a manifest code (single use) → the new app's credentials. */
function conversionRoutes(state: GitHubState): Route[] {
  const handler = (request: SimulatorRequest): SimulatorResponse => {
    const code = request.params.code ?? '';
    if (!state.manifestCodes.delete(code)) return notFound();
    const hosts = hostsOf(request);
    return {
      status: 201,
      json: {
        ...renderApp(state, hosts),
        owner: renderSimpleUser(hosts, state.dataset.viewer.login, state.dataset.viewer.id),
        client_id: state.app.clientId,
        client_secret: state.app.clientSecret,
        webhook_secret: randomBytes(20).toString('hex'),
        pem: state.app.privateKey,
      },
    };
  };
  return [
    { method: 'POST', path: '/app-manifests/:code/conversions', handler },
    { method: 'POST', path: '/api/v3/app-manifests/:code/conversions', handler },
  ];
}

function formOrJson(request: SimulatorRequest): Record<string, string> {
  if (typeof request.body === 'object' && request.body !== null) {
    return Object.fromEntries(
      Object.entries(request.body as Record<string, unknown>).map(([key, value]) => [
        key,
        String(value),
      ]),
    );
  }
  return Object.fromEntries(new URLSearchParams(request.rawBody));
}

/** The OAuth web flow on the web host (github.com, or the GHES root). */
export function githubOAuthRoutes(state: GitHubState): Route[] {
  const tokenResponse = (
    request: SimulatorRequest,
    body: Record<string, unknown>,
  ): SimulatorResponse => {
    const accept = String(request.headers.accept ?? '');
    // GitHub answers form-encoded unless asked for JSON, and reports OAuth errors with 200.
    if (accept.includes('application/json')) return { json: body };
    return {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      text: new URLSearchParams(
        Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]),
      ).toString(),
    };
  };
  const oauthError = (
    request: SimulatorRequest,
    error: string,
    description: string,
  ): SimulatorResponse =>
    tokenResponse(request, {
      error,
      error_description: description,
      error_uri: `https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${error.replace(/_/g, '-')}`,
    });

  const issue = (clientId: string, scopes: readonly string[]): Record<string, unknown> => {
    const accessToken = newToken(state.expiringUserTokens ? 'ghu' : 'gho');
    if (!state.expiringUserTokens) {
      state.tokens.set(accessToken, { kind: 'oauth', scopes, expiresAt: null });
      return { access_token: accessToken, token_type: 'bearer', scope: scopes.join(',') };
    }
    const refreshToken = newToken('ghr');
    state.tokens.set(accessToken, {
      kind: 'oauth',
      scopes,
      expiresAt: state.now() + USER_TOKEN_TTL_S * 1000,
    });
    state.refreshTokens.set(refreshToken, { scopes, clientId });
    return {
      access_token: accessToken,
      expires_in: USER_TOKEN_TTL_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_TTL_S,
      token_type: 'bearer',
      scope: scopes.join(','),
    };
  };

  return [
    {
      method: 'GET',
      path: '/login/oauth/authorize',
      // The simulated user approves at once: a redirect back with `code` and the caller's `state`.
      handler: (request) => {
        const {
          client_id: clientId,
          redirect_uri: redirectUri,
          scope,
          state: oauthState,
        } = request.query;
        if (clientId !== state.app.clientId) return githubError(404, 'Not Found');
        // GitHub takes PKCE with S256 only.
        const pkce = readPkceChallenge(request.query, ['S256']);
        if (pkce !== null && 'error' in pkce) return githubError(400, pkce.error);
        let target: URL;
        try {
          target = new URL(redirectUri ?? 'http://127.0.0.1/callback');
        } catch {
          return githubError(400, 'The redirect_uri is not valid.');
        }
        const code = randomBytes(10).toString('hex');
        state.codes.set(code, {
          clientId,
          redirectUri: redirectUri ?? null,
          scopes: (scope ?? '').split(/[\s,]+/).filter((value) => value !== ''),
          expiresAt: state.now() + CODE_TTL_MS,
          pkce,
        });
        target.searchParams.set('code', code);
        if (oauthState !== undefined) target.searchParams.set('state', oauthState);
        return { status: 302, headers: { location: target.toString() } };
      },
    },
    {
      method: 'POST',
      path: '/login/oauth/access_token',
      handler: (request) => {
        const params = formOrJson(request);
        if (
          params.client_id !== state.app.clientId ||
          params.client_secret !== state.app.clientSecret
        )
          return oauthError(
            request,
            'incorrect_client_credentials',
            'The client_id and/or client_secret passed are incorrect.',
          );
        if (params.grant_type === 'refresh_token') {
          const refresh = state.refreshTokens.get(params.refresh_token ?? '');
          if (refresh === undefined)
            return oauthError(
              request,
              'bad_refresh_token',
              'The refresh token passed is incorrect or expired.',
            );
          // Refresh tokens are single use: the grant rotates them.
          state.refreshTokens.delete(params.refresh_token ?? '');
          return tokenResponse(request, issue(refresh.clientId, refresh.scopes));
        }
        const code = state.codes.get(params.code ?? '');
        state.codes.delete(params.code ?? '');
        if (code === undefined || code.expiresAt <= state.now())
          return oauthError(
            request,
            'bad_verification_code',
            'The code passed is incorrect or expired.',
          );
        if (
          code.redirectUri !== null &&
          params.redirect_uri !== undefined &&
          params.redirect_uri !== code.redirectUri
        )
          return oauthError(
            request,
            'redirect_uri_mismatch',
            'The redirect_uri MUST match the registered callback URL for this application.',
          );
        // A code issued for a PKCE challenge needs the verifier that answers it.
        if (code.pkce !== null && !pkceMatches(code.pkce, params.code_verifier))
          return oauthError(
            request,
            'bad_verification_code',
            'The code_verifier does not match the code_challenge of the authorization request.',
          );
        return tokenResponse(request, issue(code.clientId, code.scopes));
      },
    },
  ];
}
