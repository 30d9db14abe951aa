import { createServer } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { loadAdminKey, loadMasterKey } from './crypto/key-files.js';
import { openDatabase, resolveDatabaseUrl } from './db/database.js';
import { createJsonLogger } from './http/logger.js';
import { answerClientErrors } from './http/client-errors.js';
import { listen } from './http/listen.js';
import { createMetrics } from './ops/metrics.js';
import { installGracefulShutdown } from './ops/shutdown.js';

/** `pnpm start`: the gateway on SQLite under ./data with no configuration, or as the env says. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createJsonLogger(config.logLevel);
  const masterKey = loadMasterKey(config.encryptionKey, config.dataDir);
  if (masterKey.created) {
    logger.warn('generated an encryption key; set SGG_ENCRYPTION_KEY in production', {
      keyFile: masterKey.generatedAt,
    });
  }
  const adminKey = loadAdminKey(config.adminApiKey, config.dataDir);
  const { provider, url } = resolveDatabaseUrl(config.databaseUrl, config.dataDir);
  const db = await openDatabase({ url, provider });
  const gateway = await createApp({
    config,
    db,
    logger,
    masterKey: masterKey.value,
    adminApiKey: adminKey.value,
    // Process metrics (CPU, memory, event-loop lag) join the gateway's on GET /metrics.
    metrics: createMetrics({ processMetrics: true }),
  });
  const server = createServer(gateway.app);
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  logger.info('gateway listening', {
    url: config.publicUrl,
    database: provider,
    adminKeyFile: adminKey.generatedAt ?? 'SGG_ADMIN_API_KEY',
  });
  process.stdout.write(
    `\nSCM Gateway is listening on ${config.publicUrl}\n` +
      `  database: ${provider}${provider === 'sqlite' ? ` (${url.replace(/^file:/, '')})` : ''}\n` +
      `  admin key: ${adminKey.generatedAt === null ? 'from SGG_ADMIN_API_KEY' : `in ${adminKey.generatedAt}`}\n` +
      `  try: curl ${config.publicUrl}/health\n\n`,
  );

  // SIGTERM / SIGINT: stop accepting, finish the requests in flight (SHUTDOWN_TIMEOUT_MS), then
  // the gateway (jobs, queued usage logs, providers) and the database; exit once all closed.
  installGracefulShutdown({
    server,
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      await gateway.close();
      await db.close();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
