import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Dispatcher } from 'undici';
import { createApp, type GatewayApp } from '../app.js';
import { loadConfig, type GatewayConfig, type ProviderHostConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { silentLogger, type Logger } from '@scm/core';
import { createTestDatabase } from './database.js';

export interface TestGateway {
  url: string;
  gateway: GatewayApp;
  adminApiKey: string;
  config: GatewayConfig;
  /** Stops the server, flushes usage, closes and drops the database. */
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  providerHosts?: ProviderHostConfig[];
  env?: Record<string, string>;
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** The gateway's clock (token, code, cursor and session expiry). */
  now?: () => number;
}

/**
 * The real gateway on 127.0.0.1 with a fresh database (SQLite, or PostgreSQL when the suite runs
 * with SCM_TEST_DATABASE=postgresql), migrated exactly as `pnpm start` migrates.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await createTestDatabase();
  const db = await openDatabase({ url: database.url, provider: database.provider });
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: '/nonexistent-test-data-dir',
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: '1500',
    UPSTREAM_MAX_RETRIES: '1',
    ...options.env,
  });
  if (options.providerHosts !== undefined) config.providerHosts = options.providerHosts;
  const gateway = await createApp({
    config,
    db,
    logger: options.logger ?? silentLogger,
    masterKey: randomBytes(32),
    adminApiKey,
    dispatcher: options.dispatcher,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  server.on('request', gateway.app);
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
    adminApiKey,
    config,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
      await gateway.close();
      await db.close();
      await database.drop();
    },
  };
}
