import { generateKeyPairSync } from 'node:crypto';
import { ScmError, type Logger } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { MockAgent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubAppAuth, type GitHubAppAuthOptions } from './github-app-auth.js';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ScmError.isInstance(error)) throw new Error(`expected an ScmError, got ${String(error)}`);
  return error;
}

/** Real time plus an offset the test moves forward: the simulator still checks JWTs in real time. */
function movableClock(): { now(): number; sleep(): Promise<void>; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: () => Promise.resolve(),
    advance: (ms) => (offset += ms),
  };
}

function recordingLogger(): Logger & { text(): string } {
  const lines: unknown[] = [];
  const log = (message: string, fields?: Record<string, unknown>): void => {
    lines.push({ message, fields });
  };
  return { debug: log, info: log, warn: log, error: log, text: () => JSON.stringify(lines) };
}

async function installationRepos(
  sim: GitHubSimulator,
  base: string,
  token: string,
): Promise<number> {
  const response = await request(`${base}/installation/repositories`, {
    headers: { authorization: `token ${token}`, 'user-agent': 'test' },
  });
  await response.body.text();
  return response.statusCode;
}

describe('createGitHubAppAuth against the GitHub simulator', () => {
  let sim: GitHubSimulator;
  const opened: { close(): Promise<void> }[] = [];
  const appAuth = (overrides: Partial<GitHubAppAuthOptions> = {}) => {
    const auth = createGitHubAppAuth({
      appId: sim.app.id,
      privateKey: sim.app.privateKey,
      baseUrl: sim.baseUrl,
      ...overrides,
    });
    opened.push(auth);
    return auth;
  };
  const mints = (): number =>
    sim.requests.count({ method: 'POST', path: /\/app\/installations\/\d+\/access_tokens$/ });

  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((auth) => auth.close()));
    sim.requests.clear();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const firstInstallation = () => {
    const installation = sim.app.installations[0];
    if (installation === undefined) throw new Error('the simulator has no installation');
    return installation;
  };

  it('mints an installation token with a JWT the simulator verifies, and the token works', async () => {
    const logger = recordingLogger();
    const auth = appAuth({ logger });
    const { id } = firstInstallation();
    const { token, expiresAt } = await auth.installationToken(id);
    expect(token).toMatch(/^ghs_/);
    expect(expiresAt).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect(mints()).toBe(1);
    const mint = sim.requests.filter({ method: 'POST' })[0];
    expect(mint?.path).toBe(`/app/installations/${String(id)}/access_tokens`);
    expect(String(mint?.headers.authorization)).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await installationRepos(sim, sim.baseUrl, token)).toBe(200);
    // The JWT carries GitHub's documented claims.
    const [header, claims] = (await auth.appJwt())
      .split('.')
      .slice(0, 2)
      .map(
        (part) =>
          JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>,
      );
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(String(claims?.iss)).toBe(String(sim.app.id));
    const iat = Number(claims?.iat);
    const exp = Number(claims?.exp);
    expect(iat).toBeLessThanOrEqual(Date.now() / 1000);
    expect(exp - iat).toBeLessThanOrEqual(600);
    expect(exp).toBeGreaterThan(Date.now() / 1000 + 60);
    // Nothing secret reaches the logs.
    expect(logger.text()).not.toContain(token);
    expect(logger.text()).not.toContain('PRIVATE KEY');
  });

  it('caches the token and lets concurrent callers share one mint', async () => {
    const auth = appAuth();
    const { id } = firstInstallation();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => auth.installationToken(id)));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(mints()).toBe(1);
    await auth.tokenFor({ installationId: id });
    expect(mints()).toBe(1);
  });

  it('renews the token shortly before it expires, once for concurrent callers', async () => {
    const clock = movableClock();
    const auth = appAuth({ clock });
    const { id } = firstInstallation();
    const first = await auth.installationToken(id);
    clock.advance(50 * 60_000);
    expect((await auth.installationToken(id)).token).toBe(first.token);
    expect(mints()).toBe(1);
    // Inside the default five-minute window before the one-hour expiry.
    clock.advance(6 * 60_000);
    const renewed = await Promise.all(Array.from({ length: 5 }, () => auth.installationToken(id)));
    expect(new Set(renewed.map((t) => t.token)).size).toBe(1);
    expect(renewed[0]?.token).not.toBe(first.token);
    expect(mints()).toBe(2);
  });

  it('looks an owner’s installation up once, then reuses it', async () => {
    const auth = appAuth();
    const { id, account } = firstInstallation();
    expect(await auth.installationIdForOwner(account)).toBe(id);
    expect(await auth.installationIdForOwner(account.toUpperCase())).toBe(id);
    const token = await auth.tokenFor({ owner: account });
    expect(await installationRepos(sim, sim.baseUrl, token)).toBe(200);
    expect(sim.requests.count({ method: 'GET', path: /\/installation$/ })).toBe(1);
    expect(sim.requests.count({ method: 'GET', path: '/app/installations' })).toBe(0);
  });

  it('finds organization installations too', async () => {
    const auth = appAuth();
    const org = sim.app.installations.find((i) =>
      sim.dataset.viewer.organizations.includes(i.account),
    );
    expect(org).toBeDefined();
    if (org === undefined) return;
    expect(await auth.installationIdForOwner(org.account)).toBe(org.id);
  });

  it('reports a missing installation as INSTALLATION_NOT_FOUND and does not remember the miss', async () => {
    const auth = appAuth();
    expect((await errorOf(auth.installationToken(99_999_999))).code).toBe('INSTALLATION_NOT_FOUND');
    const owner = 'nobody-installed-here';
    expect((await errorOf(auth.installationIdForOwner(owner))).code).toBe('INSTALLATION_NOT_FOUND');
    const lookups = sim.requests.count({ method: 'GET', path: /\/installation$/ });
    await errorOf(auth.tokenFor({ owner }));
    expect(sim.requests.count({ method: 'GET', path: /\/installation$/ })).toBe(lookups * 2);
    expect((await errorOf(auth.installationIdForOwner('../app'))).code).toBe('INVALID_REQUEST');
  });

  it('maps a JWT signed with the wrong key to INVALID_CREDENTIALS, and an unusable key too', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const wrong = appAuth({ privateKey: otherKey });
    const refused = await errorOf(wrong.installationToken(firstInstallation().id));
    expect(refused.code).toBe('INVALID_CREDENTIALS');
    expect(refused.upstreamStatus).toBe(401);

    const garbage = '-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----';
    const unusable = appAuth({ privateKey: garbage });
    const failed = await errorOf(unusable.appJwt());
    expect(failed.code).toBe('INVALID_CREDENTIALS');
    expect(failed.message).not.toContain('bm90IGEga2V5');
    expect(failed.cause).toBeUndefined();
  });

  it('works against GitHub Enterprise Server’s /api/v3 base', async () => {
    const auth = appAuth({ baseUrl: sim.enterpriseBaseUrl });
    const { account } = firstInstallation();
    const token = await auth.tokenFor({ owner: account });
    expect(await installationRepos(sim, sim.enterpriseBaseUrl, token)).toBe(200);
    const paths = sim.requests.entries.map((entry) => entry.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.startsWith('/api/v3/')).toBe(true);
  });
});

