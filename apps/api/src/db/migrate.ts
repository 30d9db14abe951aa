// Applies the committed migrations (prisma/<provider>/migrations) at start-up, through Prisma's
// WebAssembly schema engine: the result is what native `prisma migrate deploy` would leave.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrationsFrom, sqliteFileUrl, type EngineProvider } from './schema-engine.js';
import { prepareSqliteFile } from './sqlite-direct.js';

export interface MigrateOptions {
  provider: EngineProvider;
  url: string;
  /** Defaults to the `prisma/<provider>/migrations` folder of this app. */
  migrationsDir?: string;
}

/**
 * The app's `prisma/<provider>/migrations`, found by walking up from this module: it runs from
 * `src/db/` under vitest and from a bundle in `dist/`, and both sit below the folder holding
 * `prisma/`.
 */
export function defaultMigrationsDir(provider: EngineProvider): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', provider, 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `No prisma/${provider}/migrations folder above ${start}: were the migrations shipped with the app?`,
  );
}

interface MigrationRow {
  name: string;
  finished: boolean;
  rolledBack: boolean;
}

const MIGRATION_ROWS_SQL =
  'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations';

const truthy = (value: unknown): boolean => Boolean(Number(value));

/** `_prisma_migrations` on one short-lived connection; throws when it cannot be read. */
async function readMigrationRows(provider: EngineProvider, url: string): Promise<MigrationRow[]> {
  if (provider === 'sqlite') {
    // libSQL's local-file client alone (its package's root also loads the HTTP and WebSocket ones).
    const { createClient } = await import('@libsql/client/sqlite3');
    const client = createClient({ url: sqliteFileUrl(url) });
    try {
      const result = await client.execute(MIGRATION_ROWS_SQL);
      return result.rows.map((row) => ({
        name: typeof row.migration_name === 'string' ? row.migration_name : '',
        finished: truthy(row.finished),
        rolledBack: truthy(row.rolled_back),
      }));
    } finally {
      client.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const result = await client.query<{
      migration_name: string;
      finished: boolean;
      rolled_back: boolean;
    }>(MIGRATION_ROWS_SQL);
    return result.rows.map((row) => ({
      name: row.migration_name,
      finished: row.finished,
      rolledBack: row.rolled_back,
    }));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The committed migrations that `_prisma_migrations` does not record as applied, read with one
 * query and no schema engine. Undefined whenever the table cannot settle it alone — no file or no
 * table yet, an unreachable database, a failed or unfinished run, an applied migration this folder
 * does not have: the engine then runs and decides (and reports) as it always did.
 */
export async function pendingMigrations(
  provider: EngineProvider,
  url: string,
  committed: readonly string[],
): Promise<string[] | undefined> {
  if (provider === 'sqlite' && !existsSync(sqliteFileUrl(url).slice('file:'.length))) return;
  let rows: MigrationRow[];
  try {
    rows = await readMigrationRows(provider, url);
  } catch {
    return;
  }
  if (rows.some((row) => !row.finished && !row.rolledBack)) return;
  const applied = new Set(rows.filter((row) => !row.rolledBack).map((row) => row.name));
  const known = new Set(committed);
  if ([...applied].some((name) => !known.has(name))) return;
  return committed.filter((name) => !applied.has(name));
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`, in folder-name order, and
 * returns their names (empty when the database is up to date). Needs no shadow database.
 * When the table already records every committed migration as applied (every start but the
 * first after an upgrade), that one read is all: the schema engine, a WebAssembly module of
 * several MB, is not loaded (#21: it was most of a start's CPU).
 * On PostgreSQL the engine holds an advisory lock meanwhile, so instances starting together take
 * turns; a SQLite file is meant for one process, which opens it exclusively while migrating. A
 * SQLite file that does not exist yet is made as the gateway's start makes it (`prepareSqliteFile`):
 * `pnpm migrate` is often what creates it.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<{ applied: string[] }> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir(options.provider);
  const committed = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b))
    : [];
  if (committed.length === 0) throw new Error(`No migrations in ${migrationsDir}`);
  if (options.provider === 'sqlite') {
    const path = sqliteFileUrl(options.url).slice('file:'.length);
    if (path !== '' && path !== ':memory:') prepareSqliteFile(path);
  }
  const pending = await pendingMigrations(options.provider, options.url, committed);
  if (pending?.length === 0) return { applied: [] };
  const applied = await applyMigrationsFrom(options.provider, options.url, migrationsDir);
  return { applied };
}
