import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepositoryOrThrow, treeEntries } from '../dataset/queries.js';
import { startAzureSimulator, type AzureSimulator } from './start-azure-simulator.js';

let sim: AzureSimulator;
let pat: string;

async function call(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, unknown>;
  text: string;
  json: () => unknown;
}> {
  const response = await request(`${sim.url}${path}`, {
    method: (options.method ?? 'GET') as 'GET',
    headers: { authorization: pat, ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

const V = 'api-version=7.1';

beforeAll(async () => {
  sim = await startAzureSimulator({ seed: 5 });
  pat = `Basic ${Buffer.from(`:${sim.personalAccessToken}`).toString('base64')}`;
});
afterAll(async () => {
  await sim.stop();
});

describe('the Azure DevOps simulator', () => {
  const repoPath = (): string => {
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const [organization, project] = repo.owner.split('/');
    return `/${organization ?? ''}/${project ?? ''}/_apis/git/repositories/${repo.name}`;
  };

  it('answers 400 in Azure’s error shape without api-version, and for a version it does not serve', async () => {
    const missing = await call(`/${sim.organization}/_apis/projects`);
    expect(missing.status).toBe(400);
    expect(missing.json()).toMatchObject({
      $id: '1',
      innerException: null,
      typeKey: 'VssVersionNotSpecifiedException',
      errorCode: 0,
      eventId: 3000,
    });
    expect((await call(`/${sim.organization}/_apis/projects?api-version=9.0`)).status).toBe(400);
    const viaAccept = await call(`/${sim.organization}/_apis/projects`, {
      headers: { accept: 'application/json;api-version=7.1' },
    });
    expect(viaAccept.status).toBe(200);
  });

  it('answers a refused PAT with the 203 sign-in page, no credentials with 401', async () => {
    const bad = await call(`/${sim.organization}/_apis/projects?${V}`, {
      headers: { authorization: `Basic ${Buffer.from(':not-the-pat').toString('base64')}` },
    });
    expect(bad.status).toBe(203);
    expect(String(bad.headers['content-type'])).toContain('text/html');
    expect(bad.text).toContain('Sign In');
    const anonymous = await call(`/${sim.organization}/_apis/projects?${V}`, {
      headers: { authorization: '' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ typeKey: 'UnauthorizedRequestException' });
    // Any user name goes with the PAT.
    const named = await call(`/${sim.organization}/_apis/projects?${V}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`me:${sim.personalAccessToken}`).toString('base64')}`,
      },
    });
    expect(named.status).toBe(200);
  });

  it('runs the Entra authorization code flow with PKCE, and rotates refresh tokens', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${sim.authorityUrl}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: sim.oauth.clientId,
      response_type: 'code',
      redirect_uri: sim.oauth.redirectUri,
      scope: sim.oauth.scopes.join(' '),
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await request(authorize);
    await redirect.body.dump();
    expect(redirect.statusCode).toBe(302);
    const location = new URL(String(redirect.headers.location));
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') ?? '';
    const token = async (form: Record<string, string>) => {
      const response = await request(`${sim.authorityUrl}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: sim.oauth.clientId, ...form }).toString(),
      });
      return {
        status: response.statusCode,
        body: (await response.body.json()) as Record<string, string>,
      };
    };
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: sim.oauth.redirectUri,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const bearer = { authorization: `Bearer ${exchanged.body.access_token ?? ''}` };
    expect((await call(`/_apis/profile/profiles/me?${V}`, { headers: bearer })).status).toBe(200);
    // A code is used once.
    const reused = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: sim.oauth.redirectUri,
      code_verifier: verifier,
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    sim.expireAccessTokens();
    const expired = await call(`/_apis/profile/profiles/me?${V}`, { headers: bearer });
    expect(expired.status).toBe(401);
    expect(String(expired.headers['www-authenticate'])).toContain('invalid_token');
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token ?? '',
      client_secret: sim.oauth.clientSecret,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(exchanged.body.refresh_token);
    const again = await token({
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token ?? '',
      client_secret: sim.oauth.clientSecret,
    });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('pages refs with x-ms-continuationtoken, each ref once, filtered by heads/ and tags/', async () => {
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    for (const [filter, expected] of [
      ['heads/', repo.branches.map((branch) => `refs/heads/${branch.name}`)],
      ['tags/', repo.tags.map((tag) => `refs/tags/${tag.name}`)],
    ] as const) {
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await call(
          `${repoPath()}/refs?${V}&filter=${filter}&$top=2${token === undefined ? '' : `&continuationToken=${token}`}`,
        );
        expect(page.status).toBe(200);
        const body = page.json() as { count: number; value: { name: string }[] };
        expect(body.count).toBe(body.value.length);
        expect(body.value.length).toBeLessThanOrEqual(2);
        names.push(...body.value.map((ref) => ref.name));
        token = page.headers['x-ms-continuationtoken'] as string | undefined;
        pages++;
      } while (token !== undefined && pages < 50);
      expect(names.sort()).toEqual([...expected].sort());
    }
    const invalid = await call(`${repoPath()}/refs?${V}&$top=2&continuationToken=bm90LWEtcmVm`);
    expect(invalid.status).toBe(400);
  });

  it('lists the whole tree with recursionLevel=Full, folders included, and serves raw content', async () => {
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const head = repo.commits.find(
      (commit) => commit.sha === repo.branches.find((b) => b.name === repo.defaultBranch)?.sha,
    );
    if (head === undefined) throw new Error('no head');
    const listed = await call(`${repoPath()}/items?${V}&scopePath=/&recursionLevel=Full`);
    const items = (listed.json() as { value: { path: string; isFolder?: boolean }[] }).value;
    expect(items[0]?.path).toBe('/');
    const entries = treeEntries(head, { recursive: true }) ?? [];
    expect(
      items
        .slice(1)
        .map((item) => `${item.isFolder === true ? 'directory' : 'file'}:${item.path.slice(1)}`)
        .sort(),
    ).toEqual(entries.map((entry) => `${entry.type}:${entry.path}`).sort());
    const file = head.tree[0];
    if (file === undefined) throw new Error('empty tree');
    const raw = await call(`${repoPath()}/items?${V}&path=/${file.path}&$format=text`);
    expect(raw.text).toBe(repo.blobs[file.sha]);
    const missing = await call(`${repoPath()}/items?${V}&path=/no/such/file`);
    expect(missing.json()).toMatchObject({ typeKey: 'GitItemNotFoundException' });
  });

  it('diffs a pull request’s branches from their common commit', async () => {
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const pr = repo.pullRequests.find((candidate) => candidate.state === 'open');
    if (pr === undefined) throw new Error('no open pull request');
    const diff = await call(
      `${repoPath()}/diffs/commits?${V}&baseVersion=${pr.targetBranch}&targetVersion=${encodeURIComponent(pr.sourceBranch)}`,
    );
    const body = diff.json() as {
      commonCommit: string;
      changes: { item: { path: string; isFolder?: boolean } }[];
    };
    expect(body.commonCommit).toBe(pr.baseSha);
    const files = body.changes.filter((change) => change.item.isFolder !== true);
    expect(files.map((change) => change.item.path.slice(1)).sort()).toEqual(
      pr.files.map((file) => file.path).sort(),
    );
  });

  it('ignores the case of path segments, as Azure does', async () => {
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const pr = repo.pullRequests[0];
    const lower = await call(`${repoPath()}/pullrequests/${String(pr?.number)}?${V}`);
    const camel = await call(`${repoPath()}/pullRequests/${String(pr?.number)}?${V}`);
    expect(lower.status).toBe(200);
    expect(camel.text).toBe(lower.text);
  });

  it('answers injected throttling with Retry-After, X-RateLimit-* and Azure’s error body', async () => {
    sim.faults.inject('*', { status: 429, retryAfterSeconds: 30, times: 1 });
    const throttled = await call(`/${sim.organization}/_apis/projects?${V}`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers).toMatchObject({
      'retry-after': '30',
      'x-ratelimit-resource': 'Core',
      'x-ratelimit-remaining': '0',
    });
    expect(throttled.json()).toMatchObject({ typeKey: 'RequestBlockedException', eventId: 3000 });
  });

  it('delivers service-hook events to a created subscription with its Basic credentials and headers, unsigned', async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const address = receiver.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
      const project = sim.projects.find((candidate) => repo.owner.endsWith(`/${candidate.name}`));
      const created = await call(`/${sim.organization}/_apis/hooks/subscriptions?${V}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          publisherId: 'tfs',
          eventType: 'git.push',
          resourceVersion: '1.0',
          consumerId: 'webHooks',
          consumerActionId: 'httpRequest',
          publisherInputs: {
            projectId: project?.id,
            repository: sim.expected.repositoryId.replace(/[{}]/g, ''),
          },
          consumerInputs: {
            url: `http://127.0.0.1:${String(port)}/hook`,
            basicAuthUsername: 'gateway',
            basicAuthPassword: 'pa55word',
            httpHeaders: 'X-Scm-Webhook-Secret: s3cret',
          },
        }),
      });
      expect(created.status).toBe(200);
      const subscription = created.json() as { id: string; consumerInputs: Record<string, string> };
      expect(subscription.consumerInputs.basicAuthPassword).toBe('********');
      expect(created.text).not.toContain('pa55word');
      const sent = await sim.deliverSubscriptionEvents();
      expect(sent).toEqual([
        { subscriptionId: subscription.id, eventType: 'git.push', status: 200 },
      ]);
      expect(received[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from('gateway:pa55word').toString('base64')}`,
      );
      expect(received[0]?.headers['x-scm-webhook-secret']).toBe('s3cret');
      expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({
        eventType: 'git.push',
        subscriptionId: subscription.id,
      });
      const deleted = await call(
        `/${sim.organization}/_apis/hooks/subscriptions/${subscription.id}?${V}`,
        { method: 'DELETE' },
      );
      expect(deleted.status).toBe(204);
      const again = await call(
        `/${sim.organization}/_apis/hooks/subscriptions/${subscription.id}?${V}`,
        { method: 'DELETE' },
      );
      expect(again.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) =>
        receiver.close(() => {
          resolve();
        }),
      );
    }
  });
});

describe('the Azure DevOps Server form', () => {
  it('serves a collection under a virtual directory, says onPremises, and has no profile service', async () => {
    const server = await startAzureSimulator({
      seed: 5,
      pathPrefix: '/tfs',
      organization: 'DefaultCollection',
    });
    try {
      const auth = {
        authorization: `Basic ${Buffer.from(`:${server.personalAccessToken}`).toString('base64')}`,
      };
      const get = async (path: string) => {
        const response = await request(`${server.url}${path}`, { headers: auth });
        return {
          status: response.statusCode,
          body: (await response.body.json()) as Record<string, unknown>,
        };
      };
      expect(server.organizationUrl).toBe(`${server.url}/tfs/DefaultCollection`);
      const connection = await get(`/tfs/DefaultCollection/_apis/connectionData?${V}`);
      expect(connection.body).toMatchObject({ deploymentType: 'onPremises' });
      const repos = await get(`/tfs/DefaultCollection/_apis/git/repositories?${V}`);
      const value = repos.body.value as { url: string }[];
      expect(value.length).toBe(server.dataset.repositories.length);
      expect(value.every((repo) => repo.url.startsWith(`${server.organizationUrl}/`))).toBe(true);
      expect((await get(`/_apis/profile/profiles/me?${V}`)).status).toBe(404);
      expect((await get(`/DefaultCollection/_apis/git/repositories?${V}`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
