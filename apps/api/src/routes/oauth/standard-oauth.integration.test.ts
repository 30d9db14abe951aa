import { createHash, randomBytes } from 'node:crypto';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { hashSecret } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, type CallResult, CookieJar } from '../../test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  REDIRECT_URI,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { dumpDatabase } from '../../test-support/dump.js';

// What the standard OAuth endpoints refuse, and how: RFC 6749 §5.2 bodies on /oauth/token,
// /oauth/revoke and /oauth/introspect, §4.1.2.1 redirects only to a validated redirect URI, and an
// app never learning about (or revoking) another app's tokens.

interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_code: string;
  request_id: string;
}

interface TokenBody {
  access_token: string;
  refresh_token?: string;
  refreshToken?: string;
  token_type: string;
  scope: string;
}

type App = { clientId: string; clientSecret: string };

function expectOAuthError(response: CallResult, status: number, error: string): OAuthErrorBody {
  expect(response.status, response.text).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json<OAuthErrorBody>();
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  // RFC 6749 §5.2's character set for error_description.
  expect(body.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(body.request_id).toBe(response.headers['x-request-id']);
  if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
  return body;
}

const basicAuth = (app: App, secret = app.clientSecret) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

describe('standard OAuth: what the endpoints refuse', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let appA: App;
  let appB: App;
  let repoFullName: string;
  let offsetMs = 0;
  const jar = new CookieJar();

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 7009 });
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(sim)],
      now: () => Date.now() + offsetMs,
    });
    const developer = await signUpDeveloper(gw);
    appA = await createDeveloperApp(gw, developer.token, ['read:repositories', 'read:branches']);
    appB = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    repoFullName = findRepositoryOrThrow(sim.dataset, sim.expected.repository).fullName;
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  const approve = async (app: App, extraQuery: Record<string, string> = {}) =>
    consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'standard-oauth',
      provider: 'github',
      pick: (name) => name === repoFullName,
      extraQuery,
      jar,
    });

  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    call('POST', `${gw.url}/oauth/token`, { form, headers });

  const exchange = async (app: App, code: string, extra: Record<string, string> = {}) =>
    token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...extra },
      basicAuth(app),
    );

  /** A fresh code of app A exchanged: its access and refresh tokens. */
  const tokensOfA = async (): Promise<TokenBody> => {
    const { code } = await approve(appA);
    const response = await exchange(appA, code);
    expect(response.status, response.text).toBe(200);
    return response.json<TokenBody>();
  };

  const introspect = (app: App, value: string) =>
    call('POST', `${gw.url}/oauth/introspect`, { form: { token: value }, headers: basicAuth(app) });
  const revoke = (app: App, value: string) =>
    call('POST', `${gw.url}/oauth/revoke`, {
      form: { token: value, client_id: app.clientId, client_secret: app.clientSecret },
    });
  const refresh = (app: App, refreshToken: string, extra: Record<string, string> = {}) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, basicAuth(app));
  const readRepositories = (accessToken: string) =>
    call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(accessToken));

  it('serves RFC 8414 metadata at the well-known URL', async () => {
    const response = await call('GET', `${gw.url}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    const metadata = response.json<Record<string, unknown>>();
    expect(metadata).toMatchObject({
      issuer: gw.url,
      authorization_endpoint: `${gw.url}/oauth/authorize`,
      token_endpoint: `${gw.url}/oauth/token`,
      revocation_endpoint: `${gw.url}/oauth/revoke`,
      introspection_endpoint: `${gw.url}/oauth/introspect`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['read:repositories', 'read:branches', 'read:diffs']),
    );
  });

  it('authenticates the client by HTTP Basic or in the body, and refuses anything else with invalid_client', async () => {
    const credentials = { grant_type: 'client_credentials' };
    // client_secret_basic and client_secret_post both work; client_credentials has no refresh token.
    const byBasic = await token(credentials, basicAuth(appA));
    expect(byBasic.status, byBasic.text).toBe(200);
    expect(byBasic.headers['cache-control']).toBe('no-store');
    expect(byBasic.json<TokenBody>().refresh_token).toBeUndefined();
    const byPost = await token({
      ...credentials,
      client_id: appA.clientId,
      client_secret: appA.clientSecret,
    });
    expect(byPost.status, byPost.text).toBe(200);

    const wrongBasic = expectOAuthError(
      await token(credentials, basicAuth(appA, 'sggcs_wrong')),
      401,
      'invalid_client',
    );
    expect(wrongBasic.error_code).toBe('INVALID_CREDENTIALS');
    expectOAuthError(
      await token({ ...credentials, client_id: appA.clientId, client_secret: 'sggcs_wrong' }),
      401,
      'invalid_client',
    );
    // A known client's secret for another client.
    expectOAuthError(
      await token({ ...credentials, client_id: appB.clientId, client_secret: appA.clientSecret }),
      401,
      'invalid_client',
    );
    expectOAuthError(await token(credentials), 401, 'invalid_client');
    expectOAuthError(
      await token({ ...credentials, client_id: appA.clientId }),
      401,
      'invalid_client',
    );
    // Two methods at once is a malformed request (RFC 6749 §2.3).
    expectOAuthError(
      await token({ ...credentials, client_secret: appA.clientSecret }, basicAuth(appA)),
      400,
      'invalid_request',
    );
    expectOAuthError(
      await token({ grant_type: 'password', username: 'u', password: 'p' }, basicAuth(appA)),
      400,
      'unsupported_grant_type',
    );
    expectOAuthError(await token({}, basicAuth(appA)), 400, 'invalid_request');
    expectOAuthError(
      await token({ ...credentials, scope: 'read:repositories admin:everything' }, basicAuth(appA)),
      400,
      'invalid_scope',
    );
  });

  it('refuses a wrong redirect_uri, a PKCE mismatch, an expired code, another client’s code and a reused one', async () => {
    const { code } = await approve(appA);
    expectOAuthError(
      await exchange(appA, code, { redirect_uri: `${REDIRECT_URI}/other` }),
      400,
      'invalid_grant',
    );
    // Another client's code is an unknown code to it.
    expectOAuthError(await exchange(appB, code), 400, 'invalid_grant');
    expectOAuthError(
      await exchange(appA, code, { code_verifier: 'v'.repeat(43) }),
      400,
      'invalid_grant',
    );
    expectOAuthError(
      await token({ grant_type: 'authorization_code', code }, basicAuth(appA)),
      400,
      'invalid_request',
    );
    // None of those spent it: the right exchange works once, with a refresh token.
    const first = await exchange(appA, code);
    expect(first.status, first.text).toBe(200);
    const issued = first.json<TokenBody>();
    expect(issued.refresh_token).toMatch(/^sggrt_/);
    expect(issued.refreshToken).toBe(issued.refresh_token);
    // A replay revokes what the code issued, the refresh token included.
    expectOAuthError(await exchange(appA, code), 400, 'invalid_grant');
    expect((await readRepositories(issued.access_token)).status).toBe(401);
    expectOAuthError(await refresh(appA, issued.refresh_token ?? ''), 400, 'invalid_grant');

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = await approve(appA, { code_challenge: challenge, code_challenge_method: 'S256' });
    expectOAuthError(await exchange(appA, pkce.code), 400, 'invalid_request');
    expect(
      expectOAuthError(
        await exchange(appA, pkce.code, { code_verifier: randomBytes(32).toString('base64url') }),
        400,
        'invalid_grant',
      ).error_description,
    ).toMatch(/code_verifier/);
    expect((await exchange(appA, pkce.code, { code_verifier: verifier })).status).toBe(200);

    const late = await approve(appA);
    offsetMs = 61_000;
    try {
      expect(
        expectOAuthError(await exchange(appA, late.code), 400, 'invalid_grant').error_description,
      ).toMatch(/expired/);
    } finally {
      offsetMs = 0;
    }
  });

  it('rotates refresh tokens, lets scope only narrow, refuses an expired one and another client’s', async () => {
    const issued = await tokensOfA();
    const refreshToken = issued.refresh_token ?? '';
    // Another client cannot use A's refresh token, and trying does not spend or revoke it.
    expectOAuthError(await refresh(appB, refreshToken), 400, 'invalid_grant');
    expectOAuthError(
      await refresh(appA, refreshToken, { scope: 'read:repositories read:branches' }),
      400,
      'invalid_scope',
    );
    const narrowed = await refresh(appA, refreshToken, { scope: 'read:repositories' });
    expect(narrowed.status, narrowed.text).toBe(200);
    const next = narrowed.json<TokenBody>();
    expect(next.scope).toBe('read:repositories');
    expect(next.refresh_token).not.toBe(refreshToken);
    expect((await readRepositories(next.access_token)).status).toBe(200);
    // The old access token still works: rotation spends refresh tokens, not access tokens.
    expect((await readRepositories(issued.access_token)).status).toBe(200);

    // Reuse of the spent one: the family (old and new access tokens, the new refresh token) ends.
    const reused = expectOAuthError(await refresh(appA, refreshToken), 400, 'invalid_grant');
    expect(reused.error_description).toMatch(/already used/);
    expect((await readRepositories(next.access_token)).status).toBe(401);
    expect((await readRepositories(issued.access_token)).status).toBe(401);
    expectOAuthError(await refresh(appA, next.refresh_token ?? ''), 400, 'invalid_grant');

    // A refresh token unused for 30 days expires.
    const idle = await tokensOfA();
    offsetMs = 31 * 24 * 60 * 60 * 1000;
    try {
      expect(
        expectOAuthError(await refresh(appA, idle.refresh_token ?? ''), 400, 'invalid_grant')
          .error_description,
      ).toMatch(/expired/);
    } finally {
      offsetMs = 0;
    }
    expectOAuthError(await refresh(appA, 'sggrt_unknown'), 400, 'invalid_grant');
    expectOAuthError(
      await token({ grant_type: 'refresh_token' }, basicAuth(appA)),
      400,
      'invalid_request',
    );
  });

  it("never lets a client introspect or revoke another client's tokens", async () => {
    const issued = await tokensOfA();
    const refreshToken = issued.refresh_token ?? '';
    for (const value of [issued.access_token, refreshToken]) {
      // B learns nothing: an inactive answer exactly like an unknown token's.
      const seen = await introspect(appB, value);
      expect(seen.status).toBe(200);
      expect(seen.headers['cache-control']).toBe('no-store');
      expect(seen.json()).toEqual({ active: false });
      expect((await introspect(appB, `${value}x`)).json()).toEqual({ active: false });
      // B's revocation is answered 200 like any other, and changes nothing.
      const revoked = await revoke(appB, value);
      expect(revoked.status).toBe(200);
      expect(revoked.text).toBe('');
    }
    expect((await readRepositories(issued.access_token)).status).toBe(200);
    expect((await introspect(appA, issued.access_token)).json()).toMatchObject({
      active: true,
      client_id: appA.clientId,
      token_kind: 'access_token',
    });
    expect((await introspect(appA, refreshToken)).json()).toMatchObject({
      active: true,
      token_kind: 'refresh_token',
    });
    expect((await refresh(appA, refreshToken)).status).toBe(200);

    // Both endpoints authenticate the client, in the same OAuth error form.
    expectOAuthError(
      await call('POST', `${gw.url}/oauth/introspect`, {
        form: { token: issued.access_token },
        headers: basicAuth(appA, 'sggcs_wrong'),
      }),
      401,
      'invalid_client',
    );
    expectOAuthError(
      await call('POST', `${gw.url}/oauth/revoke`, { form: { token: issued.access_token } }),
      401,
      'invalid_client',
    );
    expectOAuthError(
      await call('POST', `${gw.url}/oauth/revoke`, { form: {}, headers: basicAuth(appA) }),
      400,
      'invalid_request',
    );
  });

  it('stores refresh tokens only as their hash', async () => {
    const issued = await tokensOfA();
    const refreshToken = issued.refresh_token ?? '';
    const dump = await dumpDatabase(gw.gateway.services.db);
    expect(dump).not.toContain(refreshToken);
    expect(dump).not.toContain(refreshToken.slice(6));
    expect(dump).toContain(hashSecret(refreshToken));
  });

  it('redirects authorize errors only to a validated redirect URI, with state and iss', async () => {
    const base = {
      response_type: 'code',
      client_id: appA.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
    };
    const url = (query: Record<string, string>) =>
      `${gw.url}/oauth/authorize?${new URLSearchParams(query).toString()}`;
    const html = { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } };

    // Unknown client, unregistered or missing redirect URI: no redirect; a page for a browser.
    for (const query of [
      { ...base, client_id: 'client_nope' },
      { ...base, redirect_uri: 'https://evil.example.com/cb' },
      { ...base, redirect_uri: `${REDIRECT_URI}?extra=1` },
      { response_type: 'code', client_id: appA.clientId, state: 'st-1' },
    ]) {
      const page = await call('GET', url(query), html);
      expect(page.location).toBeNull();
      expect([400, 401]).toContain(page.status);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('This authorization link is broken');
      expect(page.text).not.toContain('evil.example.com/cb?');
      const api = await call('GET', url(query));
      expect(api.location).toBeNull();
      expect(api.json<{ error: { code: string } }>().error.code).toMatch(
        /^(INVALID_REQUEST|INVALID_CREDENTIALS)$/,
      );
    }

    const redirected = async (query: Record<string, string>) => {
      const response = await call('GET', url(query));
      expect(response.status, response.text).toBe(303);
      const target = new URL(response.location ?? '');
      expect(`${target.origin}${target.pathname}`).toBe(REDIRECT_URI);
      expect(target.searchParams.get('iss')).toBe(gw.url);
      expect(target.searchParams.get('code')).toBeNull();
      return target.searchParams;
    };
    const { response_type: _omitted, ...noResponseType } = base;
    const missing = await redirected(noResponseType);
    expect(missing.get('error')).toBe('invalid_request');
    expect(missing.get('state')).toBe('st-1');
    expect(missing.get('error_description')).toMatch(/response_type/);
    expect((await redirected({ ...base, response_type: 'token' })).get('error')).toBe(
      'unsupported_response_type',
    );
    const shortChallenge = await redirected({ ...base, code_challenge: 'short' });
    expect(shortChallenge.get('error')).toBe('invalid_request');
    expect(shortChallenge.get('error_description')).toMatch(/code_challenge/);
    expect(
      (
        await redirected({
          ...base,
          code_challenge: 'c'.repeat(43),
          code_challenge_method: 'plain',
        })
      ).get('error'),
    ).toBe('invalid_request');
    expect((await redirected({ ...base, scope: 'admin:everything' })).get('error')).toBe(
      'invalid_scope',
    );
  });

  it('keeps the canonical error body on the unified routes', async () => {
    const unified = await call('GET', `${gw.url}/v1/repositories?provider=github`);
    expect(unified.status).toBe(401);
    expect(unified.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');
    const platform = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: { clientId: appA.clientId, clientSecret: 'sggcs_wrong' },
    });
    expect(platform.status).toBe(401);
    expect(platform.json<{ error: { code: string } }>().error.code).toBe('INVALID_CREDENTIALS');
    // A GET to the token endpoint is no OAuth request: the canonical 404.
    const get = await call('GET', `${gw.url}/oauth/token`);
    expect(get.json<{ error: { code: string } }>().error.code).toBe('RESOURCE_NOT_FOUND');
  });
});
