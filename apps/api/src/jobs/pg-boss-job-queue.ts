// The PostgreSQL engine: pg-boss 10 (the last major on Node 20), in its own `pgboss` schema of the
// gateway's database. Every gateway process on the database shares the queue: pg-boss fetches with
// FOR UPDATE SKIP LOCKED, so each job runs in one process at a time; a run that outlives
// `leaseSeconds` (pg-boss's expireIn: its process died) is failed by pg-boss's maintenance and
// retried like any failure.
//
// Two things pg-boss 10 does not do the way JobQueue promises, done here:
// - singleton keys: a standard queue ignores `singletonKey` alone (its unique indexes serve other
//   queue policies), so a keyed send takes a transaction-scoped advisory lock on (queue, key) and
//   inserts only if no job of that key is queued, waiting for a retry or active;
// - enqueueing inside a Prisma transaction: pg-boss's `db` send option is given an executeSql over
//   the transaction client's `$queryRawUnsafe`, so its INSERT is one statement of that transaction.
import { silentLogger, type Logger } from '@scm/core';
import PgBoss from 'pg-boss';
import { advisoryXactLock } from '../db/advisory-lock.js';
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import {
  JOB_DEFAULTS,
  type Job,
  type JobData,
  type JobQueue,
  type JobQueueOptions,
  type SendOptions,
} from './job-queue.js';

type Tx = Prisma.TransactionClient;

const SCHEMA = 'pgboss';
const DEFAULT_POLL_MS = 1000;

export interface PgBossJobQueueOptions extends JobQueueOptions {
  /** The gateway's PostgreSQL URL (pg-boss opens its own small pool). */
  connectionString: string;
  /** The gateway's Prisma client on the same database (keyed sends without a caller transaction). */
  prisma: PrismaClient;
  /** pg-boss's maintenance (expiring lost runs, archiving) interval. Default 60 s; tests use 1. */
  maintenanceIntervalSeconds?: number;
}

/** pg-boss's `db` option over a Prisma transaction client: its statements run in that transaction. */
function transactionDb(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const args = values.map((value: unknown) =>
        value === undefined
          ? null
          : value !== null && typeof value === 'object' && !(value instanceof Date)
            ? JSON.stringify(value)
            : value,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...args);
      return { rows };
    },
  };
}

