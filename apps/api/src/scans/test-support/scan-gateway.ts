// A test gateway on a given database with a given master key and provider hosts: a restarted
// process of the same deployment (startTestGateway makes a new master key each time, and the
// stored GitHub App's private key is sealed with it).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@scm/core';
import { createApp } from '../../app.js';
import { loadConfig, type ProviderHostConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import type { TestDatabase } from '../../test-support/database.js';
import type { TestGateway } from '../../test-support/gateway.js';

export async function startScanGateway(options: {
  database: TestDatabase;
  masterKey: Buffer;
  providerHosts: ProviderHostConfig[];
  env?: Record<string, string>;
}): Promise<TestGateway> {
  const { database } = options;
  const db = await openDatabase({ url: database.url, provider: database.provider });
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: '/nonexistent-test-data-dir',
    LOG_LEVEL: 'silent',
    RATE_LIMITS:
      'login_account=100000/15m,login_ip=100000/15m,signup_ip=100000/15m,admin_key_ip=100000/15m,token=100000/1m',
    SGG_PRIVATE_HOSTS: '127.0.0.1',
    ...options.env,
  });
  config.providerHosts = options.providerHosts;
  const gateway = await createApp({
    config,
    db,
    logger: silentLogger,
    masterKey: options.masterKey,
    adminApiKey,
  });
  server.on('request', gateway.app);
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
    adminApiKey,
    config,
    database,
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
