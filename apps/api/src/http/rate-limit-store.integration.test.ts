import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { DatabaseRateLimitStore } from './rate-limit-store.js';
import type { Options } from 'express-rate-limit';

const WINDOW_MS = 15 * 60_000;

/** A store as express-rate-limit sets it up (`init` gives it the window). */
function store(db: Database, prefix: string, now: () => number): DatabaseRateLimitStore {
  const created = new DatabaseRateLimitStore(db.prisma, prefix, now);
  created.init({ windowMs: WINDOW_MS } as Options);
  return created;
}

// The counters every gateway process shares, on SQLite and PostgreSQL: two connections to one
// database stand for two processes.
describe('DatabaseRateLimitStore', () => {
  let database: TestDatabase;
  let first: Database;
  let second: Database;
  let clock = Date.UTC(2026, 11, 3, 18, 0, 0);
  const now = () => clock;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await openDatabase({ provider: database.provider, url: database.url });
    second = await openDatabase({ provider: database.provider, url: database.url, migrate: false });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
  });

  it('counts concurrent hits from two processes exactly once each', async () => {
    const a = store(first, 'race', now);
    const b = store(second, 'race', now);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? a : b).increment('127.0.0.1')),
    );
    // Atomic increments: every hit saw a different count, 1 to 40, and one window for all.
    expect(results.map((result) => result.totalHits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, index) => index + 1),
    );
    expect(new Set(results.map((result) => result.resetTime?.getTime()))).toEqual(
      new Set([clock + WINDOW_MS]),
    );
    expect(await b.get('127.0.0.1')).toEqual({
      totalHits: 40,
      resetTime: new Date(clock + WINDOW_MS),
    });
  });

  it('keeps a fixed window on the gateway clock, then starts a new one', async () => {
    const start = clock;
    const limiter = store(first, 'window', now);
    expect(await limiter.increment('dev@example.com')).toEqual({
      totalHits: 1,
      resetTime: new Date(start + WINDOW_MS),
    });
    clock += 60_000;
    expect(await limiter.increment('dev@example.com')).toEqual({
      totalHits: 2,
      resetTime: new Date(start + WINDOW_MS),
    });
    await limiter.decrement('dev@example.com');
    expect(await limiter.get('dev@example.com')).toEqual({
      totalHits: 1,
      resetTime: new Date(start + WINDOW_MS),
    });
    // Another prefix (another limiter) is another counter.
    expect((await store(first, 'other', now).increment('dev@example.com')).totalHits).toBe(1);

    clock = start + WINDOW_MS;
    expect(await limiter.get('dev@example.com')).toBeUndefined();
    await limiter.decrement('dev@example.com');
    expect(await limiter.increment('dev@example.com')).toEqual({
      totalHits: 1,
      resetTime: new Date(clock + WINDOW_MS),
    });
    await limiter.resetKey('dev@example.com');
    expect(await limiter.get('dev@example.com')).toBeUndefined();
  });

  it('writes dates as Prisma does, so Prisma (and the janitor) read and compare them', async () => {
    const limiter = store(first, 'format', now);
    await limiter.increment('key');
    const row = await first.prisma.rateLimitHit.findUniqueOrThrow({ where: { key: 'format:key' } });
    expect(row.resetAt.getTime()).toBe(clock + WINDOW_MS);
    expect(
      await first.prisma.rateLimitHit.count({
        where: { key: 'format:key', resetAt: { gt: new Date(clock + WINDOW_MS - 1) } },
      }),
    ).toBe(1);
    expect(
      await first.prisma.rateLimitHit.count({
        where: { key: 'format:key', resetAt: { gt: new Date(clock + WINDOW_MS) } },
      }),
    ).toBe(0);
    if (database.provider === 'sqlite') {
      // libSQL's adapter stores DateTime as ISO-8601 text; the raw upsert must bind the same text.
      const [stored] = await first.prisma.$queryRawUnsafe<{ kind: string; value: string }[]>(
        `SELECT typeof("resetAt") AS "kind", CAST("resetAt" AS TEXT) AS "value" FROM "RateLimitHit" WHERE "key" = 'format:key'`,
      );
      expect(stored).toEqual({
        kind: 'text',
        value: new Date(clock + WINDOW_MS).toISOString().replace('Z', '+00:00'),
      });
    }
  });
});
