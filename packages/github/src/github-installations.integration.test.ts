import { generateKeyPairSync } from 'node:crypto';
import { paginate, ScmError } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubAppAuth } from './github-app-auth.js';
import { createGitHubInstallations } from './github-installations.js';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ScmError.isInstance(error)) throw new Error(`expected an ScmError, got ${String(error)}`);
  return error;
}

describe('createGitHubInstallations against the GitHub simulator', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const setup = (baseUrl = sim.baseUrl) => {
    const appAuth = createGitHubAppAuth({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      baseUrl,
    });
    const installations = createGitHubInstallations({ appAuth, baseUrl });
    return {
      appAuth,
      installations,
      close: () => Promise.all([appAuth.close(), installations.close()]),
    };
  };

  it('lists every installation of the app, one page at a time', async () => {
    const { installations, close } = setup();
    const first = await installations.listInstallations({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBe('2');
    const all = [];
    for await (const item of paginate((query) => installations.listInstallations(query), {
      limit: 1,
    }))
      all.push(item);
    expect(all.map((i) => ({ id: Number(i.id), account: i.account?.login }))).toEqual(
      sim.app.installations.map(({ id, account }) => ({ id, account })),
    );
    for (const installation of all) {
      expect(installation).toMatchObject({
        provider: 'github',
        appId: String(sim.app.id),
        appSlug: sim.app.slug,
      });
      expect(['all', 'selected']).toContain(installation.repositorySelection);
    }
    await close();
  });

  it('lists the repositories an installation reaches, by owner and by id, paginated', async () => {
    const { installations, close } = setup();
    const installation = sim.app.installations[0];
    if (installation === undefined) throw new Error('no installation');
    const expected = sim.dataset.repositories
      .filter((repo) => repo.owner === installation.account)
      .map((repo) => repo.fullName)
      .sort();
    expect(expected.length).toBeGreaterThan(1);

    const names: string[] = [];
    for await (const repo of paginate(
      (query) => installations.listInstallationRepositories({ owner: installation.account }, query),
      { limit: 1 },
    ))
      names.push(repo.fullName);
    expect(names.sort()).toEqual(expected);

    const byId = await installations.listInstallationRepositories(
      { installationId: installation.id },
      { limit: 100 },
    );
    expect(byId.items.map((r) => r.fullName).sort()).toEqual(expected);
    expect(byId.nextCursor).toBeNull();
    // One token served every page.
    expect(sim.requests.count({ method: 'POST', path: /access_tokens$/ })).toBe(1);
    await close();
  });

  it('works on GHES and rejects a foreign cursor', async () => {
    const { installations, close } = setup(sim.enterpriseBaseUrl);
    const page = await installations.listInstallations({ limit: 100 });
    expect(page.items).toHaveLength(sim.app.installations.length);
    expect(
      (
        await errorOf(
          installations.listInstallations({ limit: 10, cursor: 'https://evil.test/?page=2' }),
        )
      ).code,
    ).toBe('INVALID_CURSOR');
    await close();
  });

  it('surfaces a rate-limited app endpoint as RATE_LIMITED', async () => {
    const { installations, close } = setup();
    const fault = sim.faults.inject(
      { method: 'GET', route: '/app/installations' },
      { status: 403, rateLimited: true, resetInSeconds: 3600, times: 1 },
    );
    const error = await errorOf(installations.listInstallations({ limit: 5 }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    sim.faults.clear(fault.id);
    await close();
  });
});

describe('createGitHubInstallations with a revoked token', () => {
  it('mints a new installation token once when GitHub refuses the cached one', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const agent = new MockAgent();
    agent.disableNetConnect();
    const api = agent.get('https://api.github.com');
    const tokenReply = (token: string) => ({
      token,
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    });
    api
      .intercept({ path: '/app/installations/5/access_tokens', method: 'POST' })
      .reply(201, tokenReply('ghs_old'));
    api
      .intercept({
        path: '/installation/repositories?per_page=10&page=1',
        method: 'GET',
        headers: { authorization: 'token ghs_old' },
      })
      .reply(401, { message: 'Bad credentials' });
    api
      .intercept({ path: '/app/installations/5/access_tokens', method: 'POST' })
      .reply(201, tokenReply('ghs_new'));
    api
      .intercept({
        path: '/installation/repositories?per_page=10&page=1',
        method: 'GET',
        headers: { authorization: 'token ghs_new' },
      })
      .reply(200, { total_count: 0, repositories: [] });
    const appAuth = createGitHubAppAuth({
      appId: 1,
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      dispatcher: agent,
    });
    const installations = createGitHubInstallations({ appAuth, dispatcher: agent });
    const page = await installations.listInstallationRepositories(
      { installationId: 5 },
      { limit: 10 },
    );
    expect(page).toEqual({ items: [], nextCursor: null });
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
});
