import { createHmac, sign } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from './start-github-simulator.js';

function jwt(privateKey: string, iss: number | string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss, iat: now - 30, exp: now + 540 })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

interface Answer {
  status: number;
  location: string | undefined;
  contentType: string;
  body: string;
}

async function call(
  url: string,
  init: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const response = await request(url, init);
  const location = response.headers.location;
  return {
    status: response.statusCode,
    location: typeof location === 'string' ? location : undefined,
    contentType: String(response.headers['content-type'] ?? ''),
    body: await response.body.text(),
  };
}

const postManifest = (url: string, manifest: unknown): Promise<Answer> =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      manifest: typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
    }).toString(),
  });

const MANIFEST = {
  name: 'Oore CI (Test) #1',
  url: 'https://ci.example.test',
  redirect_url: 'https://ci.example.test/github/manifest/callback?tenant=t1',
  setup_url: 'https://ci.example.test/github/setup',
  hook_attributes: { url: 'https://ci.example.test/hooks/github' },
  public: true,
  default_permissions: { contents: 'read', checks: 'write' },
  default_events: ['push', 'pull_request'],
};

describe('GitHub App manifest flow', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 5 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('registers, converts, authenticates, installs and mints a working installation token', async () => {
    const created = await postManifest(`${sim.webUrl}/settings/apps/new?state=st-1`, MANIFEST);
    expect(created.status).toBe(302);
    const back = new URL(created.location ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(
      'https://ci.example.test/github/manifest/callback',
    );
    expect(back.searchParams.get('tenant')).toBe('t1');
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code') ?? '';

    const conversion = await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, {
      method: 'POST',
    });
    expect(conversion.status).toBe(201);
    const app = JSON.parse(conversion.body) as Record<string, unknown>;
    for (const field of [
      'id',
      'slug',
      'node_id',
      'owner',
      'name',
      'description',
      'external_url',
      'html_url',
      'created_at',
      'updated_at',
      'client_id',
      'client_secret',
      'webhook_secret',
      'pem',
      'permissions',
      'events',
    ])
      expect(app, field).toHaveProperty(field);
    expect(app).toMatchObject({
      slug: 'oore-ci-test-1',
      name: 'Oore CI (Test) #1',
      external_url: 'https://ci.example.test',
      owner: { login: sim.dataset.viewer.login, type: 'User' },
      permissions: { checks: 'write', contents: 'read', metadata: 'read' },
      events: ['push', 'pull_request'],
    });
    expect(app.id).not.toBe(sim.app.id);
    expect(String(app.pem)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    // Single use.
    expect(
      (await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, { method: 'POST' })).status,
    ).toBe(404);

    const pem = String(app.pem);
    const asApp = { authorization: `Bearer ${jwt(pem, Number(app.id))}` };
    const self = await call(`${sim.baseUrl}/app`, { headers: asApp });
    expect(JSON.parse(self.body)).toMatchObject({ id: app.id, slug: app.slug });
    const byClientId = await call(`${sim.enterpriseBaseUrl}/app`, {
      headers: { authorization: `Bearer ${jwt(pem, String(app.client_id))}` },
    });
    expect(byClientId.status).toBe(200);
    // Another app's key does not pass for this app.
    expect(
      (
        await call(`${sim.baseUrl}/app`, {
          headers: { authorization: `Bearer ${jwt(sim.app.privateKey, Number(app.id))}` },
        })
      ).status,
    ).toBe(401);
    expect(
      JSON.parse((await call(`${sim.baseUrl}/app/installations`, { headers: asApp })).body),
    ).toEqual([]);

    const org = sim.dataset.viewer.organizations[0] ?? '';
    const install = await call(
      `${sim.webUrl}/apps/${String(app.slug)}/installations/new?target=${org}&state=st-2`,
    );
    expect(install.status).toBe(302);
    const setup = new URL(install.location ?? '');
    expect(`${setup.origin}${setup.pathname}`).toBe('https://ci.example.test/github/setup');
    expect(setup.searchParams.get('setup_action')).toBe('install');
    expect(setup.searchParams.get('state')).toBe('st-2');
    const installationId = Number(setup.searchParams.get('installation_id'));

    const listed = JSON.parse(
      (await call(`${sim.baseUrl}/app/installations`, { headers: asApp })).body,
    ) as { id: number; app_id: number; account: { login: string }; repository_selection: string }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: installationId,
      app_id: app.id,
      account: { login: org },
      repository_selection: 'all',
    });
    // The built-in app does not see it.
    const builtIn = { authorization: `Bearer ${jwt(sim.app.privateKey, sim.app.id)}` };
    expect(
      (await call(`${sim.baseUrl}/app/installations/${installationId}`, { headers: builtIn }))
        .status,
    ).toBe(404);

    const minted = await call(`${sim.baseUrl}/app/installations/${installationId}/access_tokens`, {
      method: 'POST',
      headers: asApp,
    });
    expect(minted.status).toBe(201);
    const token = (JSON.parse(minted.body) as { token: string; permissions: unknown }).token;
    const repos = await call(`${sim.baseUrl}/installation/repositories`, {
      headers: { authorization: `token ${token}` },
    });
    const page = JSON.parse(repos.body) as {
      total_count: number;
      repositories: { full_name: string; owner: { login: string } }[];
    };
    expect(page.total_count).toBeGreaterThan(0);
    for (const repo of page.repositories) expect(repo.owner.login).toBe(org);
    const first = page.repositories[0]?.full_name ?? '';
    expect(
      (
        await call(`${sim.baseUrl}/repos/${first}`, {
          headers: { authorization: `token ${token}` },
        })
      ).status,
    ).toBe(200);

    // The handle sees the same state, and suspension stops the token.
    const info = sim.apps.get(Number(app.id));
    expect(info?.installations).toEqual([
      expect.objectContaining({ id: installationId, account: org, suspended: false }),
    ]);
    sim.apps.suspend(installationId);
    expect(
      (
        await call(`${sim.baseUrl}/repos/${first}`, {
          headers: { authorization: `token ${token}` },
        })
      ).status,
    ).toBe(403);
    sim.apps.unsuspend(installationId);
    expect(
      (
        await call(`${sim.baseUrl}/repos/${first}`, {
          headers: { authorization: `token ${token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('registers organization apps with a unique slug, and answers an HTML page without setup_url', async () => {
    const org = sim.dataset.viewer.organizations[0] ?? '';
    const manifest = { ...MANIFEST, name: 'Oore CI (test) 1', setup_url: undefined, public: false };
    const created = await postManifest(
      `${sim.webUrl}/organizations/${org}/settings/apps/new?state=o`,
      manifest,
    );
    expect(created.status).toBe(302);
    const code = new URL(created.location ?? '').searchParams.get('code') ?? '';
    const app = JSON.parse(
      (await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, { method: 'POST' })).body,
    ) as { id: number; slug: string; owner: { login: string; type: string } };
    expect(app.slug).toMatch(/^oore-ci-test-1-\d+$/);
    expect(app.owner).toMatchObject({ login: org, type: 'Organization' });
    // A private app installs only on its owner.
    const elsewhere = await call(
      `${sim.webUrl}/apps/${app.slug}/installations/new?target=${sim.dataset.viewer.login}`,
    );
    expect(elsewhere.status).toBe(403);
    const installed = await call(
      `${sim.webUrl}/github-apps/${app.slug}/installations/new?target=${org}`,
    );
    expect([installed.status, installed.contentType]).toEqual([200, 'text/html; charset=utf-8']);
    expect(sim.apps.installations(app.id).map((i) => i.account)).toEqual([org]);
  });

  it('refuses bad manifests with a page, never a redirect', async () => {
    const url = `${sim.webUrl}/settings/apps/new?state=x`;
    const before = sim.apps.list().length;
    for (const bad of [
      '{not json',
      '[]',
      { ...MANIFEST, url: undefined },
      { ...MANIFEST, redirect_url: undefined },
      { ...MANIFEST, redirect_url: 'not a url' },
      { ...MANIFEST, hook_attributes: { url: 'nope' } },
      { ...MANIFEST, hook_attributes: {} },
      { ...MANIFEST, name: 'x'.repeat(35) },
    ]) {
      const answer = await postManifest(url, bad);
      expect(answer.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.location).toBeUndefined();
      expect(answer.contentType).toContain('text/html');
    }
    const empty = await call(url, { method: 'POST', body: '' });
    expect([empty.status, empty.location]).toEqual([422, undefined]);
    expect(
      (await postManifest(`${sim.webUrl}/organizations/no-such-org/settings/apps/new`, MANIFEST))
        .status,
    ).toBe(404);
    expect(sim.apps.list()).toHaveLength(before);
  });

  it('runs the OAuth web flow for a registered app, on its callback URLs only', async () => {
    const { app } = sim.apps.createFromManifest({
      url: 'https://ci.example.test',
      redirect_url: 'https://ci.example.test/cb',
      callback_urls: ['https://ci.example.test/oauth/github'],
    });
    const authorize = (redirect: string): Promise<Answer> =>
      call(
        `${sim.webUrl}/login/oauth/authorize?client_id=${app.clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=o1`,
      );
    expect((await authorize('https://evil.example.test/cb')).status).toBe(400);
    const approved = await authorize('https://ci.example.test/oauth/github');
    const code = new URL(approved.location ?? '').searchParams.get('code') ?? '';
    const exchange = (clientSecret: string): Promise<Answer> =>
      call(`${sim.webUrl}/login/oauth/access_token`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: app.clientId, client_secret: clientSecret, code }),
      });
    expect(JSON.parse((await exchange(sim.oauth.clientSecret)).body)).toMatchObject({
      error: 'incorrect_client_credentials',
    });
    const token = JSON.parse((await exchange(app.clientSecret)).body) as { access_token: string };
    expect(
      (
        await call(`${sim.baseUrl}/user`, {
          headers: { authorization: `Bearer ${token.access_token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('does the same through the handle, without a browser', async () => {
    const { app, code } = sim.apps.createFromManifest({
      url: 'https://ci.example.test',
      redirect_url: 'https://ci.example.test/cb',
    });
    expect(app.installations).toEqual([]);
    const installation = sim.apps.install(app.id);
    expect(installation).toMatchObject({ appId: app.id, account: sim.dataset.viewer.login });
    const converted = JSON.parse(
      (await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, { method: 'POST' })).body,
    ) as { pem: string; webhook_secret: string };
    expect(converted).toMatchObject({ pem: app.privateKey, webhook_secret: app.webhookSecret });
    expect(() => sim.apps.install(app.id, { target: 'nobody-here' })).toThrow(/nobody-here/);
    const publicView = await call(`${sim.enterpriseBaseUrl}/apps/${app.slug}`);
    expect(JSON.parse(publicView.body)).toMatchObject({
      id: app.id,
      html_url: `${sim.webUrl}/github-apps/${app.slug}`,
    });
    expect((await call(`${sim.baseUrl}/apps/no-such-app`)).status).toBe(404);
    expect(() => sim.apps.createFromManifest({ url: 'x' })).toThrow();
    const event = sim.apps.installationEvent(installation.id, 'created');
    expect(event.request.headers['X-GitHub-Event']).toBe('installation');
    expect(event.request.headers['X-Hub-Signature-256']).toBe(
      `sha256=${createHmac('sha256', app.webhookSecret ?? '')
        .update(event.request.rawBody)
        .digest('hex')}`,
    );
    expect(JSON.parse(String(event.request.rawBody))).toMatchObject({
      action: 'created',
      installation: { id: installation.id, app_id: app.id },
    });
    sim.apps.uninstall(installation.id);
    expect(sim.apps.installations(app.id)).toEqual([]);
  });
});
