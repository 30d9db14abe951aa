import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { loadAdminKey, loadMasterKey } from './crypto/key-files.js';
import { openDatabase, resolveDatabaseUrl } from './db/database.js';
import { sqliteFileUrl } from './db/schema-engine.js';
import { lockSqliteFile } from './db/sqlite-lock.js';
import { createJsonLogger } from './http/logger.js';
import { answerClientErrors } from './http/client-errors.js';
import { listen } from './http/listen.js';
import { createMetrics } from './ops/metrics.js';
import { runClusterPrimary } from './ops/cluster.js';
import { writeCompileCache } from './ops/compile-cache.js';
import { installGracefulShutdown } from './ops/shutdown.js';

/**
 * `pnpm start`: the gateway on SQLite under ./data with no configuration, or as the env says.
 * `WEB_CONCURRENCY` > 1 (PostgreSQL): this process migrates, then runs that many workers
 * (node:cluster) that share the port; each worker runs this same function as a worker.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createJsonLogger(config.logLevel);
  const { provider, url } = resolveDatabaseUrl(config.databaseUrl, config.dataDir);
  const clustered = config.webConcurrency > 1;
  if (clustered && provider === 'sqlite') {
    throw new Error(
      `WEB_CONCURRENCY=${config.webConcurrency} needs PostgreSQL: SQLite serves one gateway process per file. Set DATABASE_URL=postgresql://… or WEB_CONCURRENCY=1.`,
    );
  }
  const primary = !clustered || cluster.isPrimary;
  const masterKey = loadMasterKey(config.encryptionKey, config.dataDir);
  if (masterKey.created) {
    logger.warn('generated an encryption key; set SGG_ENCRYPTION_KEY in production', {
      keyFile: masterKey.generatedAt,
    });
  }
  const adminKey = loadAdminKey(config.adminApiKey, config.dataDir);
  if (clustered && cluster.isPrimary) {
    // Migrate once, before any worker opens the database.
    await (await openDatabase({ url, provider })).close();
    // The workers about to start read what this process compiled.
    writeCompileCache();
    await runClusterPrimary({
      workers: config.webConcurrency,
      logger,
      timeoutMs: config.shutdownTimeoutMs,
    });
    printBanner(config.publicUrl, provider, url, adminKey.generatedAt, config.webConcurrency);
    return;
  }
  const releaseLock =
    provider === 'sqlite'
      ? lockSqliteFile(resolve(sqliteFileUrl(url).slice('file:'.length)))
      : () => undefined;
  const db = await openDatabase({ url, provider, migrate: primary, logger }).catch(
    (error: unknown) => {
      releaseLock();
      throw error;
    },
  );
  const gateway = await createApp({
    config,
    db,
    logger,
    masterKey: masterKey.value,
    adminApiKey: adminKey.value,
    // Process metrics (CPU, memory, event-loop lag) join the gateway's on GET /metrics.
    metrics: createMetrics({ processMetrics: true }),
  });
  const server = createServer(gateway.handle);
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  logger.info('gateway listening', {
    url: config.publicUrl,
    database: provider,
    adminKeyFile: adminKey.generatedAt ?? 'SGG_ADMIN_API_KEY',
    ...(clustered ? { worker: cluster.worker?.id } : {}),
  });
  if (!clustered) printBanner(config.publicUrl, provider, url, adminKey.generatedAt, 1);
  // Off the way to listening, and kept if the process is killed (a restart after an OOM kill).
  writeCompileCache();

  // SIGTERM / SIGINT: stop accepting, finish the requests in flight (SHUTDOWN_TIMEOUT_MS), then
  // the gateway (jobs, queued usage logs, providers) and the database; exit once all closed.
  installGracefulShutdown({
    server,
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      await gateway.close();
      await db.close();
      releaseLock();
    },
  });
}

function printBanner(
  publicUrl: string,
  provider: string,
  url: string,
  adminKeyFile: string | null,
  workers: number,
): void {
  process.stdout.write(
    `\nSCM Gateway is listening on ${publicUrl}${workers > 1 ? ` (${workers} worker processes)` : ''}\n` +
      `  database: ${provider}${provider === 'sqlite' ? ` (${url.replace(/^file:/, '')})` : ''}\n` +
      `  admin key: ${adminKeyFile === null ? 'from SGG_ADMIN_API_KEY' : `in ${adminKeyFile}`}\n` +
      `  try: curl ${publicUrl}/health\n\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
