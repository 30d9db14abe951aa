import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost, gitlabSimulatorHost } from '../../../demo/simulator-hosts.js';
import { requireScope } from '../../auth/platform-auth.js';
import { SCOPE_NAMES } from '../../scopes.js';
import { joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, signedInJar, type CallResult } from '../../test-support/http.js';
import { updateSubscription } from '../subscriptions/service.js';

interface WorkspaceIntegration {
  id: string;
  provider: string;
  status: string;
  account_login: string;
  installation_id: string | null;
  integration_id: string;
  connected_at: string;
  disconnected_at: string | null;
}
interface CatalogueItem {
  id: string;
  name: string;
  description: string;
  supported: boolean;
}
interface ReposPage {
  repos: { id: string; name: string; private: boolean }[];
  total: number;
  page: number;
  per_page: number;
}
interface Health {
  healthy: boolean;
  latency_ms: number | null;
  rate_limit_remaining: number | null;
  token_expires_at: string | null;
  reason?: string;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectError(response: CallResult, status: number, code: string, message?: RegExp) {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

// Seed 002's workspace integrations against the GitHub and GitLab simulators: a GitHub App made
// through the manifest flow (completed with POST /v1/integrations/github/complete) and installed on
// the simulator, then connected to the workspace by its installation id and account login.
describe('workspace integrations (/api/integrations, seed 002)', () => {
  let sim: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let gw: TestGateway;
  let owner: { token: string; tenantId: string };
  let member: { token: string };
  let installation: { id: number; account: string };

  const api = (
    method: 'GET' | 'POST',
    path: string,
    token: string,
    json?: Record<string, unknown>,
  ) =>
    call(method, `${gw.url}/api/integrations${path}`, {
      ...bearer(token),
      ...(json === undefined ? {} : { json }),
    });

  beforeAll(async () => {
    [sim, gitlab] = await Promise.all([
      startGitHubSimulator({ seed: 61 }),
      startGitLabSimulator({ seed: 62 }),
    ]);
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(sim), gitlabSimulatorHost(gitlab)],
    });
    owner = await signUpDeveloper(gw);
    member = await joinTenant(gw, owner.token, 'member');
    // The GitHub App, from the manifest flow, completed by a front end with the code.
    const started = await call('POST', `${gw.url}/v1/integrations/github/start`, {
      ...bearer(owner.token),
      json: { display_name: 'Workspace app' },
    });
    expect(started.status, started.text).toBe(200);
    const { state } = started.json<{ state: string }>();
    const form = await call('GET', started.json<{ url: string }>().url, {
      jar: signedInJar(owner.token),
    });
    const manifest = /name="manifest" value="([^"]+)"/
      .exec(form.text)?.[1]
      ?.replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    const action = /action="([^"]+)"/.exec(form.text)?.[1]?.replaceAll('&amp;', '&');
    expect(manifest).toBeDefined();
    const created = await call('POST', action as string, {
      form: { manifest: manifest as string },
    });
    expect(created.status, created.text).toBe(302);
    const code = new URL(created.location as string).searchParams.get('code');
    const completed = await call('POST', `${gw.url}/v1/integrations/github/complete`, {
      ...bearer(owner.token),
      json: { code, state },
    });
    expect(completed.status, completed.text).toBe(201);
    const appId = Number(completed.json<{ app_id: string }>().app_id);
    // Installed on GitHub directly: the connect syncs installations to find it.
    installation = sim.apps.install(appId);
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([sim.stop(), gitlab.stop()]);
  });

  it('lists nothing before a connect, and needs a session', async () => {
    const list = await api('GET', '', owner.token);
    expect(list.status, list.text).toBe(200);
    expect(list.json()).toEqual({ integrations: [] });
    expectError(await call('GET', `${gw.url}/api/integrations`), 401, 'AUTH_REQUIRED');
  });

  it('refuses a member, a wrong account login and an unknown installation', async () => {
    const body = { installationId: String(installation.id), accountLogin: installation.account };
    expectError(
      await api('POST', '/github/connect', member.token, body),
      403,
      'INSUFFICIENT_SCOPE',
      /owner or admin/,
    );
    // The role is asked before the body is read: a member's bad body tells nothing either.
    for (const [path, bad] of [
      ['/github/connect', { accountLogin: 'x' }],
      ['/github/scan-org', { org: 42 }],
    ] as const)
      expectError(await api('POST', path, member.token, bad), 403, 'INSUFFICIENT_SCOPE');
    expectError(
      await api('POST', '/github/connect', owner.token, { ...body, accountLogin: 'someone-else' }),
      422,
      'INVALID_REQUEST',
      /accountLogin/,
    );
    expectError(
      await api('POST', '/github/connect', owner.token, { ...body, installationId: '999999999' }),
      422,
      'INVALID_REQUEST',
      /installationId/,
    );
    expectError(
      await api('POST', '/github/connect', owner.token, { accountLogin: 'x' }),
      422,
      'INVALID_REQUEST',
      /installationId/,
    );
    expectError(await api('POST', '/nope/connect', owner.token, body), 400, 'UNSUPPORTED_PROVIDER');
  });

  it('connects the installation (login case-insensitive), lists it, and hides it from another tenant', async () => {
    const connected = await api('POST', '/github/connect', owner.token, {
      installationId: installation.id,
      accountLogin: installation.account.toUpperCase(),
    });
    expect(connected.status, connected.text).toBe(200);
    const { integration } = connected.json<{ integration: WorkspaceIntegration }>();
    expect(integration).toMatchObject({
      provider: 'github',
      status: 'connected',
      account_login: installation.account,
      installation_id: String(installation.id),
      disconnected_at: null,
    });
    const list = await api('GET', '', member.token);
    expect(list.json<{ integrations: WorkspaceIntegration[] }>().integrations).toEqual([
      integration,
    ]);
    const stranger = await signUpDeveloper(gw);
    expect((await api('GET', '', stranger.token)).json()).toEqual({ integrations: [] });
    expectError(await api('GET', '/github/repos', stranger.token), 404, 'RESOURCE_NOT_FOUND');
    const health = await api('GET', '/github/health', stranger.token);
    expect(health.status).toBe(200);
    expect(health.json<Health>()).toMatchObject({ healthy: false });
  });

  it('pages the repositories with a true total, and searches the full name', async () => {
    const all = (await api('GET', '/github/repos?per_page=100', member.token)).json<ReposPage>();
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.repos).toHaveLength(all.total);
    expect(all.page).toBe(1);
    expect(all.per_page).toBe(100);
    for (const repo of all.repos) {
      expect(repo.name).toMatch(/^[^/]+\/[^/]+$/);
      expect(typeof repo.private).toBe('boolean');
    }
    const pages: ReposPage['repos'] = [];
    for (let page = 1; pages.length < all.total; page += 1) {
      const response = await api('GET', `/github/repos?page=${page}&per_page=1`, member.token);
      expect(response.status, response.text).toBe(200);
      const body = response.json<ReposPage>();
      expect(body).toMatchObject({ total: all.total, page, per_page: 1 });
      expect(body.repos.length).toBeGreaterThan(0);
      pages.push(...body.repos);
    }
    expect(pages).toEqual(all.repos);
    const beyond = (
      await api('GET', `/github/repos?page=${all.total + 1}&per_page=1`, member.token)
    ).json<ReposPage>();
    expect(beyond).toEqual({ repos: [], total: all.total, page: all.total + 1, per_page: 1 });

    const word = (all.repos[0]?.name.split('/')[1] ?? '').slice(0, 4).toUpperCase();
    const found = (
      await api('GET', `/github/repos?search=${encodeURIComponent(word)}&per_page=1`, member.token)
    ).json<ReposPage>();
    const expected = all.repos.filter((repo) =>
      repo.name.toLowerCase().includes(word.toLowerCase()),
    );
    expect(found.total).toBe(expected.length);
    expect(found.repos).toEqual(expected.slice(0, 1));

    for (const bad of ['per_page=0', 'per_page=101', 'page=0', 'page=abc'])
      expectError(await api('GET', `/github/repos?${bad}`, member.token), 400, 'INVALID_REQUEST');
  });

  it('lists checks and actions from the capability table', async () => {
    const checks = await api('GET', '/github/checks', member.token);
    expect(checks.status, checks.text).toBe(200);
    const items = checks.json<{ checks: CatalogueItem[] }>().checks;
    expect(items.map((item) => item.id)).toEqual(
      expect.arrayContaining(['branch_protection', 'ci_status', 'pull_request_reviews']),
    );
    for (const item of items)
      expect(item).toEqual({
        id: expect.any(String) as string,
        name: expect.any(String) as string,
        description: expect.any(String) as string,
        supported: expect.any(Boolean) as boolean,
      });
    const actions = (await api('GET', '/gitlab/actions', member.token)).json<{
      actions: CatalogueItem[];
    }>().actions;
    expect(actions.map((item) => item.id)).toEqual(['label', 'comment', 'commit_status', 'notify']);
    expect((await api('GET', '/bitbucket/actions', member.token)).status).toBe(200);
    expectError(await api('GET', '/svn/checks', member.token), 400, 'UNSUPPORTED_PROVIDER');
  });

  it('reports health: healthy, then unhealthy (200) when the installation is suspended', async () => {
    const healthy = await api('GET', '/github/health', member.token);
    expect(healthy.status, healthy.text).toBe(200);
    expect(healthy.json<Health>()).toEqual({
      healthy: true,
      latency_ms: expect.any(Number) as number,
      // What GitHub's (the simulator's) x-ratelimit-remaining said on the last call.
      rate_limit_remaining: expect.any(Number) as number,
      token_expires_at: null,
    });
    sim.apps.suspend(installation.id);
    try {
      const sick = await api('GET', '/github/health', member.token);
      expect(sick.status, sick.text).toBe(200);
      expect(sick.json<Health>()).toMatchObject({
        healthy: false,
        reason: expect.stringMatching(/suspended/) as string,
      });
    } finally {
      sim.apps.unsuspend(installation.id);
    }
  });

  it('disconnect disables the subscriptions, and a reconnect leaves them disabled', async () => {
    const { prisma } = gw.gateway.services;
    const list = (await api('GET', '', owner.token)).json<{
      integrations: WorkspaceIntegration[];
    }>();
    const connectionId = list.integrations[0]?.integration_id as string;
    const subscriptionId = `sub_ws_${Date.now()}`;
    await prisma.eventSubscription.create({
      data: {
        id: subscriptionId,
        tenantId: owner.tenantId,
        connectionId,
        provider: 'github',
        repositoryId: '1',
        providerHookId: '1',
        callbackUrl: 'https://hooks.example.com/in',
        events: '["push"]',
        active: true,
      },
    });
    expectError(
      await api('POST', '/github/disconnect', member.token),
      403,
      'INSUFFICIENT_SCOPE',
      /owner or admin/,
    );
    const off = await api('POST', '/github/disconnect', owner.token);
    expect(off.status, off.text).toBe(200);
    expect(off.json()).toMatchObject({
      integration: { status: 'disconnected', disconnected_at: expect.any(String) as string },
      disabled_subscriptions: 1,
    });
    expectError(await api('POST', '/github/disconnect', owner.token), 404, 'RESOURCE_NOT_FOUND');
    expectError(await api('GET', '/github/repos', owner.token), 404, 'RESOURCE_NOT_FOUND');
    // Whoever manages the subscription (here the app-less one's caller, by its connection) cannot
    // turn it back on while the integration stays disconnected.
    const manager = requireScope(
      await gw.gateway.services.platformAuth.legacy(connectionId, SCOPE_NAMES),
      'events:subscribe',
    );
    const revive = () =>
      updateSubscription(
        gw.gateway.services,
        { tenantId: owner.tenantId, clientId: null, grants: manager.grants },
        subscriptionId,
        { active: true },
      );
    await expect(revive()).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/disconnected the integration/) as string,
    });
    const back = await api('POST', '/github/connect', owner.token, {
      installationId: String(installation.id),
      accountLogin: installation.account,
    });
    expect(back.status, back.text).toBe(200);
    expect(back.json()).toMatchObject({ integration: { status: 'connected' } });
    const subscriptions = await prisma.eventSubscription.findMany({
      where: { tenantId: owner.tenantId, connectionId },
    });
    expect(subscriptions.map((row) => [row.active, row.disabledReason])).toEqual([
      [false, 'integration disconnected'],
    ]);
    // Connected again, it may be turned back on (here the simulator has no repository 1 to hook).
    const revived = await revive().then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(revived?.message ?? '').not.toMatch(/disconnected the integration/);
  });

  it('connects GitLab with a token, reports health, and unhealthy once the token is revoked', async () => {
    const token = gitlab.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    expectError(
      await api('POST', '/gitlab/connect', member.token, { token }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expectError(
      await api('POST', '/gitlab/connect', owner.token, {
        token: gitlab.issuePersonalAccessToken({ scopes: ['read_api'] }),
      }),
      422,
      'INVALID_REQUEST',
      /token/,
    );
    const connected = await api('POST', '/gitlab/connect', owner.token, { token });
    expect(connected.status, connected.text).toBe(200);
    expect(connected.json()).toMatchObject({
      integration: { provider: 'gitlab', status: 'connected', installation_id: null },
    });
    const repos = (await api('GET', '/gitlab/repos?per_page=1', owner.token)).json<ReposPage>();
    expect(repos.repos.length).toBeLessThanOrEqual(1);
    expect(repos.total).toBeGreaterThanOrEqual(repos.repos.length);
    expect((await api('GET', '/gitlab/health', owner.token)).json<Health>()).toMatchObject({
      healthy: true,
    });
    gitlab.revokePersonalAccessToken(token);
    const sick = await api('GET', '/gitlab/health', owner.token);
    expect(sick.status, sick.text).toBe(200);
    expect(sick.json<Health>()).toMatchObject({
      healthy: false,
      reason: expect.any(String) as string,
    });
    expectError(
      await api('POST', '/bitbucket/connect', owner.token, { token: 'x' }),
      400,
      'UNSUPPORTED_PROVIDER',
      /OAuth/,
    );
  });
});
