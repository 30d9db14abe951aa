import { randomBytes } from 'node:crypto';
import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { renderApp, renderInstallation } from './github-apps.js';
import { installationById, isoSeconds, setSuspended, uninstall } from './github-app-registry.js';
import { newToken } from './github-credentials.js';
import { githubError, hostsOf, notFound, pageOf } from './github-http.js';
import {
  apiRoute,
  appRoute,
  type GitHubState,
  type SimulatedApp,
  type SimulatedInstallation,
} from './github-state.js';
import { renderRepository } from './render.js';
import { pkceMatches, readPkceChallenge } from '../server/pkce.js';

const INSTALLATION_TOKEN_TTL_MS = 60 * 60 * 1000;
const USER_TOKEN_TTL_S = 8 * 60 * 60;
const REFRESH_TOKEN_TTL_S = 184 * 24 * 60 * 60;
const CODE_TTL_MS = 10 * 60 * 1000;

/** GitHub App routes: JWT-authenticated app endpoints, installation tokens, the manifest flow. */
export function githubAppRoutes(state: GitHubState): Route[] {
  const installationsOf = (app: SimulatedApp): SimulatedInstallation[] =>
    state.installations.filter((installation) => installation.appId === app.identity.id);
  /** The app's installation by id, or undefined (another app's installation is not found). */
  const ownInstallation = (
    app: SimulatedApp,
    id: string | undefined,
  ): SimulatedInstallation | undefined => {
    const installation = installationById(state, id ?? '');
    return installation?.appId === app.identity.id ? installation : undefined;
  };
  const byAccount = (app: SimulatedApp, login: string | undefined) =>
    installationsOf(app).find((installation) => installation.account === login);
  const installationResponse = (
    request: SimulatorRequest,
    app: SimulatedApp,
    installation: SimulatedInstallation | undefined,
  ): SimulatorResponse =>
    installation === undefined
      ? notFound()
      : { json: renderInstallation(state.dataset, hostsOf(request), app, installation) };
  const suspension = (suspended: boolean) => (request: SimulatorRequest, app: SimulatedApp) => {
    const installation = ownInstallation(app, request.params.id);
    if (installation === undefined) return notFound();
    setSuspended(state, installation.id, suspended, app.owner);
    return { status: 204 };
  };

  return [
    ...appRoute(state, 'GET', '/app', (request, app) => ({
      json: renderApp(state.dataset, hostsOf(request), app, installationsOf(app).length),
    })),
    ...appRoute(state, 'GET', '/app/installations', (request, app) =>
      pageOf(
        request,
        installationsOf(app).map((installation) =>
          renderInstallation(state.dataset, hostsOf(request), app, installation),
        ),
      ),
    ),
    ...appRoute(state, 'GET', '/app/installations/:id', (request, app) =>
      installationResponse(request, app, ownInstallation(app, request.params.id)),
    ),
    ...appRoute(state, 'DELETE', '/app/installations/:id', (request, app) => {
      const installation = ownInstallation(app, request.params.id);
      if (installation === undefined) return notFound();
      uninstall(state, installation.id);
      return { status: 204 };
    }),
    ...appRoute(state, 'PUT', '/app/installations/:id/suspended', suspension(true)),
    ...appRoute(state, 'DELETE', '/app/installations/:id/suspended', suspension(false)),
    ...appRoute(state, 'POST', '/app/installations/:id/access_tokens', (request, app) => {
      const installation = ownInstallation(app, request.params.id);
      if (installation === undefined) return notFound();
      if (installation.suspendedAt !== null)
        return githubError(403, 'This installation has been suspended');
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
          expires_at: isoSeconds(expiresAt),
          permissions: app.permissions,
          repository_selection: 'all',
        },
      };
    }),
    ...appRoute(state, 'GET', '/repos/:owner/:repo/installation', (request, app) => {
      const repo = state.dataset.repositories.find(
        (candidate) =>
          candidate.fullName === `${request.params.owner ?? ''}/${request.params.repo ?? ''}`,
      );
      return installationResponse(request, app, byAccount(app, repo?.owner));
    }),
    ...appRoute(state, 'GET', '/users/:username/installation', (request, app) =>
      installationResponse(request, app, byAccount(app, request.params.username)),
    ),
    ...appRoute(state, 'GET', '/orgs/:org/installation', (request, app) =>
      installationResponse(
        request,
        app,
        state.dataset.organizations.some((org) => org.login === request.params.org)
          ? byAccount(app, request.params.org)
          : undefined,
      ),
    ),
    ...apiRoute(
      state,
      'GET',
      '/installation/repositories',
      (request, caller) => {
        const installation = installationById(state, caller.issued.installationId ?? '');
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
    // `apps/get-by-slug`: public, no authentication needed.
    ...['/apps/:slug', '/api/v3/apps/:slug'].map((path) => ({
      method: 'GET',
      path,
      handler: (request: SimulatorRequest): SimulatorResponse => {
        const app = state.apps.find((candidate) => candidate.identity.slug === request.params.slug);
        if (app === undefined) return notFound();
        return {
          json: renderApp(state.dataset, hostsOf(request), app, installationsOf(app).length),
        };
      },
    })),
  ];
}

/**
 * `POST /app-manifests/:code/conversions`: a manifest code (single use, one hour) → the app's
 * credentials, as `apps/create-from-manifest` documents them.
 */
function conversionRoutes(state: GitHubState): Route[] {
  const handler = (request: SimulatorRequest): SimulatorResponse => {
    const code = request.params.code ?? '';
    const minted = state.manifestCodes.get(code);
    state.manifestCodes.delete(code);
    const app = state.apps.find((candidate) => candidate.identity.id === minted?.appId);
    if (minted === undefined || minted.expiresAt <= state.now() || app === undefined)
      return notFound();
    const hosts = hostsOf(request);
    const installations = state.installations.filter((i) => i.appId === app.identity.id);
    return {
      status: 201,
      json: {
        ...renderApp(state.dataset, hosts, app, installations.length),
        client_id: app.identity.clientId,
        client_secret: app.identity.clientSecret,
        webhook_secret: app.webhookSecret,
        pem: app.identity.privateKey,
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
        const app = state.apps.find((candidate) => candidate.identity.clientId === clientId);
        if (clientId === undefined || app === undefined) return githubError(404, 'Not Found');
        // An app with registered callback URLs redirects only to one of them.
        if (
          app.callbackUrls.length > 0 &&
          redirectUri !== undefined &&
          !app.callbackUrls.includes(redirectUri)
        )
          return githubError(
            400,
            'The redirect_uri MUST match the registered callback URL for this application.',
          );
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
          !state.apps.some(
            (app) =>
              app.identity.clientId === params.client_id &&
              app.identity.clientSecret === params.client_secret,
          )
        )
          return oauthError(
            request,
            'incorrect_client_credentials',
            'The client_id and/or client_secret passed are incorrect.',
          );
        if (params.grant_type === 'refresh_token') {
          const refresh = state.refreshTokens.get(params.refresh_token ?? '');
          if (refresh === undefined || refresh.clientId !== params.client_id)
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
        if (
          code === undefined ||
          code.expiresAt <= state.now() ||
          code.clientId !== params.client_id
        )
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
