// Fresh databases for the api's tests, on the engine the run asks for: SQLite by default, or the
// PostgreSQL server scripts/test.mjs starts for its second pass (SCM_TEST_DATABASE=postgresql with
// SCM_TEST_PG_URL, an admin URL of a role with CREATEDB).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseProvider } from '../db/database.js';
import { postgresUrlWithDatabase } from '../db/schema-engine.js';

export interface TestDatabase {
  readonly provider: DatabaseProvider;
  readonly url: string;
  /** Removes the database (idempotent). Close any client of it first. */
  drop(): Promise<void>;
}

/** The engine of this test run: `SCM_TEST_DATABASE`, `sqlite` (the default) or `postgresql`. */
export function testDatabaseProvider(): DatabaseProvider {
  const value = process.env.SCM_TEST_DATABASE?.trim() || 'sqlite';
  if (value === 'sqlite' || value === 'postgresql') return value;
  throw new Error(`SCM_TEST_DATABASE must be "sqlite" or "postgresql", not "${value}"`);
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty (not yet migrated) database of the run's engine. */
export async function createTestDatabase(): Promise<TestDatabase> {
  let dropped = false;
  if (testDatabaseProvider() === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'scm-api-test-'));
    return {
      provider: 'sqlite',
      url: `file:${join(dir, 'test.db')}`,
      drop: async () => {
        dropped = true;
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.SCM_TEST_PG_URL;
  if (!adminUrl) {
    throw new Error(
      'SCM_TEST_DATABASE=postgresql needs SCM_TEST_PG_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)',
    );
  }
  const name = `scm_test_${randomBytes(8).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    provider: 'postgresql',
    url: postgresUrlWithDatabase(adminUrl, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // FORCE: a test that failed half-way may have left a client connected.
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * A fresh database of the run's engine, migrated and open. `drop()` closes it and removes it:
 * call it in `afterEach`/`afterAll`.
 */
export async function openTestDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  const database = await createTestDatabase();
  let db: Database;
  try {
    db = await openDatabase({ provider: database.provider, url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    db,
    drop: async () => {
      try {
        await db.close();
      } finally {
        await database.drop();
      }
    },
  };
}
