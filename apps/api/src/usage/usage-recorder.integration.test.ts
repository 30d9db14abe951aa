// The usage log's batched writer on the run's database (scripts/test.mjs runs it on SQLite and
// PostgreSQL): every field survives the multi-row INSERT, batches split at `maxBatch`, and a batch
// the database refuses is logged (without its rows) and does not stop the next one.
import type { Logger } from '@scm/core';
import { silentLogger } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { createUsageRecorder, type UsageEntry } from './usage-recorder.js';

let database: TestDatabase | undefined;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({ provider: database.provider, url: database.url });
});

afterAll(async () => {
  await db.close();
  await database?.drop();
});

function entry(index: number, overrides: Partial<UsageEntry> = {}): UsageEntry {
  return {
    requestId: `req-${index}`,
    tenantId: null,
    clientId: index % 2 === 0 ? 'cli_even' : null,
    tokenId: index % 3 === 0 ? `tok-${index}` : null,
    endpointKey: 'repositories.commits.list',
    method: 'GET',
    provider: 'github',
    repositoryId: "o'brien/repo", // a quote: values are bound, never spliced into the SQL
    status: 200 + (index % 3),
    errorCode: index % 5 === 0 ? 'RATE_LIMITED' : null,
    durationMs: index + 0.6,
    ...overrides,
  };
}

describe('usage recorder', () => {
  it('writes every field of 450 entries in batches of at most 200', async () => {
    const recorder = createUsageRecorder(db, silentLogger, {
      intervalMs: 60_000,
      maxBatch: 200,
    });
    const throughPrisma = vi.spyOn(db.prisma, '$executeRawUnsafe');
    const before = new Date(Date.now() - 1000);
    for (let index = 0; index < 450; index += 1) recorder.record(entry(index));
    await recorder.close();
    // Three batches; on SQLite through the direct connection's prepared statement, not Prisma.
    expect(throughPrisma).toHaveBeenCalledTimes(db.provider === 'sqlite' ? 0 : 3);
    throughPrisma.mockRestore();
    const rows = await db.prisma.usageLog.findMany({
      where: { requestId: { startsWith: 'req-' } },
    });
    expect(rows).toHaveLength(450);
    const byRequest = new Map(rows.map((row) => [row.requestId, row]));
    const row = byRequest.get('req-15');
    expect(row).toMatchObject({
      tenantId: null,
      clientId: null,
      tokenId: 'tok-15',
      endpointKey: 'repositories.commits.list',
      method: 'GET',
      provider: 'github',
      repositoryId: "o'brien/repo",
      status: 200,
      errorCode: 'RATE_LIMITED',
      durationMs: 16,
    });
    expect(row?.id).toMatch(/^use_/);
    expect(row?.createdAt.getTime()).toBeGreaterThan(before.getTime());
    expect(row?.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(450);
    // Ids carry the row's time, so they sort as text in time order (appended to the key index).
    const served = [new Date(Date.UTC(2026, 0, 2)), new Date(Date.UTC(2026, 0, 1))];
    for (const [index, createdAt] of served.entries())
      recorder.record(entry(1000 + index, { requestId: `dated-${String(index)}`, createdAt }));
    await recorder.flush();
    const dated = await db.prisma.usageLog.findMany({
      where: { requestId: { startsWith: 'dated-' } },
      orderBy: { id: 'asc' },
    });
    expect(dated.map((r) => r.requestId)).toEqual(['dated-1', 'dated-0']);
    expect(Number.parseInt(dated[0]?.id.slice(4, 13) ?? '', 36)).toBe(served[1]?.getTime());
    // Stored in the form Prisma's own queries compare with (the usage summaries filter by date).
    const inRange = await db.prisma.usageLog.count({
      where: { requestId: { startsWith: 'req-' }, createdAt: { gte: before, lte: new Date() } },
    });
    expect(inRange).toBe(450);
    const later = await db.prisma.usageLog.count({
      where: {
        requestId: { startsWith: 'req-' },
        createdAt: { gt: new Date(Date.now() + 60_000) },
      },
    });
    expect(later).toBe(0);
  });

  it('logs a refused batch without its rows and keeps writing the next one', async () => {
    const errors: unknown[][] = [];
    const logger: Logger = { ...silentLogger, error: (...args: unknown[]) => errors.push(args) };
    const recorder = createUsageRecorder(db, logger, { intervalMs: 60_000 });
    // A tenant that does not exist breaks the foreign key: the whole batch is refused.
    recorder.record(entry(1, { requestId: 'bad-1', tenantId: 'ten_missing' }));
    await recorder.flush();
    recorder.record(entry(2, { requestId: 'good-2' }));
    await recorder.close();
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).not.toContain('bad-1');
    expect(await db.prisma.usageLog.count({ where: { requestId: 'bad-1' } })).toBe(0);
    expect(await db.prisma.usageLog.count({ where: { requestId: 'good-2' } })).toBe(1);
  });
});
