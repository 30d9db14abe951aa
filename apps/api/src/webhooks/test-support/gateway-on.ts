// A gateway on a database it is given, with a master key it is given: what a restarted process of
// the same deployment is (src/test-support/gateway.ts makes a fresh database and key each time).
// Used in process by the webhook tests and the bench, and in a child process by crash-gateway.ts.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@scm/core';
import { createApp, type GatewayApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase, type DatabaseProvider } from '../../db/database.js';

export interface GatewayOn {
  url: string;
  gateway: GatewayApp;
  /** The platform admin key (`x-admin-api-key`) this gateway takes. */
  adminApiKey: string;
  close(): Promise<void>;
}

export async function startGatewayOn(options: {
  provider: DatabaseProvider;
  url: string;
  masterKey: Buffer;
  /** Run the migrations (the first process on a fresh database). Default true. */
  migrate?: boolean;
  env?: Record<string, string>;
  /** The admin key; default a fresh one. */
  adminApiKey?: string;
}): Promise<GatewayOn> {
  const db = await openDatabase({
    provider: options.provider,
    url: options.url,
    migrate: options.migrate ?? true,
  });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: '/nonexistent-test-data-dir',
    LOG_LEVEL: 'silent',
    JANITOR_INTERVAL_SECONDS: '0',
    // The receivers of the tests listen there.
    SGG_PRIVATE_HOSTS: '127.0.0.1',
    ...options.env,
  });
  const adminApiKey = options.adminApiKey ?? `sggadm_${randomBytes(24).toString('base64url')}`;
  const gateway = await createApp({
    config,
    db,
    logger: silentLogger,
    masterKey: options.masterKey,
    adminApiKey,
  });
  server.on('request', gateway.handle);
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
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
