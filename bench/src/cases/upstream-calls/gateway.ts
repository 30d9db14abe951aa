// The gateway in this process on a fresh SQLite file (run by tsx from its sources, as the webhooks
// case does), with the given environment and an admin key the bench knows.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@scm/core';
import { createApp } from '../../../../apps/api/src/app.js';
import { loadConfig } from '../../../../apps/api/src/config.js';
import { openDatabase } from '../../../../apps/api/src/db/database.js';

export interface BenchGateway {
  url: string;
  adminApiKey: string;
  close(): Promise<void>;
}

export async function startBenchGateway(
  databaseFile: string,
  env: Record<string, string>,
): Promise<BenchGateway> {
  const db = await openDatabase({ provider: 'sqlite', url: `file:${databaseFile}`, migrate: true });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: '/nonexistent-bench-data-dir',
    LOG_LEVEL: 'silent',
    JANITOR_INTERVAL_SECONDS: '0',
    SGG_PRIVATE_HOSTS: '127.0.0.1',
    RATE_LIMITS:
      'login_account=100000/15m,login_ip=100000/15m,signup_ip=100000/15m,admin_key_ip=100000/15m,token=100000/1m',
    ...env,
  });
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const gateway = await createApp({
    config,
    db,
    logger: silentLogger,
    masterKey: randomBytes(32),
    adminApiKey,
  });
  server.on('request', gateway.app);
  return {
    url: `http://127.0.0.1:${port}`,
    adminApiKey,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await gateway.close();
      await db.close();
    },
  };
}
