import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

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

/**
 * Claims a SQLite database file for this process: `<file>.lock` holds the owner's pid, created
 * exclusively. A second gateway on the same file then stops at once with a message that says
 * why, instead of timing out deep in the migration engine (issue #21). A lock left by a process
 * that no longer runs (a crash, `kill -9`) is taken over. Returns the release function.
 */
export function lockSqliteFile(file: string): () => void {
  const lockPath = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readLock(lockPath), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner))
        throw new SqliteInUseError(file, owner);
      // Stale (or ours from an earlier open): remove it and try once more.
      unlinkSync(lockPath);
      continue;
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return () => {
      if (readLock(lockPath) === String(process.pid)) unlinkSync(lockPath);
    };
  }
  throw new Error(`Could not claim ${lockPath}: another process keeps recreating it.`);
}

function readLock(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
