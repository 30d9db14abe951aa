import type { Logger } from '@scm/core';
import type { DatabaseProvider } from '../db/database.js';
import { insertRowsSql } from '../db/insert-rows.js';
import type { SqliteConnection, SqliteDirect } from '../db/sqlite-direct.js';
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { DELIVER_JOB, SYNC_INSTALLATIONS_JOB, deliverJobOptions } from './jobs.js';
import type { OutboundBodies, RenderedEvents } from './outbound-body.js';

// Group commit for inbound webhooks. Ingest answers a provider only once its delivery is stored
// (and its fan-out enqueued), so every delivery waits for a commit; committing each one alone costs
// an interactive transaction and five statements (~3 ms of CPU on SQLite). Instead the deliveries
// that arrive while one write is running are stored together by the next: one multi-row INSERT of
// the events (`ON CONFLICT DO NOTHING` on the provider's delivery id, so a redelivery is dropped
// by the unique index, with no read first), one of the delivery rows and one of the jobs, in one
// transaction. Nothing waits on a timer: a write starts once the deliveries whose bytes arrived in
// the same turn of the event loop have joined it (setImmediate), and a busy gateway writes bigger
// batches. A batch that fails is written again one delivery at a time, so one bad
// delivery never fails its neighbours. On SQLite the batch goes through the database's direct
// connection (db/sqlite-direct.ts: prepared statements, BEGIN … COMMIT, no Prisma on the way);
// on PostgreSQL through Prisma, in one interactive transaction when there is fan-out.

/** The stored row of one inbound delivery (the WebhookEvent model). */
export interface InboundEventRow {
  id: string;
  tenantId: string;
  provider: string;
  deliveryId: string;
  eventName: string;
  connectionId: string | null;
  subscriptionId: string | null;
  status: 'processed' | 'unparsable' | 'too_large';
  reason: string | null;
  /** JSON array of the normalized events; null when the body did not parse. */
  events: string | null;
  /** The raw body, sealed, when it did not parse. */
  bodyEnc: string | null;
}

export interface InboundRecord {
  event: InboundEventRow;
  /** The normalized events, serialised (`event.events` is their column): kept for fan-out. */
  rendered?: RenderedEvents['events'];
  /** One delivery row and job per matching subscription and normalized event. */
  fanout: readonly { subscriptionId: string; eventIndex: number }[];
  /** A GitHub App integration whose installations must be synced again (installation events). */
  resyncConnectionId: string | null;
}

/** Stored, or a redelivery of a stored one (its id). */
export type WriteResult = { stored: true } | { stored: false; id: string };

export interface EventWriter {
  write(record: InboundRecord): Promise<WriteResult>;
}

export interface EventWriterDeps {
  prisma: PrismaClient;
  provider: DatabaseProvider;
  /** SQLite: the direct connection the batches are written on (Prisma without it). */
  sqlite?: SqliteDirect | undefined;
  /** Where the bodies of the stored events' deliveries are kept for this process's workers. */
  bodies?: OutboundBodies | undefined;
  jobs: JobQueue;
  newId: (prefix: string) => string;
  logger: Logger;
  /** The most deliveries one write stores (default 64). */
  maxBatch?: number;
}

/** The statements of one write, on either database (in a transaction when it has fan-out). */
interface Statements {
  rows<Row>(sql: string, values: unknown[]): Promise<Row[]>;
  execute(sql: string, values: unknown[]): Promise<void>;
  /** What JobQueue's `transaction` option takes for this write. */
  transaction: unknown;
}

const directStatements = (connection: SqliteConnection): Statements => ({
  rows: <Row>(sql: string, values: unknown[]) => Promise.resolve(connection.all<Row>(sql, values)),
  execute: (sql, values) => {
    connection.run(sql, values);
    return Promise.resolve();
  },
  transaction: connection,
});

const prismaStatements = (client: PrismaClient | Prisma.TransactionClient): Statements => ({
  rows: <Row>(sql: string, values: unknown[]) => client.$queryRawUnsafe<Row[]>(sql, ...values),
  execute: async (sql, values) => {
    await client.$executeRawUnsafe(sql, ...values);
  },
  transaction: client,
});

const COLUMNS = [
  'id',
  'tenantId',
  'provider',
  'deliveryId',
  'eventName',
  'connectionId',
  'subscriptionId',
  'status',
  'reason',
  'events',
  'bodyEnc',
  'receivedAt',
] as const;

const DELIVERY_COLUMNS = [
  'id',
  'eventId',
  'subscriptionId',
  'eventIndex',
  'status',
  'createdAt',
] as const;
/** Delivery rows per INSERT (six bound values each). */
const DELIVERY_BATCH = 1_000;

/**
 * One INSERT of the events that skips those already stored (same provider and delivery id, the
 * unique index): the ids it answers are the rows it wrote. Plain SQL both databases read alike;
 * only the placeholders differ.
 */
function insertEventsSql(
  provider: DatabaseProvider,
  rows: readonly InboundEventRow[],
  receivedAt: Date,
): { sql: string; values: unknown[] } {
  return insertRowsSql(
    provider,
    'WebhookEvent',
    COLUMNS,
    rows.map((row) => [
      row.id,
      row.tenantId,
      row.provider,
      row.deliveryId,
      row.eventName,
      row.connectionId,
      row.subscriptionId,
      row.status,
      row.reason,
      row.events,
      row.bodyEnc,
      receivedAt,
    ]),
    'ON CONFLICT ("provider", "deliveryId") DO NOTHING RETURNING "id"',
  );
}

