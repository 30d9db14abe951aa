import type { Logger } from '@scm/core';
import { newTimeOrderedId } from '../crypto/tokens.js';
import type { Database } from '../db/database.js';
import { insertJsonRowsSql, insertRowsSql, sqliteJsonRow } from '../db/insert-rows.js';

export interface UsageEntry {
  requestId: string;
  tenantId: string | null;
  clientId: string | null;
  tokenId: string | null;
  endpointKey: string;
  method: string;
  provider: string | null;
  repositoryId: string | null;
  status: number;
  errorCode: string | null;
  durationMs: number;
  /** When the request was served (default: when the batch is written). */
  createdAt?: Date;
}

export interface UsageRecorder {
  record(entry: UsageEntry): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Flushes and stops the timer; entries recorded afterwards are written at once. */
  close(): Promise<void>;
}

/** The usage log's columns in the order a batch row lists them. */
export const USAGE_LOG_COLUMNS = [
  'id',
  'requestId',
  'tenantId',
  'clientId',
  'tokenId',
  'endpointKey',
  'method',
  'provider',
  'repositoryId',
  'status',
  'errorCode',
  'durationMs',
  'createdAt',
] as const;
const SQLITE_INSERT = insertJsonRowsSql('UsageLog', USAGE_LOG_COLUMNS);

/**
 * Usage logs leave the request's critical path: entries queue in memory and are written in batches
 * every `intervalMs` or `maxBatch` entries, and on a clean shutdown. A batch is one multi-row
 * INSERT: Prisma's `createMany` cost ~300 µs of CPU per row (its query compiler), and a 200-row
 * flush blocked the event loop for ~74 ms (issue #21). On SQLite the rows go as one JSON parameter
 * (`insertJsonRowsSql`) through the direct connection's prepared statement (sqlite-direct.ts):
 * through Prisma, even a raw statement went through its query compiler with the whole JSON
 * parameter, ~3 % of the gateway's CPU on a read. On PostgreSQL they go as bound parameters.
 */
export function createUsageRecorder(
  db: Pick<Database, 'prisma' | 'provider' | 'sqlite'>,
  logger: Logger,
  options: { intervalMs?: number; maxBatch?: number } = {},
): UsageRecorder {
  // On SQLite the direct connection writes the rows; on PostgreSQL Prisma does.
  const sqlite = db.provider === 'sqlite' ? db.sqlite : undefined;
  if (db.provider === 'sqlite' && sqlite === undefined)
    throw new Error('usage: the SQLite database was opened without its direct connection');
  const intervalMs = options.intervalMs ?? 250;
  const maxBatch = options.maxBatch ?? 200;
  let queue: UsageEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const write = (): Promise<void> => {
    if (queue.length === 0) return writing;
    const batch = queue;
    queue = [];
    writing = writing.then(async () => {
      try {
        const now = new Date();
        const rows = batch.map((entry) => [
          newTimeOrderedId('use', (entry.createdAt ?? now).getTime()),
          entry.requestId,
          entry.tenantId,
          entry.clientId,
          entry.tokenId,
          entry.endpointKey,
          entry.method,
          entry.provider,
          entry.repositoryId,
          entry.status,
          entry.errorCode,
          Math.round(entry.durationMs),
          entry.createdAt ?? now,
        ]);
        if (sqlite !== undefined) {
          const json = JSON.stringify(rows.map(sqliteJsonRow));
          await sqlite.run((connection) => connection.run(SQLITE_INSERT, [json]));
        } else {
          const { sql, values } = insertRowsSql(db.provider, 'UsageLog', USAGE_LOG_COLUMNS, rows);
          await db.prisma.$executeRawUnsafe(sql, ...values);
        }
      } catch (error) {
        logger.error('usage log write failed', { entries: batch.length, error });
      }
    });
    return writing;
  };

  const timer = setInterval(() => void write(), intervalMs);
  timer.unref();

  return {
    record(entry) {
      queue.push(entry);
      if (closed || queue.length >= maxBatch) void write();
    },
    flush: write,
    async close() {
      closed = true;
      clearInterval(timer);
      await write();
    },
  };
}
