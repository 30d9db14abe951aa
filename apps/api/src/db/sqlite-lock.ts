import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Whether a process with this id is running (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SqliteInUseError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(
      `Another gateway process (pid ${pid}) is using the SQLite database ${file}. SQLite serves ` +
        'one gateway process per file: stop that process, give this one its own DATA_DIR, or use ' +
        'PostgreSQL (DATABASE_URL=postgresql://…) to run several processes (WEB_CONCURRENCY).',
    );
    this.name = 'SqliteInUseError';
  }
}

// The owner's pid is written to a file of its own, then linked to `<file>.lock` (link fails if the
// lock exists): a lock is never seen empty. A lock left by a process that no longer runs is
// removed under a guard (`<file>.lock.takeover`, mkdir: one waiter at a time) after checking its
// owner again, so of two gateways started at once after a crash, one removes it and the other
// then finds the first one's lock (the same scheme as scripts/dir-lock.mjs).

/** A guard this old was left by a process killed during its takeover (which takes microseconds). */
const GUARD_STALE_MS = 10_000;

/** The lock's owner pid; null when there is no lock or it does not hold a pid. */
function ownerOf(lockPath: string): number | null {
  const owner = Number.parseInt(readLock(lockPath), 10);
  return Number.isInteger(owner) && owner > 0 ? owner : null;
}

/** Whether the lock's owner is gone (a garbled lock, from no gateway, is stale too). */
function stale(lockPath: string): boolean {
  const owner = ownerOf(lockPath);
  return owner === null || owner === process.pid || !isRunning(owner);
}

/** Removes a stale lock, one process at a time; `false` when another process is doing it. */
function takeOver(lockPath: string): boolean {
  const guard = `${lockPath}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_STALE_MS) rmSync(guard, { recursive: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
  try {
    // Checked again under the guard: another process may have taken over and claimed it since.
    if (existsSync(lockPath) && stale(lockPath)) unlinkSync(lockPath);
    return true;
  } finally {
    rmSync(guard, { recursive: true, force: true });
  }
}

/**
 * Claims a SQLite database file for this process: `<file>.lock` holds the owner's pid, created
 * exclusively. A second gateway on the same file then stops at once with a message that says
 * why, instead of timing out deep in the migration engine (issue #21). A lock left by a process
 * that no longer runs (a crash, `kill -9`) is taken over. Returns the release function.
 */
export function lockSqliteFile(file: string): () => void {
  const lockPath = `${file}.lock`;
  const mine = `${lockPath}.${process.pid}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      try {
        linkSync(mine, lockPath);
        sweepPidFiles(lockPath);
        return () => {
          if (readLock(lockPath) === String(process.pid)) unlinkSync(lockPath);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = ownerOf(lockPath);
      if (owner !== null && owner !== process.pid && isRunning(owner))
        throw new SqliteInUseError(file, owner);
      // Stale (or ours from an earlier open): remove it and try again; if another process is
      // removing it, give it a moment.
      if (!takeOver(lockPath)) sleepMs(5);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(
    `Could not claim ${lockPath}: other processes keep claiming it or taking it over; try again.`,
  );
}

/**
 * Removes the `<file>.lock.<pid>` files of processes that no longer run: one is left when a
 * process is killed between writing it and linking it (a few microseconds). Run by the lock's new
 * owner, so once per start; a file of a running process (another start, mid-claim) stays.
 */
function sweepPidFiles(lockPath: string): void {
  const prefix = `${basename(lockPath)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(lockPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    // (`.takeover`, the guard, is not a pid.)
    if (!/^[1-9]\d{0,9}$/.test(rest)) continue;
    const pid = Number(rest);
    if (pid !== process.pid && !isRunning(pid))
      rmSync(join(dirname(lockPath), name), { force: true });
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readLock(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
