import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../auth/sessions.js';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { dumpDatabase } from '../../test-support/dump.js';
import { joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { expectLinkConfirmation } from './test-support/link-opener.js';
import { call, signedInJar, type CallResult } from '../../test-support/http.js';

interface Integration {
  id: string;
  provider: string;
  host_url: string;
  auth_mode: string;
  status: string;
  display_name: string;
  app_id: string | null;
  app_slug: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
interface Installation {
  id: string;
  account: { login: string; type: string };
  repository_selection: string;
  suspended: boolean;
  permissions: Record<string, string>;
  last_synced_at: number;
}
interface ErrorBody {
  error: { code: string; message: string };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectError(response: CallResult, status: number, code: string, message?: RegExp) {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<ErrorBody>();
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** The create page's form: where it posts, and the manifest it carries. */
function readManifestForm(html: string): { action: string; manifest: string } {
  const unescape = (value: string) =>
    value
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  const action = /<form id="manifest-form" method="post" action="([^"]+)"/.exec(html)?.[1];
  const manifest = /name="manifest" value="([^"]+)"/.exec(html)?.[1];
  if (action === undefined || manifest === undefined)
    throw new Error(`no manifest form in ${html}`);
  return { action: unescape(action), manifest: unescape(manifest) };
}