describe('createGitHubAppAuth owner lookup fallback', () => {
  it('falls back to /orgs/:org/installation when /users/ does not know the account', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const agent = new MockAgent();
    agent.disableNetConnect();
    const api = agent.get('https://ghe.example.test');
    api
      .intercept({ path: '/api/v3/users/acme/installation', method: 'GET' })
      .reply(404, { message: 'Not Found' });
    api.intercept({ path: '/api/v3/orgs/acme/installation', method: 'GET' }).reply(200, { id: 31 });
    const auth = createGitHubAppAuth({
      appId: 1,
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      baseUrl: 'https://ghe.example.test/api/v3',
      dispatcher: agent,
    });
    expect(await auth.installationIdForOwner('acme')).toBe(31);
    expect(await auth.installationIdForOwner('acme')).toBe(31);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('looks the owner up again after its installation disappeared', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const agent = new MockAgent();
    agent.disableNetConnect();
    const api = agent.get('https://api.github.com');
    api.intercept({ path: '/users/acme/installation', method: 'GET' }).reply(200, { id: 5 });
    api
      .intercept({ path: '/app/installations/5/access_tokens', method: 'POST' })
      .reply(404, { message: 'Not Found' });
    api.intercept({ path: '/users/acme/installation', method: 'GET' }).reply(200, { id: 6 });
    api
      .intercept({ path: '/app/installations/6/access_tokens', method: 'POST' })
      .reply(201, { token: 'ghs_new', expires_at: new Date(Date.now() + 3600_000).toISOString() });
    const auth = createGitHubAppAuth({
      appId: 1,
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      dispatcher: agent,
    });
    expect((await errorOf(auth.tokenFor({ owner: 'acme' }))).code).toBe('INSTALLATION_NOT_FOUND');
    expect(await auth.tokenFor({ owner: 'acme' })).toBe('ghs_new');
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
});
