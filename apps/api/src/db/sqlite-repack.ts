// `pnpm --filter @scm/api migrate -- --repack`: rewrites a SQLite file that has smaller pages than
// a new one gets (formatNewSqliteFile: 16 KB) — a file made before that layout, or first made by
// `migrate` before it laid files out too. SQLite fixes the page size when the first page is
// written and, in WAL mode, keeps it even through VACUUM, so the file leaves WAL for a rollback
// journal, is rebuilt by VACUUM with the new size, and goes back to WAL
// (https://www.sqlite.org/pragma.html#pragma_page_size).
import { closeSync, openSync, readSync } from 'node:fs';
import Libsql from 'libsql';
import { lockSqliteFile } from './sqlite-lock.js';
import { NEW_FILE_PAGE_SIZE } from './sqlite-direct.js';

export interface RepackResult {
  /** The page size before, in bytes. */
  before: number;
  /** The page size after (equal to `before` when nothing needed doing). */
  after: number;
}

/**
 * Gives the SQLite file at `path` the page size of a new file when its pages are smaller. Holds the
 * file's gateway lock meanwhile, so it refuses (`SqliteInUseError`) while a gateway runs on it.
 * VACUUM writes a second copy of the database first: it needs free disk the size of the file, and
 * time in proportion (2.4 s for a 570 MB file of 4 KB pages on the dev box, 2026-12-07).
 */
export function repackSqliteFile(path: string): RepackResult {
  const release = lockSqliteFile(path);
  try {
    // Read off the header: a file that needs nothing gets no connection (nor -wal/-shm files).
    const before = sqlitePageSize(path);
    if (before >= NEW_FILE_PAGE_SIZE) return { before, after: before };
    const db = new Libsql(path);
    try {
      db.exec(
        `PRAGMA journal_mode = DELETE; PRAGMA page_size = ${NEW_FILE_PAGE_SIZE}; VACUUM; PRAGMA journal_mode = WAL;`,
      );
      const after = sqlitePageSize(path);
      if (after !== NEW_FILE_PAGE_SIZE)
        throw new Error(`${path} kept ${after}-byte pages after VACUUM; it was left as it was.`);
      return { before, after };
    } finally {
      db.close();
    }
  } finally {
    release();
  }
}

/**
 * The page size of an existing SQLite file, from its header (bytes 16–17, big-endian; 1 stands for
 * 65,536: https://www.sqlite.org/fileformat.html#the_database_header). No connection is opened: a
 * closed libSQL connection with a statement not yet collected stays open, and would keep VACUUM
 * from changing the journal mode.
 */
export function sqlitePageSize(path: string): number {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0')
    throw new Error(`${path} is not a SQLite database file.`);
  const size = header.readUInt16BE(16);
  return size === 1 ? 65536 : size;
}