// Oore CI's GitHub App flow (seed 000) against the GitHub simulator, as a browser without
// JavaScript would walk it (the Chromium test walks it with JavaScript): start → create page →
// GitHub's new-app page → callback → install page → installed → installations → repositories.
describe('Oore integrations: the GitHub App manifest flow', () => {
  let sim: GitHubSimulator;
  let ghes: GitHubSimulator;
  let gw: TestGateway;
  let owner: { token: string; tenantId: string };

  beforeAll(async () => {
    [sim, ghes] = await Promise.all([
      startGitHubSimulator({ seed: 41 }),
      startGitHubSimulator({ seed: 42 }),
    ]);
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    owner = await signUpDeveloper(gw);
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([sim.stop(), ghes.stop()]);
  });

  const start = (token: string, body: Record<string, unknown> = {}) =>
    call('POST', `${gw.url}/v1/integrations/github/start`, { ...bearer(token), json: body });

  /** start → create page → the provider's new-app page; returns the callback URL and the jar. */
  async function createApp(body: Record<string, unknown> = {}, jar = signedInJar(owner.token)) {
    const started = await start(owner.token, body);
    expect(started.status, started.text).toBe(200);
    const { url, state } = started.json<{ url: string; state: string; expires_at: number }>();
    expect(url).toBe(`${gw.url}/v1/integrations/github/create?state=${encodeURIComponent(state)}`);
    const page = await call('GET', url, { jar });
    expect(page.status, page.text).toBe(200);
    // The page may run exactly its auto-submit script and post only to the provider and back here.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'sha256-[^' ]+'/);
    expect(csp).toContain(`form-action 'self'`);
    const form = readManifestForm(page.text);
    const manifest = JSON.parse(form.manifest) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      redirect_url: `${gw.url}/v1/integrations/github/callback`,
      setup_url: `${gw.url}/v1/integrations/github/installed`,
      hook_attributes: { url: `${gw.url}/v1/webhooks/github` },
    });
    const created = await call('POST', form.action, { form: { manifest: form.manifest } });
    expect(created.status, created.text).toBe(302);
    return { callback: created.location as string, jar, state, form };
  }

  it('creates the app, installs it, lists installations and every repository', async () => {
    const { callback, jar } = await createApp({ display_name: 'Oore Build CI' });
    expect(callback.startsWith(`${gw.url}/v1/integrations/github/callback?code=`)).toBe(true);
    const back = await call('GET', callback, { jar });
    expect(back.status, back.text).toBe(302);
    const installUrl = new URL(back.location as string);
    expect(installUrl.origin).toBe(new URL(sim.webUrl).origin);
    expect(installUrl.pathname).toMatch(/^\/apps\/[a-z0-9-]+\/installations\/new$/);
    // A replayed callback is refused: the state was spent.
    expectError(await call('GET', callback, { jar }), 400, 'INVALID_REQUEST', /used|expired/);

    const installed = await call('GET', installUrl.toString());
    expect(installed.status, installed.text).toBe(302);
    const setup = new URL(installed.location as string);
    expect(setup.pathname).toBe('/v1/integrations/github/installed');
    expect(setup.searchParams.get('setup_action')).toBe('install');
    const landed = await call('GET', setup.toString(), { jar });
    expect(landed.status, landed.text).toBe(200);
    expect(landed.text).toContain('Installed');

    const list = await call('GET', `${gw.url}/v1/integrations`, bearer(owner.token));
    expect(list.status, list.text).toBe(200);
    const [integration] = list.json<Integration[]>();
    const app = sim.apps.list().find((candidate) => candidate.slug === integration?.app_slug);
    expect(app).toBeDefined();
    expect(integration).toEqual({
      id: expect.stringMatching(/^conn_/) as string,
      provider: 'github',
      host_url: sim.webUrl.replace(/\/+$/, ''),
      auth_mode: 'github_app',
      status: 'active',
      status_reason: null,
      display_name: 'Oore Build CI',
      app_id: String(app?.id),
      app_slug: app?.slug,
      account: expect.objectContaining({ username: app?.slug }) as unknown,
      created_by: expect.stringMatching(/.+/) as string,
      created_at: expect.any(Number) as number,
      updated_at: expect.any(Number) as number,
    });
    const id = integration?.id ?? '';
    // An app signs its deliveries with its own secret: there is no integration secret to issue.
    const noSecret = await call(
      'POST',
      `${gw.url}/v1/integrations/${id}/webhook-secret`,
      bearer(owner.token),
    );
    expect(noSecret.status, noSecret.text).toBe(400);
    expect(noSecret.text).toMatch(/GitHub App integration signs its deliveries/);
    expect(Math.abs((integration?.created_at ?? 0) - Date.now() / 1000)).toBeLessThan(120);

    const one = await call('GET', `${gw.url}/v1/integrations/${id}`, bearer(owner.token));
    expect(one.json<Integration>()).toEqual(integration);

    const installations = await call(
      'GET',
      `${gw.url}/v1/integrations/${id}/installations`,
      bearer(owner.token),
    );
    expect(installations.status, installations.text).toBe(200);
    const [installation] = installations.json<Installation[]>();
    expect(installation).toMatchObject({
      id: setup.searchParams.get('installation_id'),
      repository_selection: 'all',
      suspended: false,
      permissions: expect.objectContaining({ contents: 'read' }) as unknown,
    });

    const repositories = await call(
      'GET',
      `${gw.url}/v1/integrations/${id}/repositories`,
      bearer(owner.token),
    );
    expect(repositories.status, repositories.text).toBe(200);
    const repos = repositories.json<{ name: string; url: string; visibility: string }[]>();
    const login = installation?.account.login ?? '';
    // Every page: exactly the installed account's repositories of the simulator's dataset.
    const expected = sim.dataset.repositories.filter((repo) => repo.owner === login);
    expect(expected.length).toBeGreaterThan(0);
    expect(repos.map((repo) => repo.name).sort()).toEqual(expected.map((repo) => repo.name).sort());
    for (const repo of repos) {
      expect(repo.url.startsWith(`${sim.webUrl.replace(/\/+$/, '')}/${login}/`)).toBe(true);
      expect(['public', 'private', 'internal']).toContain(repo.visibility);
    }

    // Suspended on GitHub: a sync says so, and its repositories are left out.
    sim.apps.suspend(Number(installation?.id));
    const synced = await call(
      'POST',
      `${gw.url}/v1/integrations/${id}/installations`,
      bearer(owner.token),
    );
    expect(synced.status, synced.text).toBe(200);
    expect(synced.json<Installation[]>()[0]?.suspended).toBe(true);
    const none = await call(
      'GET',
      `${gw.url}/v1/integrations/${id}/repositories`,
      bearer(owner.token),
    );
    expect(none.json<unknown[]>()).toEqual([]);
    sim.apps.unsuspend(Number(installation?.id));

    // Nothing secret in the database in plain text.
    const dump = await dumpDatabase(gw.gateway.services.db);
    const secrets = sim.apps.get(app?.id ?? 0);
    expect(secrets).toBeDefined();
    for (const secret of [
      secrets?.clientSecret,
      secrets?.webhookSecret,
      secrets?.privateKey.split('\n')[1],
    ])
      if (secret !== undefined && secret !== null && secret !== '')
        expect(dump).not.toContain(secret);

    // Deleting it takes the app and its installations with it; another GET is 404.
    const deleted = await call('DELETE', `${gw.url}/v1/integrations/${id}`, bearer(owner.token));
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json<Integration>().status).toBe('revoked');
    expectError(
      await call('GET', `${gw.url}/v1/integrations/${id}`, bearer(owner.token)),
      404,
      'RESOURCE_NOT_FOUND',
    );
    const { prisma } = gw.gateway.services;
    expect(await prisma.gitHubApp.count({ where: { connectionId: id } })).toBe(0);
    expect(await prisma.gitHubAppInstallation.count()).toBe(0);
  });

  it('starts with no request body from a bearer caller (the seed gives start none); a cookie session still sends JSON', async () => {
    const bare = await call('POST', `${gw.url}/v1/integrations/github/start`, bearer(owner.token));
    expect(bare.status, bare.text).toBe(200);
    expect(bare.json<{ url: string }>().url).toMatch(/\/v1\/integrations\/github\/create\?state=/);
    const cookie = `${SESSION_COOKIE}=${owner.token}`;
    const form = await call('POST', `${gw.url}/v1/integrations/github/start`, {
      headers: { cookie },
      form: {},
    });
    expect(form.status, form.text).toBe(400);
    const noBody = await call('POST', `${gw.url}/v1/integrations/github/start`, {
      headers: { cookie },
    });
    expect(noBody.status, noBody.text).toBe(400);
  });

  it('asks a browser not signed in here before it binds the flow, and refuses another account', async () => {
    const started = await start(owner.token, { display_name: 'Asked first' });
    const { url, state } = started.json<{ url: string; state: string }>();
    // No script and no binding: the page's own button, posted from this origin, goes on.
    const { jar } = await expectLinkConfirmation(gw, {
      url,
      provider: 'github',
      tenantId: owner.tenantId,
      providerOrigin: new URL(sim.webUrl).origin,
    });
    const confirmed = await call('POST', `${gw.url}/v1/integrations/github/create`, {
      jar,
      headers: { origin: new URL(gw.url).origin },
      form: { state },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(jar.header()).not.toBe('');
    // Confirmed, the manifest form posts itself, as for the starter's own browser.
    expect(String(confirmed.headers['content-security-policy'])).toMatch(/script-src 'sha256-/);
    const form = readManifestForm(confirmed.text);
    const created = await call('POST', form.action, { form: { manifest: form.manifest } });
    expect(created.status, created.text).toBe(302);
    const back = await call('GET', created.location as string, { jar });
    expect(back.status, back.text).toBe(302);
    expect(new URL(back.location as string).pathname).toMatch(/\/installations\/new$/);
  });

  it('refuses a callback from another browser, and a forged installation id', async () => {
    const { callback } = await createApp();
    expectError(await call('GET', callback), 400, 'INVALID_REQUEST', /another browser/);
    const forged = await call(
      'GET',
      `${gw.url}/v1/integrations/github/installed?installation_id=999999&setup_action=install`,
      bearer(owner.token),
    );
    expect(forged.status, forged.text).not.toBe(200);
    expect(forged.status).toBeLessThan(500);
  });

  it('lets a front end complete with the code (POST …/github/complete) under the same session', async () => {
    const { callback } = await createApp();
    const params = new URL(callback).searchParams;
    const body = { code: params.get('code'), state: params.get('state') };
    const other = await signUpDeveloper(gw);
    expectError(
      await call('POST', `${gw.url}/v1/integrations/github/complete`, {
        ...bearer(other.token),
        json: body,
      }),
      400,
      'INVALID_REQUEST',
      /another browser or session/,
    );
    // The stranger's attempt spent nothing: the session that started the flow completes it, once.
    const completed = await call('POST', `${gw.url}/v1/integrations/github/complete`, {
      ...bearer(owner.token),
      json: body,
    });
    expect(completed.status, completed.text).toBe(201);
    expect(completed.json<Integration & { install_url: string }>()).toMatchObject({
      auth_mode: 'github_app',
      install_url: expect.stringContaining('/installations/new?state=') as string,
    });
    expectError(
      await call('POST', `${gw.url}/v1/integrations/github/complete`, {
        ...bearer(owner.token),
        json: body,
      }),
      400,
      'INVALID_REQUEST',
      /used|expired/,
    );
  });

  it('creates the app on a GitHub Enterprise Server named at run time', async () => {
    const { callback, jar } = await createApp({ host_url: ghes.webUrl, organization: undefined });
    expect(new URL(callback).origin).toBe(new URL(gw.url).origin);
    const back = await call('GET', callback, { jar });
    expect(back.status, back.text).toBe(302);
    expect(new URL(back.location as string).origin).toBe(new URL(ghes.webUrl).origin);
    const list = await call('GET', `${gw.url}/v1/integrations`, bearer(owner.token));
    const onGhes = list
      .json<Integration[]>()
      .find((item) => item.host_url === ghes.webUrl.replace(/\/+$/, ''));
    expect(onGhes).toMatchObject({ auth_mode: 'github_app', status: 'active' });
    expect(ghes.apps.list().some((app) => app.slug === onGhes?.app_slug)).toBe(true);
  });

  it("keeps installations current from the app's installation webhooks", async () => {
    const { callback } = await createApp();
    const params = new URL(callback).searchParams;
    const completed = await call('POST', `${gw.url}/v1/integrations/github/complete`, {
      ...bearer(owner.token),
      json: { code: params.get('code'), state: params.get('state') },
    });
    expect(completed.status, completed.text).toBe(201);
    const integration = completed.json<Integration>();
    const appId = Number(integration.app_id);
    const installationsOf = async () =>
      (
        await call(
          'GET',
          `${gw.url}/v1/integrations/${integration.id}/installations`,
          bearer(owner.token),
        )
      ).json<Installation[]>();
    expect(await installationsOf()).toEqual([]);
    const waitFor = async (check: (list: Installation[]) => boolean) => {
      const until = Date.now() + 15_000;
      let list = await installationsOf();
      while (!check(list) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        list = await installationsOf();
      }
      return list;
    };
    const postEvent = async (event: ReturnType<typeof sim.apps.installationEvent>) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.request.headers))
        if (typeof value === 'string') headers[name] = value;
      const response = await request(`${gw.url}/v1/webhooks/github`, {
        method: 'POST',
        headers,
        body: event.request.rawBody,
      });
      expect(response.statusCode, await response.body.text()).toBe(202);
    };
    // Installed from GitHub directly (no setup URL visit): the installation webhook brings it in.
    const installed = sim.apps.install(appId);
    await postEvent(sim.apps.installationEvent(installed.id, 'created'));
    expect(
      (await waitFor((list) => list.length === 1)).map((item) => [item.id, item.suspended]),
    ).toEqual([[String(installed.id), false]]);
    sim.apps.suspend(installed.id);
    await postEvent(sim.apps.installationEvent(installed.id, 'suspend'));
    expect((await waitFor((list) => list[0]?.suspended === true))[0]?.suspended).toBe(true);
    // Signed with another app's secret: refused.
    const other = sim.apps.installationEvent(installed.id, 'unsuspend');
    const forged = await request(`${gw.url}/v1/webhooks/github`, {
      method: 'POST',
      headers: {
        ...(other.request.headers as Record<string, string>),
        'x-hub-signature-256': 'sha256=00',
      },
      body: other.request.rawBody,
    });
    expect(forged.statusCode).toBe(401);
    await forged.body.dump();
  });

  it('keeps members to reading, and other tenants out', async () => {
    const member = await joinTenant(gw, owner.token, 'member');
    expectError(await start(member.token), 403, 'INSUFFICIENT_SCOPE', /owner or admin/);
    const list = await call('GET', `${gw.url}/v1/integrations`, bearer(member.token));
    expect(list.status, list.text).toBe(200);
    const [first] = list.json<Integration[]>();
    expect(first).toBeDefined();
    expectError(
      await call('DELETE', `${gw.url}/v1/integrations/${first?.id ?? ''}`, bearer(member.token)),
      403,
      'INSUFFICIENT_SCOPE',
      /owner or admin/,
    );
    const admin = await joinTenant(gw, owner.token, 'admin');
    expect((await start(admin.token)).status).toBe(200);

    const stranger = await signUpDeveloper(gw);
    for (const path of ['', '/repositories', '/installations'])
      expectError(
        await call(
          'GET',
          `${gw.url}/v1/integrations/${first?.id ?? ''}${path}`,
          bearer(stranger.token),
        ),
        404,
        'RESOURCE_NOT_FOUND',
      );
    expect((await call('GET', `${gw.url}/v1/integrations`, bearer(stranger.token))).json()).toEqual(
      [],
    );
    expectError(await call('GET', `${gw.url}/v1/integrations`), 401, 'AUTH_REQUIRED');
    // A cross-site form cannot start a flow with a cookie session.
    expectError(
      await call('POST', `${gw.url}/v1/integrations/github/start`, {
        ...bearer(owner.token),
        form: {},
      }),
      400,
      'INVALID_REQUEST',
      /application\/json/,
    );
    expectError(
      await call('POST', `${gw.url}/v1/integrations/bitbucket/start`, {
        ...bearer(owner.token),
        json: {},
      }),
      400,
      'UNSUPPORTED_PROVIDER',
    );
  });
});
