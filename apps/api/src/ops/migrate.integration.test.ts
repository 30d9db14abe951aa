// Issue 19, item 6: `pnpm --filter @scm/api migrate` (src/ops/migrate-main.ts, dist/migrate.js)
// applies the committed migrations and exits. Run from source here, as a child process: on the
// default SQLite file of DATA_DIR, and on the run's database through DATABASE_URL (scripts/test.mjs
// runs this file on SQLite and PostgreSQL).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseProvider } from '../db/database.js';
import { defaultMigrationsDir } from '../db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';

function runMigrate(env: Record<string, string>) {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.DATA_DIR;
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
      'migrate-main.ts',
    ],
    {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: { ...inherited, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function committed(provider: DatabaseProvider): string[] {
  return readdirSync(defaultMigrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The applied migrations and whether the gateway's tables answer. */
async function inspect(provider: DatabaseProvider, url: string) {
  const db = await openDatabase({ provider, url, migrate: false });
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    // A few of the gateway's tables, through the client (throws when a table is missing).
    await db.prisma.job.count();
    await db.prisma.usageLog.count();
    return rows.map((row) => row.migration_name);
  } finally {
    await db.close();
  }
}

describe(`migrate command (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  let dataDir: string;
  let database: TestDatabase;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'scm-migrate-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  it('migrates the default SQLite file of DATA_DIR, then finds it up to date', async () => {
    const first = runMigrate({ DATA_DIR: dataDir });
    expect(first.status, first.output).toBe(0);
    const file = join(dataDir, 'gateway.db');
    expect(existsSync(file)).toBe(true);
    expect(first.output).toContain(`applied ${committed('sqlite').length} migration(s)`);
    expect(await inspect('sqlite', `file:${file}`)).toEqual(committed('sqlite'));
    // Laid out as the gateway's start lays out a new file: owner-only, 16 KB pages, WAL.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const sqlite = new Libsql(file);
    try {
      expect(sqlite.prepare('PRAGMA page_size').get()).toMatchObject({ page_size: 16384 });
      expect(sqlite.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
    } finally {
      sqlite.close();
    }

    const again = runMigrate({ DATA_DIR: dataDir });
    expect(again.status, again.output).toBe(0);
    expect(again.output).toContain('up to date');
  }, 180_000);

  it('migrates DATABASE_URL', async () => {
    const result = runMigrate({ DATA_DIR: dataDir, DATABASE_URL: database.url });
    expect(result.status, result.output).toBe(0);
    expect(await inspect(database.provider, database.url)).toEqual(committed(database.provider));
  }, 180_000);

  it('exits 1 with a readable message on an unsupported URL', () => {
    const result = runMigrate({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://localhost/x' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('Unsupported database URL scheme "mysql:"');
  });
});
