import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Dispatcher } from 'undici';
import { createApp, type GatewayApp } from '../app.js';
import { loadConfig, type GatewayConfig, type ProviderHostConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { silentLogger, type Logger } from '@scm/core';
import { answerClientErrors } from '../http/client-errors.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestGateway {
  url: string;
  gateway: GatewayApp;
  adminApiKey: string;
  config: GatewayConfig;
  database: TestDatabase;
  /** Stops the server, flushes usage, closes and drops the database (unless it was given). */
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  providerHosts?: ProviderHostConfig[];
  env?: Record<string, string>;
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** The gateway's clock (token, code, cursor and session expiry, rate-limit windows). */
  now?: () => number;
  /** Another gateway's database (a second process of the same deployment); left to its owner. */
  database?: TestDatabase;
  /** That deployment's master key, so sealed secrets read back (a fresh one otherwise). */
  masterKey?: Buffer;
}

/**
 * The suites sign up and log in far more often than a person does: throttles high enough not to
 * matter unless a test sets RATE_LIMITS itself (src/http/throttle.integration.test.ts does).
 */
const TEST_RATE_LIMITS =
  'login_account=100000/15m,login_ip=100000/15m,signup_ip=100000/15m,admin_key_ip=100000/15m,token=100000/1m,token_ip=100000/15m,auth_start_ip=100000/15m';

/**
 * The real gateway on 127.0.0.1 with a fresh database (SQLite, or PostgreSQL when the suite runs
 * with SCM_TEST_DATABASE=postgresql), migrated exactly as `pnpm start` migrates.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = options.database ?? (await createTestDatabase());
  const db = await openDatabase({ url: database.url, provider: database.provider });
  const adminApiKey = `sggadm_${randomBytes(24).toString('base64url')}`;
  const server: Server = createServer();
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: '/nonexistent-test-data-dir',
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: '1500',
    UPSTREAM_MAX_RETRIES: '1',
    RATE_LIMITS: TEST_RATE_LIMITS,
    PASSWORD_HASH_QUEUE: '1000',
    // The simulators listen there (tests of hostile hosts set their own).
    SGG_PRIVATE_HOSTS: '127.0.0.1',
    ...options.env,
  });
  if (options.providerHosts !== undefined) config.providerHosts = options.providerHosts;
  const gateway = await createApp({
    config,
    db,
    logger: options.logger ?? silentLogger,
    masterKey: options.masterKey ?? randomBytes(32),
    adminApiKey,
    dispatcher: options.dispatcher,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  server.on('request', gateway.handle);
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
      if (options.database === undefined) await database.drop();
    },
  };
}
