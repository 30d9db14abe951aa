// The hot SQLite paths (inbound webhooks, the job queue) talk to libSQL directly, beside Prisma.
// A Prisma raw query serialises its parameters to JSON and back and goes through @libsql/client,
// which prepares the statement again on every call: for an inbound batch (eight ~16 KB event rows)
// that was ~300 µs of CPU per row on top of SQLite's own ~100 (#16). Here statements are prepared
// once and kept, values are bound as they are, and a transaction is BEGIN … COMMIT with no round
// trips in between.
//
// It is a second connection to the same file, so it shares the Prisma adapter's lock
// (database.ts): while Prisma runs a query or holds an interactive transaction, nothing runs here,
// and the other way round — one connection writes at a time, as before, and never waits on the
// other's lock. Reads see every commit of both.
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Libsql from 'libsql';

/** The page size of a new database file, in bytes (why: `formatNewSqliteFile`). */
export const NEW_FILE_PAGE_SIZE = 16384;

/**
 * Lays out a new, empty database file before anything else opens it: 16 KB pages and WAL mode.
 * An inbound webhook event is a ~16 KB row; with SQLite's default 4 KB pages each one spills over
 * four overflow pages, each its own WAL frame, and the insert cost ~75 µs a row against ~52 with
 * 16 KB pages (checkpoints elsewhere; #16). SQLite fixes the page size when the first page is
 * written, so a file that already has pages keeps its own.
 */
export function formatNewSqliteFile(path: string): void {
  if (statSync(path).size > 0) return;
  const db = new Libsql(path);
  try {
    db.exec(`PRAGMA page_size = ${NEW_FILE_PAGE_SIZE}; PRAGMA journal_mode = WAL;`);
  } finally {
    db.close();
  }
}

/**
 * Makes the SQLite file at `path` (absolute) ready before anything else opens it, for every way in
 * — the gateway's start and `pnpm migrate` alike: its folder (0700), the file owner-only (0600;
 * SQLite gives its -wal and -shm files the same mode; an existing file keeps its mode) and, when
 * new, laid out by `formatNewSqliteFile`. Left to the schema engine, a file first made by `pnpm
 * migrate` had 4 KB pages and the umask's mode, and kept both.
 */
export function prepareSqliteFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  formatNewSqliteFile(path);
}

/** A FIFO mutex: `acquire()` resolves to the function that releases it. */
export class Lock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    return previous.then(() => release);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** Statements on the connection, synchronous (libSQL is). */
export interface SqliteConnection {
  /** The rows of a statement that answers some (SELECT, … RETURNING), by column name. */
  all<Row = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Row[];
  /** Runs a statement; answers how many rows it changed. */
  run(sql: string, values?: readonly unknown[]): number;
}

export interface SqliteDirect {
  /**
   * Runs `work` (synchronous) with the connection to itself: no Prisma query or transaction runs
   * meanwhile. The works asked for in the same turn of the event loop share one transaction, each
   * in its own savepoint (a throw undoes that work alone): one commit, and the pages they both
   * touch (an index, the jobs table) written once. It resolves once its work is committed.
   */
  run<T>(work: (connection: SqliteConnection) => T): Promise<T>;
  /**
   * `work` in a transaction of its own (BEGIN IMMEDIATE … COMMIT, rolled back when it throws);
   * it may await, but not a Prisma query (that query would wait for it).
   */
  transaction<T>(work: (connection: SqliteConnection) => T | Promise<T>): Promise<T>;
  /** Sets this connection's automatic WAL checkpoint, in pages (db/wal-checkpointer.ts). */
  setAutocheckpoint(pages: number): void;
  close(): void;
}

/**
 * A value as Prisma's SQLite adapter binds it, so both connections write the same thing: a Date
 * as ISO 8601 with `+00:00` (what `DateTime` columns hold and compare as text), a boolean as 0/1.
 */
export function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

const connections = new WeakSet<object>();

/** Whether `value` is a connection of `SqliteDirect.run`/`transaction` (not a Prisma client). */
export function isSqliteConnection(value: unknown): value is SqliteConnection {
  return typeof value === 'object' && value !== null && connections.has(value);
}

/** Prepared statements kept per SQL text (multi-row INSERTs differ by row count: a few dozen). */
const MAX_STATEMENTS = 500;

type Statement = ReturnType<Libsql.Database['prepare']>;

export function openSqliteDirect(
  path: string,
  lock: Lock,
  options: { busyTimeoutMs: number },
): SqliteDirect {
  const db = new Libsql(path, { timeout: options.busyTimeoutMs });
  // As the Prisma adapter's connection (database.ts); WAL is the file's mode already, kept here in
  // case this connection is the first.
  db.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${options.busyTimeoutMs};`,
  );
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const bind = (values: readonly unknown[] | undefined): unknown[] =>
    values === undefined ? [] : values.map(sqliteValue);
  const connection: SqliteConnection = {
    all: <Row>(sql: string, values?: readonly unknown[]) =>
      prepared(sql).all(bind(values)) as Row[],
    run: (sql, values) => prepared(sql).run(bind(values)).changes,
  };
  connections.add(connection);
  const statement = (sql: string) => prepared(sql).run([]);

  interface Pending {
    work: (connection: SqliteConnection) => unknown;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  let pending: Pending[] = [];
  let scheduled = false;

  /** Runs one work in a savepoint of the open transaction: its outcome, its effects undone if it threw. */
  function inSavepoint(
    item: Pending,
  ): { ok: true; value: unknown } | { ok: false; error: unknown } {
    statement('SAVEPOINT work');
    try {
      const value = item.work(connection);
      statement('RELEASE work');
      return { ok: true, value };
    } catch (error) {
      statement('ROLLBACK TO work');
      statement('RELEASE work');
      return { ok: false, error };
    }
  }

  async function flush(): Promise<void> {
    const release = await lock.acquire();
    // Works asked for while the lock was taken join this batch.
    scheduled = false;
    const batch = pending;
    pending = [];
    try {
      if (batch.length === 1) {
        const [only] = batch as [Pending];
        try {
          only.resolve(only.work(connection));
        } catch (error) {
          only.reject(error);
        }
        return;
      }
      let outcomes: ReturnType<typeof inSavepoint>[];
      try {
        statement('BEGIN IMMEDIATE');
        outcomes = batch.map(inSavepoint);
        statement('COMMIT');
      } catch (error) {
        if (db.inTransaction) statement('ROLLBACK');
        for (const item of batch) item.reject(error);
        return;
      }
      outcomes.forEach((outcome, index) => {
        const item = batch[index];
        if (outcome.ok) item?.resolve(outcome.value);
        else item?.reject(outcome.error);
      });
    } finally {
      release();
    }
  }

  return {
    run: <T>(work: (connection: SqliteConnection) => T) =>
      new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => void flush());
      }),
    transaction: (work) =>
      lock.run(async () => {
        statement('BEGIN IMMEDIATE');
        try {
          const result = await work(connection);
          statement('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) statement('ROLLBACK');
          throw error;
        }
      }),
    setAutocheckpoint: (pages) => {
      db.exec(`PRAGMA wal_autocheckpoint = ${Math.trunc(pages)};`);
    },
    close: () => {
      statements.clear();
      db.close();
    },
  };
}
