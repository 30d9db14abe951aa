// Graceful drain on SIGTERM / SIGINT (issue 19, item 6), as an orchestrator stops a process:
// stop accepting connections, let the requests in flight finish (up to SHUTDOWN_TIMEOUT_MS, then
// cut them), close idle keep-alive sockets as they become idle, then release the gateway (jobs,
// usage flush, providers) and the database, and only then exit. A second signal exits at once.
import type { Server } from 'node:http';
import type { Logger } from '@scm/core';

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** How long requests in flight may take to finish before their connections are closed. */
  timeoutMs: number;
  /** Runs once the server has closed: the gateway's services, then the database. */
  close: () => Promise<void>;
  /** Defaults to `process.exit`. */
  exit?: (code: number) => void;
  /** Defaults to SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** How often idle keep-alive sockets are closed while draining (a finished request's socket). */
const IDLE_SWEEP_MS = 100;

/**
 * Installs the signal handlers; `shutdown(signal)` is what they call (tests call it directly).
 * Resolves when the process is told to exit.
 */
export function installGracefulShutdown(options: ShutdownOptions): {
  shutdown: (signal: string) => Promise<void>;
} {
  const { server, logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let draining: Promise<void> | undefined;

  const shutdown = (signal: string): Promise<void> => {
    if (draining) {
      logger.warn('second signal: exiting without waiting', { signal });
      exit(SIGNAL_EXIT_CODES[signal as NodeJS.Signals] ?? 1);
      return draining;
    }
    draining = drain(signal);
    return draining;
  };

  async function drain(signal: string): Promise<void> {
    const started = Date.now();
    logger.info('shutting down: draining requests in flight', { signal, timeoutMs });
    // A request that arrives on a kept-alive connection meanwhile is served, then its connection closes.
    server.on('request', (_req, res) => {
      if (!res.headersSent) res.setHeader('connection', 'close');
    });
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, IDLE_SWEEP_MS);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        logger.warn('shutting down: requests still in flight after the timeout; closing them', {
          timeoutMs,
        });
        server.closeAllConnections();
        await closed;
      }
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
    let code = 0;
    try {
      await options.close();
    } catch (error) {
      code = 1;
      logger.error('shutting down: closing the gateway failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    logger.info('stopped', { signal, ms: Date.now() - started });
    exit(code);
  }

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      void shutdown(signal);
    });
  }
  return { shutdown };
}
