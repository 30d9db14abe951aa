// Opens the gateway's database, SQLite (a file, the default) or PostgreSQL, migrated to the
// committed history, behind one PrismaClient type.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@scm/core';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/sqlite/client.js';
import { migrateDatabase } from './migrate.js';
import { sqliteFileUrl } from './schema-engine.js';
import { Lock, openSqliteDirect, prepareSqliteFile, type SqliteDirect } from './sqlite-direct.js';
import { startWalCheckpointer, type WalCheckpointer, type WalStatus } from './wal-checkpointer.js';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface Database {
  readonly prisma: PrismaClient;
  readonly provider: DatabaseProvider;
  /** The URL it was opened with (pg-boss opens its own pool on it). Holds the password: never log it. */
  readonly url?: string;
  /**
   * SQLite only: the hot paths' own connection to the file, with prepared statements, serialised
   * with Prisma's (sqlite-direct.ts).
   */
  readonly sqlite?: SqliteDirect;
  /** SQLite only: the write-ahead log's size and its checkpoint helper (GET /metrics shows them). */
  readonly wal?: WalStatus;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url: string;
  provider: DatabaseProvider;
  /** Apply the committed migrations first (default true). */
  migrate?: boolean;
  /** Where the SQLite checkpoint helper's start and end are said (db/wal-checkpointer.ts). */
  logger?: Logger;
}

/**
 * Which database a configured URL means. Unset or empty: the SQLite file `<dataDir>/gateway.db`
 * (the folder is created). `file:…` is SQLite, `postgres://` / `postgresql://` PostgreSQL.
 */
export function resolveDatabaseUrl(
  url: string | undefined,
  dataDir: string,
): { provider: DatabaseProvider; url: string } {
  const value = url?.trim() ?? '';
  if (value === '') {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return { provider: 'sqlite', url: `file:${join(dir, 'gateway.db')}` };
  }
  if (value.startsWith('file:')) return { provider: 'sqlite', url: value };
  if (/^postgres(ql)?:\/\//i.test(value)) return { provider: 'postgresql', url: value };
  // Name only the scheme: the rest of a database URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new Error(
    `Unsupported database URL${scheme ? ` scheme "${scheme}:"` : ''}: use file:<path> for SQLite, ` +
      'or postgres:// / postgresql:// for PostgreSQL (or leave it unset for a SQLite file in the data folder).',
  );
}

/** How long a SQLite writer waits for another connection's lock before failing with "busy". */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * The SQLite adapter runs everything on one connection, so a query sent outside an open interactive
 * transaction executes inside it: it sees the uncommitted rows, and a rollback silently undoes a
 * write the caller was told had succeeded. Make such queries wait until the transaction ends,
 * as a second connection would. (A callback that uses `db.prisma` instead of its `tx` therefore
 * waits for itself until the transaction times out: use `tx` inside `$transaction`.)
 */
function serializeTransactions(adapter: SqlDriverAdapter, lock: Lock): SqlDriverAdapter {
  const wrapped: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => lock.run(() => adapter.queryRaw(query)),
    executeRaw: (query) => lock.run(() => adapter.executeRaw(query)),
    executeScript: (script) => lock.run(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel) => {
      const release = await lock.acquire();
      let transaction: Transaction;
      try {
        transaction = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const end = async (finish: () => Promise<void>) => {
        try {
          await finish();
        } finally {
          release();
        }
      };
      const wrappedTransaction: Transaction = {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query) => transaction.queryRaw(query),
        executeRaw: (query) => transaction.executeRaw(query),
        commit: () => end(() => transaction.commit()),
        rollback: () => end(() => transaction.rollback()),
      };
      for (const name of ['createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const) {
        const method = transaction[name]?.bind(transaction);
        if (method) wrappedTransaction[name] = method;
      }
      return wrappedTransaction;
    },
    dispose: () => adapter.dispose(),
  };
  const getConnectionInfo = adapter.getConnectionInfo?.bind(adapter);
  if (getConnectionInfo) wrapped.getConnectionInfo = getConnectionInfo;
  return wrapped;
}

/**
 * The SQLite adapter (libSQL, whose native part installs prebuilt from npm: no compiler) opens the
 * file itself, with no hook for connection settings: set them on the one connection it uses
 * (`concurrency: 1`, so they stay set; the adapter serialises every query anyway). WAL lets readers
 * in other processes run beside the writer; synchronous=NORMAL is WAL's usual durability trade-off
 * (a power cut may lose the last commits, never corrupt the file); the schema's cascades need
 * foreign keys on.
 */
async function sqliteAdapterFactory(url: string, lock: Lock): Promise<SqlDriverAdapterFactory> {
  // Loaded for SQLite only: PostgreSQL never loads libSQL's adapter.
  const { PrismaLibSql } = await import('@prisma/adapter-libsql');
  const factory = new PrismaLibSql({ url, concurrency: 1, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async (): Promise<SqlDriverAdapter> => {
      const adapter = await factory.connect();
      await adapter.executeScript(
        `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`,
      );
      return serializeTransactions(adapter, lock);
    },
  };
}

async function postgresClient(url: string): Promise<PrismaClient> {
  // Loaded only for PostgreSQL (client and adapter); the SQLite client is the one every other
  // module imports.
  const [{ PrismaClient: PostgresPrismaClient }, { PrismaPg }] = await Promise.all([
    import('../generated/postgresql/client.js'),
    import('@prisma/adapter-pg'),
  ]);
  const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  // The two generated clients come from one data model (prisma/postgresql/schema.prisma is written
  // from the SQLite one, differing only in the provider), so their model delegates, arguments and
  // results are the same; only the generated types are distinct. This is the one place they meet.
  return client as unknown as PrismaClient;
}

/** Opens (and by default migrates) the database; `close()` disconnects. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { provider } = options;
  let url = options.url;
  if (provider === 'sqlite') {
    const path = sqliteFileUrl(url).slice('file:'.length);
    if (path === ':memory:' || path === '') {
      // The migration runs on its own connection, and every connection gets its own memory database.
      throw new Error('An in-memory SQLite database is not supported: use a file (file:<path>).');
    }
    prepareSqliteFile(resolve(path));
    url = sqliteFileUrl(url);
  }
  if (options.migrate ?? true) await migrateDatabase({ provider, url });
  const lock = new Lock();
  const prisma =
    provider === 'sqlite'
      ? new PrismaClient({ adapter: await sqliteAdapterFactory(url, lock) })
      : await postgresClient(url);
  let sqlite: SqliteDirect | undefined;
  let checkpointer: WalCheckpointer | undefined;
  try {
    await prisma.$connect();
    if (provider === 'sqlite') {
      const file = resolve(url.slice('file:'.length));
      const direct = openSqliteDirect(file, lock, { busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS });
      sqlite = direct;
      checkpointer = startWalCheckpointer({
        file,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        // Both connections commit, and either would otherwise copy the log on its event loop.
        setAutocheckpoint: (pages) => {
          direct.setAutocheckpoint(pages);
          prisma
            .$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${Math.trunc(pages)}`)
            .catch(() => undefined);
        },
      });
    }
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    throw error;
  }
  return {
    prisma,
    provider,
    url,
    ...(sqlite === undefined ? {} : { sqlite }),
    ...(checkpointer === undefined ? {} : { wal: checkpointer }),
    close: async () => {
      await checkpointer?.close();
      // After Prisma's queries in flight: they hold the lock the direct connection waits for.
      await prisma.$disconnect();
      if (sqlite === undefined) return;
      const release = await lock.acquire();
      try {
        sqlite.close();
      } finally {
        release();
      }
    },
  };
}
