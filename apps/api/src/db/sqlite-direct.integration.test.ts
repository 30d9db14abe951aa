// The hot paths' direct SQLite connection (sqlite-direct.ts), beside Prisma's on the same file:
// works of one turn share a commit with each one's failure its own, nothing runs inside an open
// Prisma transaction, and what it writes Prisma reads back as its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseProvider,
  type TestDatabase,
} from '../test-support/database.js';
import { openDatabase, type Database } from './database.js';
import type { SqliteDirect } from './sqlite-direct.js';

const INSERT = `INSERT INTO "Job" ("id", "queue", "data", "state", "retryLimit", "retryDelaySeconds", "retryBackoff", "runAfter", "createdAt")
  VALUES (?, 'direct-test', '{}', 'queued', 0, 0, ?, ?, ?)`;

describe.skipIf(testDatabaseProvider() !== 'sqlite')('SQLite direct connection', () => {
  let database: TestDatabase;
  let db: Database;
  let direct: SqliteDirect;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ provider: database.provider, url: database.url });
    if (db.sqlite === undefined) throw new Error('no direct connection on SQLite');
    direct = db.sqlite;
  });

  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('writes values as Prisma does: dates, booleans, nulls read back by Prisma', async () => {
    const at = new Date('2026-12-04T10:11:12.345Z');
    await direct.run((connection) => connection.run(INSERT, ['job_values', true, at, at]));
    const row = await db.prisma.job.findUniqueOrThrow({ where: { id: 'job_values' } });
    expect(row).toMatchObject({
      retryBackoff: true,
      runAfter: at,
      createdAt: at,
      leaseUntil: null,
    });
    // And a comparison with a bound date sees the same text Prisma wrote.
    await db.prisma.job.update({ where: { id: 'job_values' }, data: { leaseUntil: at } });
    const due = await direct.run((connection) =>
      connection.all(`SELECT "id" FROM "Job" WHERE "leaseUntil" <= ? AND "id" = 'job_values'`, [
        at,
      ]),
    );
    expect(due).toHaveLength(1);
  });

  it('commits the works of one turn together; one that throws is undone alone', async () => {
    const now = new Date();
    const results = await Promise.allSettled([
      direct.run((connection) => connection.run(INSERT, ['job_a', false, now, now])),
      direct.run((connection) => {
        connection.run(INSERT, ['job_b', false, now, now]);
        throw new Error('second work fails');
      }),
      // A duplicate key fails in SQLite, inside its own savepoint.
      direct.run((connection) => connection.run(INSERT, ['job_a', false, now, now])),
      direct.run((connection) => connection.run(INSERT, ['job_c', false, now, now])),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const ids = await db.prisma.job.findMany({
      where: { id: { in: ['job_a', 'job_b', 'job_c'] } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    expect(ids.map((row) => row.id)).toEqual(['job_a', 'job_c']);
  });

  it('waits for an open Prisma transaction, and a rolled back one leaves nothing it saw', async () => {
    const now = new Date();
    let seen: unknown[] | undefined;
    const transaction = db.prisma
      .$transaction(async (tx) => {
        await tx.job.create({
          data: {
            id: 'job_rolled_back',
            queue: 'direct-test',
            data: '{}',
            state: 'queued',
            retryLimit: 0,
            retryDelaySeconds: 0,
            retryBackoff: false,
            runAfter: now,
          },
        });
        // The direct read is asked for now, inside the transaction's lifetime…
        const read = direct.run((connection) =>
          connection.all(`SELECT "id" FROM "Job" WHERE "id" = 'job_rolled_back'`),
        );
        void read.then((rows) => (seen = rows));
        await new Promise((resolve) => setTimeout(resolve, 50));
        // …and has not run yet.
        expect(seen).toBeUndefined();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await transaction;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
  });

  it('runs a transaction of its own, rolled back when its work throws', async () => {
    const now = new Date();
    await expect(
      direct.transaction(async (connection) => {
        connection.run(INSERT, ['job_tx', false, now, now]);
        await Promise.resolve();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db.prisma.job.count({ where: { id: 'job_tx' } })).toBe(0);
    await direct.transaction((connection) => connection.run(INSERT, ['job_tx', false, now, now]));
    expect(await db.prisma.job.count({ where: { id: 'job_tx' } })).toBe(1);
  });
});
