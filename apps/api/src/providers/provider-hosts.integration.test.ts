// The configured hosts are written at start by every gateway process: with WEB_CONCURRENCY the
// workers do it at the same moment on one PostgreSQL database, and each host must still be one row;
// the duplicate rows that clustered starts wrote before that was so are merged into one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { createProviderHosts } from './provider-hosts.js';

let database: TestDatabase | undefined;
const opened: Database[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await openDatabase({ provider: database.provider, url: database.url });
  opened.push(first);
  for (let index = 0; index < 2; index++)
    opened.push(
      await openDatabase({ provider: database.provider, url: database.url, migrate: false }),
    );
});

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await database?.drop();
});

describe('createProviderHosts', () => {
  it('three processes starting at once write each configured host once, and agree on it', async () => {
    const config = loadConfig({ GITHUB_API_URL: 'https://ghe.example.com/api/v3' });
    const secretBox = createSecretBox(randomBytes(32));
    for (let round = 0; round < 3; round++) {
      const hosts = await Promise.all(
        opened.map((db) => createProviderHosts(db.prisma, secretBox, config.providerHosts)),
      );
      const rows = await opened[0]?.prisma.providerHost.findMany({ where: { tenantId: null } });
      const keys = (rows ?? []).map((row) => `${row.provider} ${row.host}`);
      expect(keys.length).toBe(config.providerHosts.length);
      expect(new Set(keys).size).toBe(keys.length);
      const github = hosts.map((each) => each.defaultFor('github').id);
      expect(new Set(github).size).toBe(1);
    }
  });

  it('merges the duplicate rows an earlier clustered start left, moving what pointed at them', async () => {
    const db = opened[0];
    if (db === undefined) throw new Error('no database');
    const { prisma } = db;
    const host = 'git.merge.example.com';
    const tenant = await prisma.tenant.create({
      data: {
        id: `tenant_${randomBytes(6).toString('hex')}`,
        name: 'Merge',
        slug: `merge-${randomBytes(4).toString('hex')}`,
      },
    });
    // Two rows for one host with random ids, as the old find-then-create race wrote them, each
    // with a connection, and an OAuth round trip in flight on the newer one.
    const duplicates = ['host_oldRandomA', 'host_oldRandomB'];
    for (const [index, id] of duplicates.entries())
      await prisma.providerHost.create({
        data: {
          id,
          provider: 'gitlab',
          host,
          apiBaseUrl: `https://${host}/api/v4`,
          webBaseUrl: `https://${host}`,
          oauthClientId: 'stale-client',
          createdAt: new Date(Date.UTC(2026, 10, 1 + index)),
        },
      });
    for (const [index, id] of duplicates.entries())
      await prisma.connection.create({
        data: {
          id: `conn_merge_${String(index)}`,
          tenantId: tenant.id,
          providerHostId: id,
          provider: 'gitlab',
          accountId: String(100 + index),
          accountLogin: `user${String(index)}`,
          scopes: '[]',
          status: 'active',
        },
      });
    await prisma.oAuthState.create({
      data: {
        id: 'oas_merge',
        stateHash: randomBytes(16).toString('hex'),
        provider: 'gitlab',
        providerHostId: 'host_oldRandomB',
        payload: '{}',
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await createProviderHosts(prisma, createSecretBox(randomBytes(32)), [
      {
        provider: 'gitlab',
        host,
        apiBaseUrl: `https://${host}/api/v4`,
        webBaseUrl: `https://${host}`,
        clientId: 'current-client',
        clientSecret: 's3cret',
      },
    ]);
    const rows = await prisma.providerHost.findMany({ where: { tenantId: null, host } });
    // One row: the oldest (no row had the derived id), up to date with the configuration.
    expect(rows.map((row) => row.id)).toEqual(['host_oldRandomA']);
    expect(rows[0]?.oauthClientId).toBe('current-client');
    const connections = await prisma.connection.findMany({ where: { tenantId: tenant.id } });
    expect(connections.map((connection) => connection.providerHostId)).toEqual([
      'host_oldRandomA',
      'host_oldRandomA',
    ]);
    const state = await prisma.oAuthState.findUniqueOrThrow({ where: { id: 'oas_merge' } });
    expect(state.providerHostId).toBe('host_oldRandomA');
  });
});
