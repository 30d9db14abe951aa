import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Logger } from '@scm/core';

// WAL checkpoints off the event loop (#16). In WAL mode SQLite appends each commit to `<file>-wal`
// and, by default, the connection whose commit takes the log past 1,000 pages copies the log into
// the database file and fsyncs it — on the thread that committed, which for the gateway is the event
// loop. Measured on a 16 KB-a-row insert load (the webhook events' shape), that copy and fsync were
// half of each row's time (~145 µs a row against ~75 with it elsewhere). libSQL's native module
// cannot run in a worker thread (it aborts the process at exit), so a busy gateway hands the
// checkpoints to a small child process: it opens the same file and runs a PASSIVE checkpoint every
// `intervalMs` (PASSIVE never blocks a writer or a reader; the next write after a complete one
// restarts the log from its start, so it stays small). The gateway's connections keep an
// automatic checkpoint as a fallback at a much larger log, in case the child lags or dies.
//
// The child starts only once the log has grown past `startAboveBytes` (a quiet gateway never
// needs one, and every test database would otherwise start a process), and stops with the
// database: it leaves when the gateway closes it, or when the gateway's process is gone (its IPC
// channel closes, on `kill -9` too). It holds no lock and takes no part in the one-process-per-file
// claim (db/sqlite-lock.ts): SQLite itself coordinates the two connections through `<file>-shm`.

/** What the child runs (`node -e`, CommonJS): open, checkpoint on a timer, leave with the parent. */
const CHECKPOINTER = `
const [file, libsql, interval] = process.argv.slice(1);
const Database = require(libsql);
const db = new Database(file, { timeout: 5000 });
const timer = setInterval(() => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
}, Number(interval));
process.on('disconnect', () => { clearInterval(timer); db.close(); process.exit(0); });
process.send('ready');
`;

/** SQLite's default automatic checkpoint, in pages: what the connections go back to without a child. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
/** The fallback while a child checkpoints: the writer copies the log itself only past this. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

export interface WalCheckpointerOptions {
  /** The database file (its log is `<file>-wal`). */
  file: string;
  /** Sets the automatic checkpoint (in pages) on every connection of this process. */
  setAutocheckpoint: (pages: number) => void;
  /** Start the child once the log is this large (default 2 MB). */
  startAboveBytes?: number;
  /** How often the log's size is looked at until then (default 1 s). */
  pollMs?: number;
  /** How often the child checkpoints (default 100 ms). */
  intervalMs?: number;
  /** Where the child's start and an unexpected end are said (never the file's contents). */
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** What an operator can see of the checkpoints (ops/metrics.ts scrapes it). */
export interface WalStatus {
  /** Whether a child is checkpointing now. */
  readonly running: boolean;
  /** How many times a child ended without being asked to (crashed, killed, could not start). */
  readonly unexpectedEnds: number;
  /** The size of `<file>-wal` now, in bytes (0 when there is none). */
  walBytes(): number;
}

export interface WalCheckpointer extends WalStatus {
  /** The child's process id, while it runs. */
  readonly pid: number | undefined;
  /** Stops the child (waits for it to close the database) and the polling. */
  close(): Promise<void>;
}

/** A child that exits within this long after starting is not started again (it cannot run here). */
const MIN_LIFETIME_MS = 5_000;

function walSize(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const { file, setAutocheckpoint } = options;
  const startAbove = options.startAboveBytes ?? 2 * 1024 * 1024;
  const intervalMs = options.intervalMs ?? 100;
  let child: ChildProcess | undefined;
  let closed = false;
  let unexpectedEnds = 0;
  let poll: NodeJS.Timeout | undefined;

  const watch = () => {
    poll = setInterval(() => {
      if (walSize(file) >= startAbove) start();
    }, options.pollMs ?? 1_000);
    poll.unref();
  };

  function start(): void {
    clearInterval(poll);
    poll = undefined;
    const startedAt = Date.now();
    const libsql = createRequire(import.meta.url).resolve('libsql');
    const spawned = spawn(
      process.execPath,
      ['-e', CHECKPOINTER, file, libsql, String(intervalMs)],
      {
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      },
    );
    child = spawned;
    // The gateway's own connections checkpoint only as a fallback once the child is up.
    spawned.once('message', () => {
      if (child !== spawned || closed) return;
      setAutocheckpoint(FALLBACK_AUTOCHECKPOINT_PAGES);
      options.logger?.info('sqlite checkpoints moved to a helper process', {
        pid: spawned.pid,
        walBytes: walSize(file),
      });
    });
    spawned.once('exit', (code, signal) => {
      if (child !== spawned) return;
      child = undefined;
      // Closing: the connections close next (and checkpoint as they do); nothing to set.
      if (closed) return;
      unexpectedEnds += 1;
      options.logger?.warn('sqlite checkpoint helper ended; checkpointing in this process again', {
        code,
        signal,
      });
      setAutocheckpoint(DEFAULT_AUTOCHECKPOINT_PAGES);
      // Gone on its own: back to checkpointing here, and to watching unless it could not run at all.
      if (Date.now() - startedAt >= MIN_LIFETIME_MS) watch();
    });
    // A sandbox that forbids child processes: the connections keep their own checkpoints (they give
    // them up only once the child says it is ready).
    spawned.on('error', (error) => {
      // Never started (no pid): no exit will follow, so nothing is left to wait for on close.
      if (child === spawned && spawned.pid === undefined) {
        child = undefined;
        unexpectedEnds += 1;
      }
      options.logger?.warn('sqlite checkpoint helper could not start', { error: error.message });
    });
    // The child must not keep the gateway's process alive.
    spawned.unref();
    spawned.channel?.unref();
  }

  watch();
  return {
    get running() {
      return child !== undefined;
    },
    get pid() {
      return child?.pid;
    },
    get unexpectedEnds() {
      return unexpectedEnds;
    },
    walBytes: () => walSize(file),
    close: async () => {
      closed = true;
      clearInterval(poll);
      const running = child;
      if (running === undefined) return;
      const exited = new Promise<void>((resolve) => {
        running.once('exit', () => {
          resolve();
        });
      });
      if (running.connected) running.disconnect();
      const timeout = setTimeout(() => running.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
