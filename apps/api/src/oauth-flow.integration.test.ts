import { createHash, randomBytes } from 'node:crypto';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { call, CookieJar } from './test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  REDIRECT_URI,
  signUpDeveloper,
} from './test-support/flows.js';
import { githubSimulatorHost } from '../demo/simulator-hosts.js';

describe('discovery, hosted consent edge cases, provider connections, tenant isolation', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let app: { clientId: string; clientSecret: string };
  let offsetMs = 0;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 21 });
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(sim)],
      now: () => Date.now() + offsetMs,
    });
    const developer = await signUpDeveloper(gw);
    app = await createDeveloperApp(gw, developer.token, [
      'read:profile',
      'read:repositories',
      'read:branches',
    ]);
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('serves discovery routes, CORS preflight and x-request-id everywhere', async () => {
    const health = await call('GET', `${gw.url}/health`);
    expect(health.status).toBe(200);
    expect(health.json<{ status: string; database: string }>().status).toBe('ok');
    expect(health.headers['x-request-id']).toMatch(/^gf_req_/);
    const given = await call('GET', `${gw.url}/health`, {
      headers: { 'x-request-id': 'client-chosen-id-1' },
    });
    expect(given.headers['x-request-id']).toBe('client-chosen-id-1');
    const hostile = await call('GET', `${gw.url}/health`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^gf_req_/);

    const providers = await call('GET', `${gw.url}/v1/providers`);
    const list = providers.json<{
      data: { id: string; enabled: boolean; oauthConfigured: boolean }[];
    }>().data;
    expect(list.find((provider) => provider.id === 'github')).toMatchObject({
      enabled: true,
      oauthConfigured: true,
    });
    expect(list.find((provider) => provider.id === 'gitlab')).toMatchObject({ enabled: false });
    expect(providers.text).not.toContain(sim.oauth.clientSecret);

    const callbacks = await call('GET', `${gw.url}/v1/auth/callback-urls`);
    expect(
      callbacks.json<{ data: { provider: string; callbackUrl: string }[] }>().data,
    ).toContainEqual({ provider: 'github', callbackUrl: `${gw.url}/v1/auth/github/callback` });

    const capabilities = (await call('GET', `${gw.url}/v1/platform/capabilities`)).json<{
      scopes: { scope: string }[];
      oauth: { tokenEndpoint: string };
      firewall: { enabled: boolean; blockedFilePatterns: string[] };
      providers: { id: string; endpoints: { endpoint: string; supported: boolean }[] }[];
    }>();
    expect(capabilities.scopes.map((scope) => scope.scope)).toContain('events:subscribe');
    expect(capabilities.oauth.tokenEndpoint).toBe(`${gw.url}/oauth/token`);
    expect(capabilities.firewall.blockedFilePatterns).toContain('.env');
    const bitbucket = capabilities.providers.find((provider) => provider.id === 'bitbucket');
    expect(
      bitbucket?.endpoints.find((endpoint) => endpoint.endpoint.endsWith('/contributors'))
        ?.supported,
    ).toBe(false);
    expect(
      capabilities.providers
        .find((provider) => provider.id === 'github')
        ?.endpoints.every((endpoint) => endpoint.supported),
    ).toBe(true);

    const preflight = await call('OPTIONS', `${gw.url}/v1/repositories`, {
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
  });

  it('refuses a bad authorize request without redirecting to an unregistered URI', async () => {
    const base = {
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      state: 's1',
    };
    const url = (query: Record<string, string>) =>
      `${gw.url}/oauth/authorize?${new URLSearchParams(query).toString()}`;
    const unknownClient = await call('GET', url({ ...base, client_id: 'client_nope' }));
    expect(unknownClient.status).toBe(401);
    const foreignRedirect = await call(
      'GET',
      url({ ...base, redirect_uri: 'https://evil.example.com/cb' }),
    );
    expect(foreignRedirect.status).toBe(400);
    expect(foreignRedirect.location).toBeNull();
    const tokenFlow = await call('GET', url({ ...base, response_type: 'token' }));
    expect(tokenFlow.status).toBe(303);
    expect(new URL(tokenFlow.location ?? '').searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
    const badScope = await call(
      'GET',
      url({ ...base, scope: 'read:repositories admin:everything' }),
    );
    expect(new URL(badScope.location ?? '').searchParams.get('error')).toBe('invalid_scope');
    expect(new URL(badScope.location ?? '').searchParams.get('state')).toBe('s1');
  });

  it('denies with error=access_denied and the state', async () => {
    const first = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'deny-me',
      provider: 'github',
      pick: () => true,
    });
    expect(first.code).toBeTruthy();
    const page = await call(
      'GET',
      `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: 'read:repositories', state: 'st-deny', customer_ref: 'deny-me' }).toString()}`,
      { jar: first.jar },
    );
    const deny = /href="(\/oauth\/authorize\/deny\?[^"]+)"/.exec(page.text)?.[1];
    expect(deny).toBeDefined();
    const denied = await call('GET', `${gw.url}${(deny ?? '').replaceAll('&amp;', '&')}`, {
      jar: first.jar,
    });
    expect(denied.status).toBe(303);
    const target = new URL(denied.location ?? '');
    expect(target.searchParams.get('error')).toBe('access_denied');
    expect(target.searchParams.get('state')).toBe('st-deny');
    // Without the browser's consent session the form is refused.
    const stranger = await call('GET', `${gw.url}${(deny ?? '').replaceAll('&amp;', '&')}`);
    expect(stranger.status).toBe(401);
  });

  it("shows and approves only the accounts this browser signed into, not everyone's who knows a customer_ref", async () => {
    const owner = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'guarded',
      provider: 'github',
      pick: () => true,
    });
    expect(owner.code).toBeTruthy();
    const value =
      /name="repository" value="([^"]+)"/.exec(owner.page)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(value).toMatch(/^conn_/);
    // Another browser types the same customer_ref: no account, no repository, nothing to approve.
    const stranger = new CookieJar();
    const url = `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: 'read:repositories', state: 'x', customer_ref: 'guarded' }).toString()}`;
    const page = await call('GET', url, { jar: stranger });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="repository"');
    expect(page.text).not.toContain(sim.dataset.viewer.login);
    const request =
      /name="request" value="([^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const forged = await call('POST', `${gw.url}/oauth/authorize/approve`, {
      jar: stranger,
      form: { request, scope: 'read:repositories', repository: value },
    });
    expect(forged.status).toBe(401);
    expect(forged.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');
    // The owner's browser still sees its account.
    const again = await call('GET', url, { jar: owner.jar });
    expect(again.text).toContain('name="repository"');
  });

  it('checks PKCE S256, the exact redirect URI and the 60 s code lifetime', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const noVerifier = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'pkce',
      provider: 'github',
      pick: () => true,
      extraQuery: pkce,
    });
    expect(
      (await exchangeCode(gw, app, noVerifier.code)).json<{ error_description: string }>()
        .error_description,
    ).toMatch(/code_verifier/);
    const wrong = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'pkce',
      provider: 'github',
      pick: () => true,
      extraQuery: pkce,
      jar: noVerifier.jar,
    });
    expect(
      (
        await exchangeCode(gw, app, wrong.code, {
          code_verifier: randomBytes(32).toString('base64url'),
        })
      ).status,
    ).toBe(400);
    const right = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'pkce',
      provider: 'github',
      pick: () => true,
      extraQuery: pkce,
      jar: noVerifier.jar,
    });
    expect((await exchangeCode(gw, app, right.code, { code_verifier: verifier })).status).toBe(200);

    const mismatch = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'pkce',
      provider: 'github',
      pick: () => true,
      jar: noVerifier.jar,
    });
    const refused = await call('POST', `${gw.url}/oauth/token`, {
      json: {
        grant_type: 'authorization_code',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: mismatch.code,
        redirect_uri: `${REDIRECT_URI}/other`,
      },
    });
    expect(refused.json<{ error_description: string }>().error_description).toMatch(/redirect_uri/);

    const late = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'pkce',
      provider: 'github',
      pick: () => true,
      jar: noVerifier.jar,
    });
    offsetMs = 61_000;
    try {
      expect(
        (await exchangeCode(gw, app, late.code)).json<{ error_description: string }>()
          .error_description,
      ).toMatch(/expired/);
    } finally {
      offsetMs = 0;
    }
    const wrongSecret = await exchangeCode(
      gw,
      { clientId: app.clientId, clientSecret: 'sggcs_wrong' },
      right.code,
    );
    expect(wrongSecret.status).toBe(401);
  });

  it('connects a provider account in API mode, consuming the state once', async () => {
    const noKey = await call('GET', `${gw.url}/v1/auth/github/start`);
    expect(noKey.status).toBe(401);
    const tenant = await call('POST', `${gw.url}/v1/platform/tenants`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: { name: 'Ops' },
    });
    expect(tenant.status, tenant.text).toBe(201);
    const tenantId = tenant.json<{ id: string }>().id;
    const start = await call('GET', `${gw.url}/v1/auth/github/start?tenantId=${tenantId}`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
    });
    expect(start.status, start.text).toBe(200);
    const { authorizationUrl, state } = start.json<{ authorizationUrl: string; state: string }>();
    // A link to the gateway: the browser that opens it is bound to the flow, then sent on.
    expect(authorizationUrl.startsWith(`${gw.url}/v1/auth/github/begin?`)).toBe(true);
    const browser = new CookieJar();
    const begin = await call('GET', authorizationUrl, { jar: browser });
    expect(begin.status, begin.text).toBe(302);
    const providerUrl = new URL(begin.location ?? '');
    expect(providerUrl.origin).toBe(new URL(sim.webUrl).origin);
    expect(providerUrl.searchParams.get('scope')).toContain('admin:repo_hook');
    expect(providerUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const upstream = await call('GET', providerUrl.toString());
    const callback = upstream.location ?? '';
    expect(new URL(callback).searchParams.get('state')).toBe(state);
    const connected = await call('GET', callback, { jar: browser });
    expect(connected.status, connected.text).toBe(200);
    const connection = connected.json<{
      id: string;
      tenantId: string;
      provider: string;
      accountLogin: string;
    }>();
    expect(connection).toMatchObject({
      tenantId,
      provider: 'github',
      accountLogin: sim.dataset.viewer.login,
    });
    expect(connected.text).not.toMatch(/accessToken|Enc"/);
    const replay = await call('GET', callback, { jar: browser });
    expect(replay.status).toBe(400);
    const listed = await call('GET', `${gw.url}/v1/connections?tenantId=${tenantId}`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
    });
    expect(listed.json<{ data: { id: string }[] }>().data.map((item) => item.id)).toEqual([
      connection.id,
    ]);
    const removed = await call('DELETE', `${gw.url}/v1/connections/${connection.id}`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
    });
    expect(removed.status).toBe(200);
    expect(
      (
        await call('GET', `${gw.url}/v1/connections/${connection.id}`, {
          headers: { 'x-admin-api-key': gw.adminApiKey },
        })
      ).status,
    ).toBe(404);
  });

  it("keeps tenants apart: one tenant's token never reaches another tenant's approval", async () => {
    const repos = sim.dataset.repositories;
    const [repoA, repoB] = [
      findRepositoryOrThrow(sim.dataset, sim.expected.repository),
      repos.find((repo) => repo.fullName !== sim.expected.repository),
    ];
    const a = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'tenant-a-customer',
      provider: 'github',
      pick: (name) => name === repoA.fullName,
    });
    const tokenA = (await exchangeCode(gw, app, a.code)).json<{
      accessToken: string;
      tenantId: string;
    }>();
    const developerB = await signUpDeveloper(gw);
    const appB = await createDeveloperApp(gw, developerB.token, ['read:repositories']);
    const b = await consent(gw, {
      clientId: appB.clientId,
      scopes: ['read:repositories'],
      customerRef: 'tenant-b-customer',
      provider: 'github',
      pick: (name) => name === repoB?.fullName,
    });
    const tokenB = (await exchangeCode(gw, appB, b.code)).json<{
      accessToken: string;
      tenantId: string;
    }>();
    expect(tokenB.tenantId).not.toBe(tokenA.tenantId);
    expect(
      (
        await call(
          'GET',
          `${gw.url}/v1/repositories/github/${repoA.id}`,
          bearer(tokenB.accessToken),
        )
      ).json<{ error: { code: string } }>().error.code,
    ).toBe('REPOSITORY_NOT_APPROVED');
    const listedB = (
      await call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(tokenB.accessToken))
    ).json<{ data: { fullName: string }[] }>().data;
    expect(listedB.map((repo) => repo.fullName)).toEqual([repoB?.fullName]);
    const meB = (
      await call('GET', `${gw.url}/v1/platform/client/me`, bearer(tokenB.accessToken))
    ).json<{ tenant: { id: string }; client: { id: string } }>();
    expect(meB.tenant.id).toBe(developerB.tenantId);
    expect(meB.client.id).toBe(appB.clientId);
    // B's developer session cannot manage A's app.
    const foreign = await call('PATCH', `${gw.url}/v1/developer/apps/${app.clientId}`, {
      headers: { authorization: `Bearer ${developerB.token}` },
      json: { name: 'hijacked' },
    });
    expect(foreign.status).toBe(404);
    const foreignAccount = await call('GET', `${gw.url}/v1/account/connections`, {
      headers: { authorization: `Bearer ${developerB.token}` },
    });
    const visible = foreignAccount.json<{ data: { tenantId: string }[] }>().data;
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((connection) => connection.tenantId === developerB.tenantId)).toBe(true);
  });
});

