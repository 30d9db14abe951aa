import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@scm/core';

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** How long the workers get to drain after SIGTERM before they are killed. */
  timeoutMs: number;
  exit?: (code: number) => void;
}

/** A worker that dies within this time of starting is not restarted (it would die again). */
const MIN_UPTIME_MS = 5_000;

/**
 * The primary of `WEB_CONCURRENCY` > 1 (PostgreSQL only): forks the workers, which share the
 * listening port (node:cluster hands connections out round-robin), restarts one that dies after
 * it had started well, and on SIGTERM / SIGINT passes the signal on so each worker drains its own
 * requests (ops/shutdown.ts), then exits 0 once all have exited. The database was migrated by the
 * primary before the fork, so workers open it without migrating. Resolves once every worker
 * listens.
 */
export async function runClusterPrimary(options: ClusterOptions): Promise<void> {
  const { workers, logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const startedAt = new Map<number, number>();

  const fork = (): Promise<Worker> => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    return new Promise((resolve, reject) => {
      worker.once('listening', () => {
        resolve(worker);
      });
      worker.once('exit', (code, signal) => {
        // Stopped during start (SIGTERM before every worker listened): not a failure.
        if (stopping) resolve(worker);
        else
          reject(
            new Error(
              `gateway worker ${String(worker.id)} exited (code ${String(code)}, signal ${signal}) before listening`,
            ),
          );
      });
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const uptime = Date.now() - (startedAt.get(worker.id) ?? 0);
    logger.error('gateway worker exited', { worker: worker.id, code, signal, uptimeMs: uptime });
    if (uptime >= MIN_UPTIME_MS) void fork().catch(() => undefined);
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: draining every worker', { signal, workers });
    const alive = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && !worker.isDead(),
    );
    for (const worker of alive) worker.process.kill(signal);
    const killer = setTimeout(() => {
      for (const worker of alive) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, timeoutMs + 5_000);
    killer.unref();
    void Promise.all(
      alive.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) resolve();
            else
              worker.once('exit', () => {
                resolve();
              });
          }),
      ),
    ).then(() => {
      exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    await Promise.all(Array.from({ length: workers }, fork));
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    throw error;
  }
}