export function createPgBossJobQueue(options: PgBossJobQueueOptions): JobQueue {
  const logger: Logger = options.logger ?? silentLogger;
  const pollingIntervalSeconds = Math.max(0.5, (options.pollIntervalMs ?? DEFAULT_POLL_MS) / 1000);
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: SCHEMA,
    max: 4,
    application_name: 'scm-gateway-jobs',
    expireInSeconds: Math.max(1, options.leaseSeconds ?? JOB_DEFAULTS.leaseSeconds),
    retryLimit: options.retryLimit ?? JOB_DEFAULTS.retryLimit,
    retryDelay: options.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds,
    retryBackoff: options.retryBackoff ?? JOB_DEFAULTS.retryBackoff,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    // Cron schedules are not part of JobQueue (yet).
    schedule: false,
  });
  boss.on('error', (error: Error) => {
    logger.error('pg-boss error', { error: error.message });
  });
  const queues = new Map<string, Promise<void>>();
  const workerIds = new Map<string, string[]>();
  let starting: Promise<unknown> | undefined;
  /** Started and not (being) stopped: what `healthy()` answers. */
  let running = false;
  boss.on('stopped', () => {
    running = false;
  });

  /**
   * pg-boss 10's `create_queue` is idempotent (INSERT … ON CONFLICT DO NOTHING) but not safe to
   * run concurrently: each call that creates a queue adds foreign keys to the shared queue table
   * and attaches a partition to the job table, so two processes creating two queues at once (every
   * worker of WEB_CONCURRENCY registers its queues at start) deadlock. One transaction-scoped
   * advisory lock serializes queue creation across every process on the database.
   */
  async function createQueue(name: string): Promise<void> {
    const existing = await options.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT 1 AS present FROM ${SCHEMA}.queue WHERE name = $1`,
      name,
    );
    if (existing.length > 0) return;
    await options.prisma.$transaction(async (tx) => {
      await advisoryXactLock(tx, 'scm-jobs:create-queue');
      await tx.$queryRawUnsafe(
        `SELECT 1 AS created FROM (SELECT ${SCHEMA}.create_queue($1, $2::json)) AS created`,
        name,
        JSON.stringify({ policy: 'standard' }),
      );
    });
  }

  function ensureQueue(name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      created = createQueue(name);
      created.catch(() => queues.delete(name));
      queues.set(name, created);
    }
    return created;
  }

  async function insert(tx: Tx | undefined, name: string, data: JobData, send: SendOptions) {
    const sendOptions: PgBoss.SendOptions = {};
    if (send.startAfter !== undefined) sendOptions.startAfter = send.startAfter;
    if (send.retryLimit !== undefined) sendOptions.retryLimit = send.retryLimit;
    if (send.retryDelaySeconds !== undefined) sendOptions.retryDelay = send.retryDelaySeconds;
    if (send.retryBackoff !== undefined) sendOptions.retryBackoff = send.retryBackoff;
    if (tx) sendOptions.db = transactionDb(tx);
    if (send.singletonKey !== undefined) {
      if (!tx) throw new Error('a keyed send needs a transaction');
      sendOptions.singletonKey = send.singletonKey;
      // Held until the transaction ends: a concurrent keyed send waits, then sees this job.
      await advisoryXactLock(tx, `scm-jobs:${name}:${send.singletonKey}`);
      const holders = await tx.$queryRawUnsafe<unknown[]>(
        `SELECT 1 AS held FROM ${SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`,
        name,
        send.singletonKey,
      );
      if (holders.length > 0) return null;
    }
    return boss.send(name, data, sendOptions);
  }

  return {
    async start() {
      if (!starting) {
        starting = boss.start();
        starting.then(
          () => (running = true),
          () => undefined,
        );
      }
      await starting;
    },

    async send(name, data, send = {}) {
      await ensureQueue(name);
      const tx = send.transaction as Tx | undefined;
      const id =
        tx || send.singletonKey === undefined
          ? await insert(tx, name, data, send)
          : await options.prisma.$transaction((inner) => insert(inner, name, data, send));
      // This process's workers look at once (those of other processes at their next poll).
      if (id !== null && !tx)
        for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
      return id;
    },

    async sendMany(name, jobs, send = {}) {
      if (jobs.length === 0) return;
      await ensureQueue(name);
      const tx = send.transaction as Tx | undefined;
      const rows: PgBoss.JobInsert[] = jobs.map(({ data, options: job = {} }) => ({
        name,
        data,
        ...(job.startAfter === undefined ? {} : { startAfter: job.startAfter }),
        ...(job.retryLimit === undefined ? {} : { retryLimit: job.retryLimit }),
        ...(job.retryDelaySeconds === undefined ? {} : { retryDelay: job.retryDelaySeconds }),
        ...(job.retryBackoff === undefined ? {} : { retryBackoff: job.retryBackoff }),
      }));
      await (tx ? boss.insert(rows, { db: transactionDb(tx) }) : boss.insert(rows));
      if (!tx) this.notify(name);
    },

    notify(name) {
      for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
    },

    async work(name, handler, work = {}) {
      if (workerIds.has(name)) throw new Error(`jobs: "${name}" already has a worker`);
      workerIds.set(name, []);
      await ensureQueue(name);
      // The queue's own lease: pg-boss stamps it on each job at insert (expire_in).
      if (work.leaseSeconds !== undefined)
        await boss.updateQueue(name, { name, expireInSeconds: Math.max(1, work.leaseSeconds) });
      // `concurrency` workers of one job each: each job completes or fails on its own.
      const ids: string[] = [];
      for (let i = 0; i < Math.max(1, work.concurrency ?? 1); i += 1) {
        ids.push(
          await boss.work<JobData>(
            name,
            { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
            async ([job]) => {
              if (!job) return;
              const run: Job = { id: job.id, name, data: job.data, attempt: job.retryCount + 1 };
              await handler(run);
            },
          ),
        );
      }
      workerIds.set(name, ids);
    },

    async stop(stop = {}) {
      if (!starting) return;
      await starting.catch(() => undefined);
      running = false;
      await boss.stop({
        graceful: true,
        wait: true,
        close: true,
        timeout: stop.timeoutMs ?? 30_000,
      });
      starting = undefined;
      workerIds.clear();
      queues.clear();
    },

    healthy() {
      return running;
    },
  };
}
