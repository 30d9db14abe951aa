import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type GatewayApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { githubSimulatorHost } from '../demo/simulator-hosts.js';
import { FIREWALL_REFRESH_MS } from './firewall-service.js';
import { createTestDatabase, type TestDatabase } from './test-support/database.js';
import { call } from './test-support/http.js';

interface Process {
  url: string;
  gateway: GatewayApp;
  db: Database;
  server: Server;
}

const SLACK_MS = 1_500;

// Security review #12, finding 3: a firewall change made through one gateway process stayed in that
// process. Two gateway processes (two createApp, each listening, each with its own database client)
// on one database: a change through either is applied by the other within FIREWALL_REFRESH_MS.
describe('firewall settings across gateway processes', () => {
  let sim: GitHubSimulator;
  let database: TestDatabase;
  const processes: Process[] = [];
  const masterKey = randomBytes(32);
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  let token: string;

  const start = async (): Promise<Process> => {
    const db = await openDatabase({ url: database.url, provider: database.provider });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: '/nonexistent-test-data-dir',
      LOG_LEVEL: 'silent',
    });
    config.providerHosts = [githubSimulatorHost(sim, { oauth: false })];
    const gateway = await createApp({ config, db, logger: silentLogger, masterKey, adminApiKey });
    server.on('request', gateway.handle);
    return { url: `http://127.0.0.1:${port}`, gateway, db, server };
  };

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 23 });
    database = await createTestDatabase();
    processes.push(await start(), await start());
    const [a] = processes as [Process, Process];
    const admin = { 'x-admin-api-key': adminApiKey };
    const tenant = await call('POST', `${a.url}/v1/platform/tenants`, {
      headers: admin,
      json: { name: 'Firewall Sync' },
    });
    expect(tenant.status, tenant.text).toBe(201);
    const tenantId = tenant.json<{ id: string }>().id;
    const client = await call('POST', `${a.url}/v1/platform/clients`, {
      headers: admin,
      json: {
        tenantId,
        name: 'Reader',
        allowedRedirectUris: ['https://acme.example.com/cb'],
        defaultPermissions: ['read:file-tree'],
      },
    });
    expect(client.status, client.text).toBe(201);
    const { clientId, clientSecret } = client.json<{ clientId: string; clientSecret: string }>();
    const manual = await call('POST', `${a.url}/v1/connections/manual`, {
      headers: admin,
      json: { provider: 'github', accessToken: sim.token, tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const grant = await call('POST', `${a.url}/v1/platform/grants`, {
      headers: admin,
      json: { tenantId, clientId, connectionIds: [manual.json<{ id: string }>().id] },
    });
    expect(grant.status, grant.text).toBe(201);
    const issued = await call('POST', `${a.url}/v1/platform/tokens`, {
      json: { clientId, clientSecret, grantId: grant.json<{ id: string }>().id },
    });
    expect(issued.status, issued.text).toBe(201);
    token = issued.json<{ accessToken: string }>().accessToken;
  });
  afterAll(async () => {
    for (const process of processes) {
      process.server.closeAllConnections();
      await new Promise<void>((resolve) =>
        process.server.close(() => {
          resolve();
        }),
      );
      await process.gateway.close();
      await process.db.close();
    }
    await database.drop();
    await sim.stop();
  });

  const setConfig = async (via: Process, body: object): Promise<void> => {
    const response = await call('POST', `${via.url}/v1/security/firewall/config`, {
      headers: { 'x-admin-api-key': adminApiKey },
      json: body,
    });
    expect(response.status, response.text).toBe(200);
  };
  const settingsOf = async (on: Process) =>
    (
      await call('GET', `${on.url}/v1/security/firewall/config`, {
        headers: { 'x-admin-api-key': adminApiKey },
      })
    ).json<{ enabled: boolean; blockedFilePatterns: string[] }>();
  const treeOf = async (on: Process): Promise<string[]> => {
    const response = await call(
      'GET',
      `${on.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/file-tree?recursive=true&limit=100`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status, response.text).toBe(200);
    return response.json<{ data: { path: string }[] }>().data.map((entry) => entry.path);
  };
  /** Polls `check` until it holds; returns how long that took (fails after the bound plus slack). */
  const within = async (check: () => Promise<boolean>): Promise<number> => {
    const started = performance.now();
    for (;;) {
      if (await check()) return performance.now() - started;
      if (performance.now() - started > FIREWALL_REFRESH_MS + SLACK_MS)
        throw new Error('the other process did not apply the change in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('a blocked pattern added through one process is applied by the other', async () => {
    const [a, b] = processes as [Process, Process];
    expect((await treeOf(b)).some((path) => path.startsWith('docs/'))).toBe(true);
    await setConfig(a, { blockedFilePatterns: ['.env', '*.pem', 'docs/**'] });
    // At once where it was made…
    expect((await treeOf(a)).some((path) => path.startsWith('docs/'))).toBe(false);
    // …and within the bound in the other process: its settings and what it serves.
    await within(async () => (await settingsOf(b)).blockedFilePatterns.includes('docs/**'));
    await within(async () => !(await treeOf(b)).some((path) => path.startsWith('docs/')));
  });

  it('enabled:false through one process turns the other off, and back on through the other', async () => {
    const [a, b] = processes as [Process, Process];
    await setConfig(a, { enabled: false });
    await within(async () => !(await settingsOf(b)).enabled);
    await within(async () => (await treeOf(b)).includes('.env'));
    // The other way round; a partial update keeps the patterns the first process stored.
    await setConfig(b, { enabled: true });
    await within(async () => (await settingsOf(a)).enabled);
    expect((await settingsOf(a)).blockedFilePatterns).toEqual(['.env', '*.pem', 'docs/**']);
    await within(async () => !(await treeOf(a)).includes('.env'));
  });
});