describe('legacy x-connection-id mode', () => {
  it('reads with x-connection-id only when ENFORCE_PLATFORM_AUTH=false', async () => {
    const sim = await startGitHubSimulator({ seed: 2 });
    const hosts = [githubSimulatorHost(sim, { oauth: false })];
    const open = await startTestGateway({
      providerHosts: hosts,
      env: { ENFORCE_PLATFORM_AUTH: 'false' },
    });
    const strict = await startTestGateway({ providerHosts: hosts });
    try {
      const created = await call('POST', `${open.url}/v1/connections/manual`, {
        json: { provider: 'github', accessToken: sim.token },
      });
      expect(created.status, created.text).toBe(201);
      const connectionId = created.json<{ id: string }>().id;
      const branches = await call(
        'GET',
        `${open.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/branches`,
        { headers: { 'x-connection-id': connectionId } },
      );
      expect(branches.status, branches.text).toBe(200);
      expect(branches.json<{ data: unknown[] }>().data.length).toBeGreaterThan(0);
      const byQuery = await call(
        'GET',
        `${open.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}?connectionId=${connectionId}`,
      );
      expect(byQuery.status).toBe(200);
      // `?connectionId=` is the credential, not a filter: reads whose filters are validated take it
      // too, and a cursor from such a page walks on.
      const repo = encodeURIComponent(sim.expected.repository);
      for (const path of [
        `/v1/repositories?provider=github&connectionId=${connectionId}`,
        `/v1/repositories/github/${repo}/commits?limit=1&connectionId=${connectionId}`,
        `/v1/repositories/github/${repo}/pull-requests?state=all&connectionId=${connectionId}`,
        `/v1/me?connectionId=${connectionId}`,
      ]) {
        const read = await call('GET', `${open.url}${path}`);
        expect(read.status, `${path} ${read.text}`).toBe(200);
      }
      const first = await call(
        'GET',
        `${open.url}/v1/repositories/github/${repo}/commits?limit=1&connectionId=${connectionId}`,
      );
      const next = first.json<{ page_info: { next_cursor: string } }>().page_info.next_cursor;
      const second = await call(
        'GET',
        `${open.url}/v1/repositories/github/${repo}/commits?limit=1&cursor=${encodeURIComponent(next)}&connectionId=${connectionId}`,
      );
      expect(second.status, second.text).toBe(200);
      const unknown = await call('GET', `${open.url}/v1/repositories/github/1/branches`, {
        headers: { 'x-connection-id': 'conn_nope' },
      });
      expect(unknown.json<{ error: { code: string } }>().error.code).toBe(
        'PROVIDER_ACCOUNT_NOT_CONNECTED',
      );

      expect(
        (
          await call('POST', `${strict.url}/v1/connections/manual`, {
            json: { provider: 'github', accessToken: sim.token },
          })
        ).status,
      ).toBe(401);
      const ignored = await call('GET', `${strict.url}/v1/repositories/github/1/branches`, {
        headers: { 'x-connection-id': connectionId },
      });
      expect(ignored.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');
    } finally {
      await open.close();
      await strict.close();
      await sim.stop();
    }
  });
});
