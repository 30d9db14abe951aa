import { request as httpRequest } from 'node:http';
import { fileAt, findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';

interface FileContentBody {
  path: string;
  ref: string | null;
  sha: string | null;
  size: number;
  encoding: string;
  content: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Issue #19 item 5: `GET /v1/repositories/:provider/:repoId/files/content`, the firewall applied
// as to diffs; and a client that disconnects stops the provider read made for it.
describe('file content through the gateway', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let token: string;
  const admin = (): Record<string, string> => ({ 'x-admin-api-key': gw.adminApiKey });
  const base = (): string =>
    `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}`;
  const read = (query: string) => call('GET', `${base()}/files/content?${query}`, bearer(token));
  const file = (path: string, ref?: string) => {
    const found = fileAt(findRepositoryOrThrow(sim.dataset, sim.expected.repository), path, ref);
    if (found.kind !== 'file') throw new Error(`no ${path} in the dataset`);
    return found;
  };

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 23 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim, { oauth: false })] });
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:diffs', 'read:branches']);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin(),
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin(),
      json: {
        tenantId: developer.tenantId,
        clientId: app.clientId,
        connectionIds: [manual.json<{ id: string }>().id],
        permissions: ['read:diffs', 'read:branches'],
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        grantId: grant.json<{ id: string }>().id,
      },
    });
    expect(issued.status, issued.text).toBe(201);
    token = issued.json<{ accessToken: string }>().accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('answers a text file as UTF-8, at the default branch and at a ref', async () => {
    const readme = file('README.md');
    const response = await read('path=README.md');
    expect(response.status, response.text).toBe(200);
    expect(response.json<FileContentBody>()).toEqual({
      provider: 'github',
      path: 'README.md',
      ref: null,
      sha: readme.sha,
      size: Buffer.byteLength(readme.content),
      encoding: 'utf-8',
      content: readme.content,
    });
    const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
    const branch = repo.pullRequests[0]?.sourceBranch ?? repo.defaultBranch;
    const atRef = await read(`path=src%2Findex.ts&ref=${encodeURIComponent(branch)}`);
    expect(atRef.status, atRef.text).toBe(200);
    expect(atRef.json<FileContentBody>()).toMatchObject({
      ref: branch,
      content: file('src/index.ts', branch).content,
    });
  });

  it('refuses a path the firewall blocks without asking the provider', async () => {
    sim.requests.clear();
    for (const path of ['.env', 'deploy/certs/server.pem', '/deploy/certs/server.pem']) {
      const response = await read(`path=${encodeURIComponent(path)}`);
      expect(response.status, response.text).toBe(403);
      const { error } = response.json<ErrorBody>();
      expect(error.code).toBe('ACCESS_BLOCKED_BY_POLICY');
      expect(error.message).toContain('firewall');
    }
    expect(sim.requests.count({ path: /\/contents\// })).toBe(0);
    // A dot segment cannot walk around a pattern.
    const around = await read(`path=${encodeURIComponent('src/../.env')}`);
    expect(around.status, around.text).toBe(400);
  });

  it('masks secret-like values in the content, as in a diff', async () => {
    const script = file('scripts/deploy.sh');
    const secret = /ghp_[A-Za-z0-9]{36}/.exec(script.content)?.[0];
    expect(secret).toBeDefined();
    const response = await read('path=scripts%2Fdeploy.sh');
    expect(response.status, response.text).toBe(200);
    const body = response.json<FileContentBody>();
    expect(body.content).not.toContain(secret);
    expect(body.content).toContain('#!/bin/sh');
    expect(body.content).toMatch(/GITHUB_TOKEN=\[hashed:sha256:[0-9a-f]+\]/);
    expect(response.text).not.toContain(secret);
  });

  it('names the path and the ref of a missing file (404)', async () => {
    const response = await read('path=no%2Fsuch.txt&ref=main');
    expect(response.status, response.text).toBe(404);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('RESOURCE_NOT_FOUND');
    expect(error.message).toContain('"no/such.txt"');
    expect(error.message).toContain('"main"');
  });

  it('refuses a missing path parameter and an unknown one', async () => {
    expect((await read('ref=main')).status).toBe(400);
    expect((await read('path=README.md&depth=2')).status).toBe(400);
  });

  it('stops the provider read when the client disconnects', async () => {
    const hung = sim.faults.inject({ method: 'GET', route: '*' }, { hang: true });
    try {
      sim.requests.clear();
      const url = new URL(`${base()}/files/content?path=README.md`);
      const client = httpRequest(url, { headers: bearer(token).headers });
      client.on('error', () => undefined);
      client.end();
      for (let waited = 0; sim.requests.count() === 0 && waited < 3_000; waited += 10)
        await sleep(10);
      expect(sim.requests.count()).toBe(1);
      const gone = performance.now();
      client.destroy();
      for (
        let waited = 0;
        sim.requests.last()?.clientClosedAt === undefined && waited < 2_000;
        waited += 10
      )
        await sleep(10);
      expect(sim.requests.last()?.clientClosedAt).toBeDefined();
      expect(performance.now() - gone).toBeLessThan(1_000);
      // Nothing was retried for a client that is gone.
      await sleep(300);
      expect(sim.requests.count()).toBe(1);
    } finally {
      sim.faults.clear(hung.id);
    }
    expect((await read('path=README.md')).status).toBe(200);
  });
});
