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
import { lockSqliteFile } from '../db/sqlite-lock.js';
import { sqlitePageSize } from '../db/sqlite-repack.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';

function runMigrate(env: Record<string, string>, args: readonly string[] = []) {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.DATA_DIR;
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
      'migrate-main.ts',
      ...args,
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

  it.skipIf(process.env.SCM_TEST_DATABASE === 'postgresql')(
    'names a SQLite file with small pages, and --repack rewrites it with 16 KB pages, its rows kept, never under a running gateway',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'scm-repack-'));
      const file = join(dir, 'gateway.db');
      const pragma = (sqlite: Libsql.Database, name: string) =>
        (sqlite.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[name];
      try {
        // A file laid out the old way: SQLite's 4 KB pages.
        const old = new Libsql(file);
        old.exec('PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;');
        old.close();
        const migrated = runMigrate({ DATA_DIR: dir });
        expect(migrated.status, migrated.output).toBe(0);
        expect(migrated.output).toContain(`${file} has 4 KB pages`);
        expect(migrated.output).toContain('`migrate --repack` rewrites it');
        // (exec: a prepared statement would keep this connection open after close() until it
        // is collected, and the journal mode could not change.)
        const before = new Libsql(file);
        before.exec(
          `INSERT INTO "UsageLog" ("id", "requestId", "endpointKey", "method", "status", "durationMs", "createdAt")
           VALUES ('use_repack', 'req_repack', 'branches.list', 'GET', 200, 12, '2026-12-07T00:00:00.000+00:00')`,
        );
        before.close();
        expect(sqlitePageSize(file)).toBe(4096);

        // A gateway holds the file: nothing is rewritten.
        const release = lockSqliteFile(file);
        try {
          const refused = runMigrate({ DATA_DIR: dir }, ['--repack']);
          expect(refused.status).toBe(1);
          expect(refused.output).toContain(`Another gateway process (pid ${process.pid})`);
        } finally {
          release();
        }

        const repacked = runMigrate({ DATA_DIR: dir }, ['--repack']);
        expect(repacked.status, repacked.output).toBe(0);
        expect(repacked.output).toContain(`rewrote ${file} with 16 KB pages (it had 4 KB)`);
        const after = new Libsql(file);
        try {
          expect(pragma(after, 'page_size')).toBe(16384);
          expect(pragma(after, 'journal_mode')).toBe('wal');
          expect(pragma(after, 'integrity_check')).toBe('ok');
          expect(after.prepare('SELECT "requestId", "durationMs" FROM "UsageLog"').all()).toEqual([
            expect.objectContaining({ requestId: 'req_repack', durationMs: 12 }),
          ]);
        } finally {
          after.close();
        }
        expect(await inspect('sqlite', `file:${file}`)).toEqual(committed('sqlite'));

        const again = runMigrate({ DATA_DIR: dir }, ['--repack']);
        expect(again.status, again.output).toBe(0);
        expect(again.output).toContain('already has 16 KB pages; nothing to repack');
        expect(runMigrate({ DATA_DIR: dir }).output).not.toContain('--repack');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it('refuses --repack on PostgreSQL and an argument it does not know', () => {
    const postgres = runMigrate(
      { DATA_DIR: dataDir, DATABASE_URL: 'postgresql://127.0.0.1:1/none' },
      ['--repack'],
    );
    expect(postgres.status).toBe(1);
    expect(postgres.output).toContain('--repack rewrites a SQLite file');
    const unknown = runMigrate({ DATA_DIR: dataDir }, ['--vacuum']);
    expect(unknown.status).toBe(1);
    expect(unknown.output).toContain('unknown argument --vacuum; usage: migrate [--repack]');
  });

  it('exits 1 with a readable message on an unsupported URL', () => {
    const result = runMigrate({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://localhost/x' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('Unsupported database URL scheme "mysql:"');
  });
});
