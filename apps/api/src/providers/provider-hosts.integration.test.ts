// The configured hosts are written at start by every gateway process: with WEB_CONCURRENCY the
// workers do it at the same moment on one PostgreSQL database, and each host must still be one row.
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
});
