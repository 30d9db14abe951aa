// Start-up reads `_prisma_migrations` and loads the schema engine only when a committed migration
// is not recorded as applied, or when the table cannot say (#21, start time). Runs on SQLite and
// PostgreSQL (scripts/test.mjs).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { openDatabase } from './database.js';
import { defaultMigrationsDir, migrateDatabase, pendingMigrations } from './migrate.js';
import type * as schemaEngine from './schema-engine.js';
import { applyMigrationsFrom } from './schema-engine.js';

// The real engine, watched: which calls reach it.
vi.mock('./schema-engine.js', async (importOriginal) => {
  const original = await importOriginal<typeof schemaEngine>();
  return { ...original, applyMigrationsFrom: vi.fn(original.applyMigrationsFrom) };
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.mocked(applyMigrationsFrom).mockClear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return database;
}

function committed(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

/** A copy of the committed migrations folder, to add a migration to or take one from. */
function copyOfMigrations(database: TestDatabase): string {
  const dir = mkdtempSync(join(tmpdir(), 'scm-migrations-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  cpSync(defaultMigrationsDir(database.provider), dir, { recursive: true });
  return dir;
}

async function execute(database: TestDatabase, sql: string): Promise<void> {
  const db = await openDatabase({ provider: database.provider, url: database.url, migrate: false });
  try {
    await db.prisma.$executeRawUnsafe(sql);
  } finally {
    await db.close();
  }
}

describe(`pending migrations (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  it('leaves a fresh database to the engine, and finds none pending once it is migrated', async () => {
    const database = await freshDatabase();
    const names = committed(defaultMigrationsDir(database.provider));
    expect(await pendingMigrations(database.provider, database.url, names)).toBeUndefined();
    expect((await migrateDatabase(database)).applied).toEqual(names);
    expect(await pendingMigrations(database.provider, database.url, names)).toEqual([]);
    vi.mocked(applyMigrationsFrom).mockClear();
    expect(await migrateDatabase(database)).toEqual({ applied: [] });
    expect(applyMigrationsFrom).not.toHaveBeenCalled();
  });

  it('names a new migration as pending, and the engine applies it', async () => {
    const database = await freshDatabase();
    await migrateDatabase(database);
    const dir = copyOfMigrations(database);
    const added = '99991231000000_start_probe';
    mkdirSync(join(dir, added));
    writeFileSync(
      join(dir, added, 'migration.sql'),
      'CREATE TABLE "StartProbe" ("id" TEXT NOT NULL PRIMARY KEY);\n',
    );
    expect(await pendingMigrations(database.provider, database.url, committed(dir))).toEqual([
      added,
    ]);
    vi.mocked(applyMigrationsFrom).mockClear();
    expect(await migrateDatabase({ ...database, migrationsDir: dir })).toEqual({
      applied: [added],
    });
    expect(applyMigrationsFrom).toHaveBeenCalledTimes(1);
    expect(await pendingMigrations(database.provider, database.url, committed(dir))).toEqual([]);
    await execute(database, 'INSERT INTO "StartProbe" ("id") VALUES (\'applied\')');
  });

  it('leaves a failed run to the engine, which still refuses to start on it', async () => {
    const database = await freshDatabase();
    await migrateDatabase(database);
    const dir = copyOfMigrations(database);
    const failed = '99991231000000_failed';
    mkdirSync(join(dir, failed));
    writeFileSync(join(dir, failed, 'migration.sql'), 'SELECT 1;\n');
    await execute(
      database,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('failed-run', 'x', '${failed}', CURRENT_TIMESTAMP, 0)`,
    );
    expect(
      await pendingMigrations(database.provider, database.url, committed(dir)),
    ).toBeUndefined();
    await expect(migrateDatabase({ ...database, migrationsDir: dir })).rejects.toThrow(failed);
  });

  it('leaves to the engine a database that has a migration the folder lacks', async () => {
    const database = await freshDatabase();
    await migrateDatabase(database);
    const names = committed(defaultMigrationsDir(database.provider));
    expect(
      await pendingMigrations(database.provider, database.url, names.slice(0, -1)),
    ).toBeUndefined();
  });
});
