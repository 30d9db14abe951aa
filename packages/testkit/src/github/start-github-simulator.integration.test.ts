import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderUnifiedDiff } from '../dataset/diff.js';
import { startGitHubSimulator, type GitHubSimulator } from './start-github-simulator.js';

function jwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

async function call(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const response = await request(url, init);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === 'string') headers[name] = value;
  return { status: response.statusCode, headers, body: await response.body.text() };
}

describe('startGitHubSimulator', () => {
  let sim: GitHubSimulator;
  const auth = (): Record<string, string> => ({ authorization: `token ${sim.token}` });
  const repo = (): string => sim.expected.repository;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 5 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  describe('REST conventions', () => {
    it('pages with absolute Link headers on the host and prefix the client used', async () => {
      const page = await call(`${sim.enterpriseBaseUrl}/repos/${repo()}/commits?per_page=2`, {
        headers: auth(),
      });
      expect(page.status).toBe(200);
      expect(JSON.parse(page.body)).toHaveLength(2);
      expect(page.headers.link).toContain(
        `<${sim.enterpriseBaseUrl}/repos/${repo()}/commits?per_page=2&page=2>; rel="next"`,
      );
      expect(page.headers.link).toMatch(/rel="last"/);
    });

    it('counts requests against the rate limit, except 304s', async () => {
      const first = await call(`${sim.baseUrl}/repos/${repo()}`, { headers: auth() });
      const remaining = Number(first.headers['x-ratelimit-remaining']);
      const etag = first.headers.etag ?? '';
      const again = await call(`${sim.baseUrl}/repos/${repo()}`, {
        headers: { ...auth(), 'if-none-match': etag },
      });
      expect([again.status, again.body]).toEqual([304, '']);
      expect(Number(again.headers['x-ratelimit-remaining'])).toBe(remaining);
      const third = await call(`${sim.baseUrl}/repos/${repo()}`, { headers: auth() });
      expect(Number(third.headers['x-ratelimit-remaining'])).toBe(remaining - 1);
      expect(first.headers['x-oauth-scopes']).toContain('repo');
    });

    it('answers a raw file read again with 304 on its blob-sha ETag', async () => {
      const { default_branch: branch } = JSON.parse(
        (await call(`${sim.baseUrl}/repos/${repo()}`, { headers: auth() })).body,
      ) as { default_branch: string };
      const tree = await call(`${sim.baseUrl}/repos/${repo()}/git/trees/${branch}?recursive=1`, {
        headers: auth(),
      });
      const file = (JSON.parse(tree.body) as { tree: { type: string; path: string }[] }).tree.find(
        (entry) => entry.type === 'blob',
      );
      const url = `${sim.baseUrl}/repos/${repo()}/contents/${file?.path ?? ''}`;
      const raw = { ...auth(), accept: 'application/vnd.github.raw' };
      const first = await call(url, { headers: raw });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
      const again = await call(url, {
        headers: { ...raw, 'if-none-match': first.headers.etag ?? '' },
      });
      expect([again.status, again.body]).toEqual([304, '']);
    });

    it('answers without credentials, and with unknown ones, in GitHub’s error format', async () => {
      const anonymous = await call(`${sim.baseUrl}/user`);
      expect(anonymous.status).toBe(401);
      expect(JSON.parse(anonymous.body)).toMatchObject({ message: 'Requires authentication' });
      const bad = await call(`${sim.baseUrl}/user`, { headers: { authorization: 'Bearer nope' } });
      expect(JSON.parse(bad.body)).toMatchObject({ message: 'Bad credentials' });
      const expired = sim.issueToken({ expiresInMs: -1 });
      expect(
        (await call(`${sim.baseUrl}/user`, { headers: { authorization: `Bearer ${expired}` } }))
          .status,
      ).toBe(401);
    });

    it('serves a commit as a unified diff for the diff media type', async () => {
      const commit = sim.dataset.repositories[0]?.commits.find(
        (candidate) => candidate.files.length > 0,
      );
      if (commit === undefined) throw new Error('no commit with files');
      const diff = await call(`${sim.baseUrl}/repos/${repo()}/commits/${commit.sha}`, {
        headers: { ...auth(), accept: 'application/vnd.github.diff' },
      });
      expect(diff.headers['content-type']).toContain('application/vnd.github.diff');
      expect(diff.body).toBe(renderUnifiedDiff(commit.files));
    });
  });

  describe('OAuth web flow', () => {
    async function authorize(): Promise<string> {
      const redirect = await call(
        `${sim.webUrl}/login/oauth/authorize?client_id=${sim.oauth.clientId}&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&state=s1&scope=repo`,
      );
      expect(redirect.status).toBe(302);
      const location = new URL(redirect.headers.location ?? '');
      expect(location.searchParams.get('state')).toBe('s1');
      return location.searchParams.get('code') ?? '';
    }
    const tokenRequest = (params: Record<string, string>, accept = 'application/json') =>
      call(`${sim.webUrl}/login/oauth/access_token`, {
        method: 'POST',
        headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: sim.oauth.clientId,
          client_secret: sim.oauth.clientSecret,
          ...params,
        }).toString(),
      });

    it('exchanges a code once for an expiring token and rotates the refresh token', async () => {
      const code = await authorize();
      const first = JSON.parse((await tokenRequest({ code })).body) as Record<string, unknown>;
      expect(first).toMatchObject({ token_type: 'bearer', scope: 'repo', expires_in: 28_800 });
      const user = await call(`${sim.baseUrl}/user`, {
        headers: { authorization: `Bearer ${String(first.access_token)}` },
      });
      expect(user.status).toBe(200);
      expect(JSON.parse((await tokenRequest({ code })).body)).toMatchObject({
        error: 'bad_verification_code',
      });
      const refresh = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) };
      const second = JSON.parse((await tokenRequest(refresh)).body) as Record<string, unknown>;
      expect(second.access_token).not.toBe(first.access_token);
      expect(JSON.parse((await tokenRequest(refresh)).body)).toMatchObject({
        error: 'bad_refresh_token',
      });
    });

    it('issues non-expiring OAuth app tokens when expiring user tokens are off', async () => {
      const classic = await startGitHubSimulator({ seed: 5, expiringUserTokens: false });
      try {
        const redirect = await call(
          `${classic.webUrl}/login/oauth/authorize?client_id=${classic.oauth.clientId}&state=s`,
        );
        const code = new URL(redirect.headers.location ?? '').searchParams.get('code') ?? '';
        const response = await call(`${classic.webUrl}/login/oauth/access_token`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: classic.oauth.clientId,
            client_secret: classic.oauth.clientSecret,
            code,
          }),
        });
        const body = JSON.parse(response.body) as Record<string, unknown>;
        expect(String(body.access_token)).toMatch(/^gho_/);
        expect('refresh_token' in body || 'expires_in' in body).toBe(false);
      } finally {
        await classic.stop();
      }
    });

    it('answers form-encoded unless JSON is asked for', async () => {
      const code = await authorize();
      const form = await tokenRequest({ code }, '*/*');
      expect(new URLSearchParams(form.body).get('token_type')).toBe('bearer');
    });
  });

  describe('GitHub App', () => {
    const now = (): number => Math.floor(Date.now() / 1000);

    it('mints installation tokens for a JWT signed with the app key, and refuses others', async () => {
      const installation = sim.app.installations[0];
      if (installation === undefined) throw new Error('no installation');
      const url = `${sim.baseUrl}/app/installations/${installation.id}/access_tokens`;
      const good = jwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 30, exp: now() + 540 });
      const minted = await call(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${good}` },
      });
      expect(minted.status).toBe(201);
      const token = (JSON.parse(minted.body) as { token: string }).token;
      expect(token).toMatch(/^ghs_/);
      const repos = await call(`${sim.baseUrl}/installation/repositories`, {
        headers: { authorization: `token ${token}` },
      });
      expect((JSON.parse(repos.body) as { total_count: number }).total_count).toBeGreaterThan(0);
      expect(
        (await call(`${sim.baseUrl}/user`, { headers: { authorization: `token ${token}` } }))
          .status,
      ).toBe(403);

      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString();
      for (const refused of [
        jwt(otherKey, { iss: sim.app.id, iat: now() - 30, exp: now() + 540 }),
        jwt(sim.app.privateKey, { iss: sim.app.id, iat: now() - 700, exp: now() - 60 }),
        jwt(sim.app.privateKey, { iss: sim.app.id, iat: now(), exp: now() + 3600 }),
        jwt(sim.app.privateKey, { iss: 1, iat: now(), exp: now() + 60 }),
      ]) {
        const response = await call(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${refused}` },
        });
        expect(response.status).toBe(401);
      }
    });

    it('converts a manifest code once into the app’s credentials', async () => {
      const code = sim.issueManifestCode();
      const converted = await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, {
        method: 'POST',
      });
      expect(converted.status).toBe(201);
      expect(JSON.parse(converted.body)).toMatchObject({
        id: sim.app.id,
        client_id: sim.app.clientId,
        pem: sim.app.privateKey,
      });
      expect(
        (await call(`${sim.baseUrl}/app-manifests/${code}/conversions`, { method: 'POST' })).status,
      ).toBe(404);
    });
  });

  describe('webhooks', () => {
    it('delivers signed deliveries to a URL with GitHub’s headers', async () => {
      const received: { headers: Record<string, unknown>; body: string }[] = [];
      const receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(202).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = receiver.address() as AddressInfo;
        const deliveries = sim.webhooks.deliveries();
        const push = deliveries.find((delivery) => delivery.name === 'push');
        if (push === undefined) throw new Error('no push delivery');
        expect(await sim.deliver(`http://127.0.0.1:${port}/hooks`, push)).toBe(202);
        const [got] = received;
        expect(got?.headers['x-github-event']).toBe('push');
        expect(got?.headers['x-hub-signature-256']).toBe(
          `sha256=${createHmac('sha256', sim.webhooks.secret)
            .update(got?.body ?? '')
            .digest('hex')}`,
        );
        expect(
          new Set(deliveries.map((delivery) => delivery.request.headers['X-GitHub-Delivery'])).size,
        ).toBe(deliveries.length);
      } finally {
        await new Promise((resolve) => receiver.close(resolve));
      }
    });
  });
});