const insertedIds = (rows: readonly { id: string }[]) => new Set(rows.map((row) => row.id));

interface Pending {
  record: InboundRecord;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export function createEventWriter(deps: EventWriterDeps): EventWriter {
  const { prisma, jobs } = deps;
  const maxBatch = Math.max(1, deps.maxBatch ?? 64);
  const queue: Pending[] = [];
  let draining = false;
  let scheduled = false;

  /** Runs `work` in one transaction on the database. */
  function inTransaction<T>(work: (statements: Statements) => Promise<T>): Promise<T> {
    const { sqlite } = deps;
    return sqlite !== undefined
      ? sqlite.transaction((connection) => work(directStatements(connection)))
      : prisma.$transaction((tx) => work(prismaStatements(tx)));
  }

  /** The events alone, in one statement (committed with the others of its turn on SQLite). */
  async function insertAlone(rows: readonly InboundEventRow[], receivedAt: Date) {
    const { sql, values } = insertEventsSql(deps.provider, rows, receivedAt);
    const { sqlite } = deps;
    return insertedIds(
      sqlite !== undefined
        ? await sqlite.run((connection) => connection.all<{ id: string }>(sql, values))
        : await prisma.$queryRawUnsafe<{ id: string }[]>(sql, ...values),
    );
  }

  /** Stores a batch; answers the ids of the events it wrote (the others were stored before). */
  async function store(batch: readonly InboundRecord[]): Promise<Set<string>> {
    const rows = batch.map((record) => record.event);
    const receivedAt = new Date();
    const fans = batch.some(
      (record) => record.fanout.length > 0 || record.resyncConnectionId !== null,
    );
    if (!fans) return insertAlone(rows, receivedAt);
    const written = await inTransaction(async (statements) => {
      const { sql, values } = insertEventsSql(deps.provider, rows, receivedAt);
      const inserted = insertedIds(await statements.rows<{ id: string }>(sql, values));
      const fresh = batch.filter((record) => inserted.has(record.event.id));
      const deliveries = fresh.flatMap((record) =>
        record.fanout.map(({ subscriptionId, eventIndex }) => ({
          id: deps.newId('whd'),
          eventId: record.event.id,
          subscriptionId,
          eventIndex,
          status: 'pending',
        })),
      );
      if (deliveries.length > 0) {
        // Multi-row INSERTs, not createMany (~300 µs of CPU per row), in chunks within the limits
        // on bound values.
        for (let start = 0; start < deliveries.length; start += DELIVERY_BATCH) {
          const { sql, values } = insertRowsSql(
            deps.provider,
            'WebhookDelivery',
            DELIVERY_COLUMNS,
            deliveries
              .slice(start, start + DELIVERY_BATCH)
              .map((delivery) => [
                delivery.id,
                delivery.eventId,
                delivery.subscriptionId,
                delivery.eventIndex,
                delivery.status,
                receivedAt,
              ]),
          );
          await statements.execute(sql, values);
        }
        const options = deliverJobOptions();
        await jobs.sendMany(
          DELIVER_JOB,
          deliveries.map((delivery) => ({ data: { deliveryId: delivery.id }, options })),
          { transaction: statements.transaction },
        );
      }
      const resyncs = new Set(fresh.flatMap((record) => record.resyncConnectionId ?? []));
      for (const connectionId of resyncs)
        await jobs.send(
          SYNC_INSTALLATIONS_JOB,
          { connectionId },
          { singletonKey: connectionId, retryLimit: 3, transaction: statements.transaction },
        );
      return inserted;
    });
    // Committed: this process's workers may start, with the bodies at hand.
    for (const record of batch)
      if (record.rendered !== undefined && written.has(record.event.id))
        deps.bodies?.put(record.event.id, receivedAt, record.rendered, record.fanout.length);
    if (batch.some((record) => record.fanout.length > 0)) jobs.notify(DELIVER_JOB);
    if (batch.some((record) => record.resyncConnectionId !== null))
      jobs.notify(SYNC_INSTALLATIONS_JOB);
    return written;
  }

  /** The stored ids of redeliveries, by provider and delivery id. */
  async function storedIds(records: readonly InboundRecord[]): Promise<Map<string, string>> {
    if (records.length === 0) return new Map();
    const stored = await prisma.webhookEvent.findMany({
      where: {
        OR: records.map(({ event }) => ({
          provider: event.provider,
          deliveryId: event.deliveryId,
        })),
      },
      select: { id: true, provider: true, deliveryId: true },
    });
    return new Map(stored.map((row) => [`${row.provider}\n${row.deliveryId}`, row.id]));
  }

  async function settle(batch: readonly Pending[]): Promise<void> {
    const inserted = await store(batch.map((pending) => pending.record));
    const duplicates = batch.filter((pending) => !inserted.has(pending.record.event.id));
    const ids = await storedIds(duplicates.map((pending) => pending.record));
    for (const pending of batch) {
      const { event } = pending.record;
      if (inserted.has(event.id)) pending.resolve({ stored: true });
      else
        pending.resolve({
          stored: false,
          id: ids.get(`${event.provider}\n${event.deliveryId}`) ?? event.id,
        });
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await settle(batch);
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          deps.logger.warn('webhook batch write failed; writing its deliveries one by one', {
            deliveries: batch.length,
            error: error instanceof Error ? error.message : String(error),
          });
          for (const pending of batch)
            await settle([pending]).catch((single: unknown) => {
              pending.reject(single);
            });
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    write(record) {
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ record, resolve, reject });
        if (draining || scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (!draining) void drain();
        });
      });
    },
  };
}
