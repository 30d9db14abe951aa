// The group-commit writer of inbound webhooks, on the run's database (scripts/test.mjs runs it on
// SQLite and PostgreSQL): concurrent writes share a commit, a redelivery is stored once and
// answered with the stored id, and a delivery that cannot be stored fails alone.
import { silentLogger } from '@scm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../crypto/tokens.js';
import { openDatabase, type Database } from '../db/database.js';
import { createJobQueue } from '../jobs/create-job-queue.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { createEventWriter, type EventWriter, type InboundRecord } from './event-writer.js';

let database: TestDatabase | undefined;
let db: Database;
let jobs: JobQueue;
let writer: EventWriter;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({ provider: database.provider, url: database.url });
  jobs = createJobQueue(db, { pollIntervalMs: 200, maintenanceIntervalSeconds: 1 });
  await jobs.start();
  // As services.ts builds it: on SQLite the batches go through the direct connection.
  writer = createEventWriter({
    prisma: db.prisma,
    provider: db.provider,
    sqlite: db.sqlite,
    jobs,
    newId,
    logger: silentLogger,
  });
});

afterAll(async () => {
  await jobs.stop({ timeoutMs: 2_000 });
  await db.close();
  await database?.drop();
});

function record(deliveryId: string, fanout: InboundRecord['fanout'] = []): InboundRecord {
  return {
    event: {
      id: newId('whe'),
      tenantId: 'tenant-1',
      provider: 'github',
      deliveryId,
      eventName: 'push',
      connectionId: null,
      subscriptionId: null,
      status: 'processed',
      reason: null,
      events: '[{"type":"push"}]',
      bodyEnc: null,
    },
    fanout,
    resyncConnectionId: null,
  };
}

describe(`inbound event writer (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  it('stores concurrent deliveries, each once, with the fields given', async () => {
    const records = Array.from({ length: 20 }, (_, index) => record(`d-${index}`));
    const results = await Promise.all(records.map((one) => writer.write(one)));
    expect(results).toEqual(records.map(() => ({ stored: true })));
    const stored = await db.prisma.webhookEvent.findMany({
      where: { deliveryId: { startsWith: 'd-' } },
      orderBy: { deliveryId: 'asc' },
    });
    expect(stored).toHaveLength(20);
    const first = stored.find((row) => row.deliveryId === 'd-0');
    expect(first).toMatchObject({
      id: records[0]?.event.id,
      tenantId: 'tenant-1',
      provider: 'github',
      eventName: 'push',
      status: 'processed',
      events: '[{"type":"push"}]',
      bodyEnc: null,
    });
    expect(first?.receivedAt).toBeInstanceOf(Date);
    expect(Math.abs((first?.receivedAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('answers a redelivery, in the same batch or later, with the stored id', async () => {
    const original = record('dup-1');
    const [a, b] = await Promise.all([writer.write(original), writer.write(record('dup-1'))]);
    expect(a).toEqual({ stored: true });
    expect(b).toEqual({ stored: false, id: original.event.id });
    expect(await writer.write(record('dup-1'))).toEqual({ stored: false, id: original.event.id });
    expect(await db.prisma.webhookEvent.count({ where: { deliveryId: 'dup-1' } })).toBe(1);
  });

  it('fails only the delivery that cannot be stored, not the others of its batch', async () => {
    const good = [record('ok-1'), record('ok-2')];
    // A delivery row for a subscription that does not exist breaks its foreign key.
    const bad = record('bad-1', [{ subscriptionId: 'evs_missing', eventIndex: 0 }]);
    const settled = await Promise.allSettled([
      writer.write(good[0] as InboundRecord),
      writer.write(bad),
      writer.write(good[1] as InboundRecord),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(
      await db.prisma.webhookEvent.count({ where: { deliveryId: { in: ['ok-1', 'ok-2'] } } }),
    ).toBe(2);
    // The failed delivery left nothing behind: its event went with its transaction.
    expect(await db.prisma.webhookEvent.count({ where: { deliveryId: 'bad-1' } })).toBe(0);
  });
});
