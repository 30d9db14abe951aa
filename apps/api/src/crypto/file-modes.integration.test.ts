import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase, resolveDatabaseUrl } from '../db/database.js';
import { call } from '../test-support/http.js';
import { loadAdminKey, loadMasterKey } from './key-files.js';

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

// Security review #12, finding 13 (c): gateway.db and the key files were created world-readable.
// `pnpm start` with no configuration, as main.ts does it: keys generated into the data directory,
// the SQLite file there, then a listening gateway.
describe('files of a first start', () => {
  let root: string;
  let dataDir: string;
  let previousUmask: number;

  beforeAll(async () => {
    // The common default: without an explicit mode, files would be 0644 and directories 0755.
    previousUmask = process.umask(0o022);
    root = await mkdtemp(join(tmpdir(), 'scm-file-modes-'));
    dataDir = join(root, 'nested', 'data');
  });
  afterAll(async () => {
    process.umask(previousUmask);
    await rm(root, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and the keys and gateway.db 0600', async () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    const masterKey = loadMasterKey(undefined, config.dataDir);
    const adminKey = loadAdminKey(undefined, config.dataDir);
    expect(masterKey.created && adminKey.created).toBe(true);
    const { provider, url } = resolveDatabaseUrl(undefined, config.dataDir);
    expect(url).toBe(`file:${join(dataDir, 'gateway.db')}`);
    const db = await openDatabase({ provider, url });
    const gateway = await createApp({
      config,
      db,
      logger: silentLogger,
      masterKey: masterKey.value,
      adminApiKey: adminKey.value,
    });
    const server = createServer(gateway.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await call('GET', `${base}/health`)).status).toBe(200);
      // Some writes, so SQLite has its write-ahead log open.
      const tenant = await call('POST', `${base}/v1/platform/tenants`, {
        headers: { 'x-admin-api-key': adminKey.value },
        json: { name: `Modes ${randomBytes(3).toString('hex')}` },
      });
      expect(tenant.status, tenant.text).toBe(201);

      expect(await modeOf(dataDir)).toBe(0o700);
      expect(await modeOf(join(dataDir, 'encryption.key'))).toBe(0o600);
      expect(await modeOf(join(dataDir, 'admin-api-key'))).toBe(0o600);
      expect(await modeOf(join(dataDir, 'gateway.db'))).toBe(0o600);
      // SQLite gives its journal files the database file's mode.
      for (const name of ['gateway.db-wal', 'gateway.db-shm']) {
        const mode = await modeOf(join(dataDir, name)).catch(() => null);
        if (mode !== null) expect(mode, name).toBe(0o600);
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await gateway.close();
      await db.close();
    }
  });
});
