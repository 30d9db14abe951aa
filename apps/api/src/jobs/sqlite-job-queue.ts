// The SQLite engine: jobs are rows of the Job table, drained in process by polling (every 200 ms,
// and at once after a send of this process). A run claims its row by an update guarded by the
// state it read (claim-by-update) and holds a lease: if the process dies mid-run the row stays
// `active`, and once the lease has expired the next poll — of this process after a restart, or of
// any other process on the file — takes it again, as a new attempt. Nothing is lost to `kill -9`.
// The queue's own statements go through the database's direct connection (db/sqlite-direct.ts:
// prepared once, no Prisma on the way); a send inside a caller's transaction uses that
// transaction, a Prisma one or a direct one.
import { silentLogger, type Logger } from '@scm/core';
import { insertRowsSql } from '../db/insert-rows.js';
import {
  isSqliteConnection,
  type SqliteConnection,
  type SqliteDirect,
} from '../db/sqlite-direct.js';
import type { Prisma } from '../generated/sqlite/client.js';
import {
  JOB_DEFAULTS,
  retryDelaySeconds,
  type BulkSendOptions,
  type Job,
  type JobData,
  type JobQueue,
  type JobQueueOptions,
  type SendOptions,
  type WorkOptions,
} from './job-queue.js';
import { newTimeOrderedId } from '../crypto/tokens.js';

type Tx = Prisma.TransactionClient;

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

const DEFAULT_POLL_MS = 200;
/** Finished rows are kept this long (for inspection), then deleted. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;
const PURGE_EVERY_MS = 3600 * 1000;
/** Rows per multi-row INSERT of `sendMany` (nine bound values each). */
const INSERT_BATCH = 500;
const JOB_COLUMNS = [
  'id',
  'queue',
  'data',
  'state',
  'retryLimit',
  'retryDelaySeconds',
  'retryBackoff',
  'runAfter',
  'createdAt',
] as const;

interface Worker {
  name: string;
  handler: (job: Job) => Promise<void>;
  concurrency: number;
  running: number;
  leaseMs: number;
}

const INSERT_ONE_SQL = `INSERT INTO "Job" ("id", "queue", "data", "state", "singletonKey", "retryLimit", "retryDelaySeconds", "retryBackoff", "runAfter", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// Due queued jobs and lost runs (an active job whose lease expired, attempts left), each found by
// the (queue, state, runAfter) index: one WHERE with an OR over the states made SQLite read every
// job the queue ever had (completed ones are kept a week) and sort them, on every claim.
const CLAIM_SQL = `UPDATE "Job" SET "state" = 'active', "attempts" = "attempts" + 1, "leaseUntil" = ?1
  WHERE "id" IN (
    SELECT "id" FROM (
      SELECT * FROM (SELECT "id", "runAfter", "createdAt" FROM "Job"
        WHERE "queue" = ?2 AND "state" = 'queued' AND "runAfter" <= ?3
        ORDER BY "runAfter", "createdAt" LIMIT ?5)
      UNION ALL
      SELECT * FROM (SELECT "id", "runAfter", "createdAt" FROM "Job"
        WHERE "queue" = ?2 AND "state" = 'active' AND "leaseUntil" <= ?4 AND "attempts" <= "retryLimit"
        ORDER BY "runAfter", "createdAt" LIMIT ?5))
    ORDER BY "runAfter", "createdAt" LIMIT ?5)
  RETURNING "id", "data", "attempts"`;
const COMPLETE_SQL = `UPDATE "Job" SET "state" = 'completed', "leaseUntil" = NULL, "finishedAt" = ?
  WHERE "id" = ? AND "state" = 'active' AND "attempts" = ?`;
const HOLDER_SQL = `SELECT "id" FROM "Job" WHERE "queue" = ? AND "singletonKey" = ? AND "state" IN ('queued', 'active') LIMIT 1`;

export function createSqliteJobQueue(
  direct: SqliteDirect,
  options: JobQueueOptions = {},
): JobQueue {
  const logger: Logger = options.logger ?? silentLogger;
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const leaseMs = Math.max(1, options.leaseSeconds ?? JOB_DEFAULTS.leaseSeconds) * 1000;
  const defaults = {
    retryLimit: options.retryLimit ?? JOB_DEFAULTS.retryLimit,
    retryDelaySeconds: options.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds,
    retryBackoff: options.retryBackoff ?? JOB_DEFAULTS.retryBackoff,
  };
  const workers = new Map<string, Worker>();
  const running = new Set<Promise<void>>();
  let started = false;
  let stopping = false;
  /** Read through a function: TypeScript would narrow the flag across the awaits that change it. */
  const isStopping = () => stopping;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let pollAgain = false;
  /** What the next poll looks at: every queue, or these. */
  let allDue = true;
  const dueQueues = new Set<string>();
  let lastPurge = 0;

  const row = (name: string, data: JobData, send: BulkSendOptions) => ({
    id: newTimeOrderedId('job'),
    queue: name,
    data: JSON.stringify(data),
    state: 'queued',
    retryLimit: send.retryLimit ?? defaults.retryLimit,
    retryDelaySeconds: send.retryDelaySeconds ?? defaults.retryDelaySeconds,
    retryBackoff: send.retryBackoff ?? defaults.retryBackoff,
    runAfter: send.startAfter ?? new Date(),
  });

  /** One job in a Prisma transaction of the caller's. */
  async function insert(client: Tx, name: string, data: JobData, send: SendOptions) {
    if (send.singletonKey !== undefined) {
      const holder = await client.job.findFirst({
        where: {
          queue: name,
          singletonKey: send.singletonKey,
          state: { in: ['queued', 'active'] },
        },
        select: { id: true },
      });
      if (holder) return null;
    }
    const job = { ...row(name, data, send), singletonKey: send.singletonKey ?? null };
    await client.job.create({ data: job });
    return job.id;
  }

  /** The same on the direct connection (in its caller's transaction, or one of its own). */
  function insertDirect(
    connection: SqliteConnection,
    name: string,
    data: JobData,
    send: SendOptions,
  ): string | null {
    if (
      send.singletonKey !== undefined &&
      connection.all(HOLDER_SQL, [name, send.singletonKey]).length > 0
    )
      return null;
    const job = row(name, data, send);
    connection.run(INSERT_ONE_SQL, [
      job.id,
      job.queue,
      job.data,
      job.state,
      send.singletonKey ?? null,
      job.retryLimit,
      job.retryDelaySeconds,
      job.retryBackoff,
      job.runAfter,
      new Date(),
    ]);
    return job.id;
  }

  /** Multi-row INSERTs of `sendMany`, in chunks within the limits on bound values. */
  function insertManySql(
    name: string,
    jobs: readonly { data: JobData; options?: BulkSendOptions }[],
  ) {
    const createdAt = new Date();
    const statements: { sql: string; values: unknown[] }[] = [];
    for (let start = 0; start < jobs.length; start += INSERT_BATCH)
      statements.push(
        insertRowsSql(
          'sqlite',
          'Job',
          JOB_COLUMNS,
          jobs.slice(start, start + INSERT_BATCH).map((job) => {
            const fields = row(name, job.data, job.options ?? {});
            return [
              fields.id,
              fields.queue,
              fields.data,
              fields.state,
              fields.retryLimit,
              fields.retryDelaySeconds,
              fields.retryBackoff ? 1 : 0,
              fields.runAfter,
              createdAt,
            ];
          }),
        ),
      );
    return statements;
  }

  /** Fails the active jobs whose last allowed run was lost with its process (lease expired). */
  async function failLost(): Promise<void> {
    const now = new Date();
    await direct.run((connection) =>
      connection.run(
        `UPDATE "Job" SET "state" = 'failed', "leaseUntil" = NULL, "finishedAt" = ?, "lastError" = 'lease expired'
         WHERE "state" = 'active' AND "leaseUntil" <= ? AND "attempts" > "retryLimit"`,
        [now, now],
      ),
    );
  }

  /**
   * Claims up to `limit` runnable jobs of `name` — due queued ones, and active ones whose lease
   * expired with attempts left — in one UPDATE … RETURNING (atomic: SQLite has one writer), instead
   * of a read and one guarded update per row (#16: the fan-out's bookkeeping).
   */
  async function claim(name: string, limit: number, lease: number): Promise<Job[]> {
    const now = new Date();
    const rows = await direct.run((connection) =>
      connection.all<{ id: string; data: string; attempts: number | bigint }>(CLAIM_SQL, [
        new Date(now.getTime() + lease),
        name,
        now,
        now,
        limit,
      ]),
    );
    return rows.map((row) => ({
      id: row.id,
      name,
      data: JSON.parse(row.data) as JobData,
      attempt: Number(row.attempts),
    }));
  }

  /**
   * Marks a finished run completed, guarded by its attempt (a run that outlived its lease must not
   * overwrite a newer one). The runs that end in the same turn of the event loop, and the claims
   * their freed slots make, share a commit (sqlite-direct.ts).
   */
  function complete(job: Job): Promise<unknown> {
    return direct.run((connection) =>
      connection.run(COMPLETE_SQL, [new Date(), job.id, job.attempt]),
    );
  }

  async function finish(worker: Worker, job: Job, error: unknown) {
    // Guarded by the attempt: a run that outlived its lease must not overwrite a newer one.
    if (error === undefined) {
      await complete(job);
      return;
    }
    const now = new Date();
    const message = errorMessage(error);
    const failed = await direct.run((connection) => {
      const [row] = connection.all<{
        retryLimit: number;
        retryDelaySeconds: number;
        retryBackoff: number;
      }>(`SELECT "retryLimit", "retryDelaySeconds", "retryBackoff" FROM "Job" WHERE "id" = ?`, [
        job.id,
      ]);
      if (row === undefined) return false;
      // Guarded by the attempt: a run that outlived its lease must not overwrite a newer one.
      const guard = `WHERE "id" = ? AND "state" = 'active' AND "attempts" = ?`;
      if (job.attempt > row.retryLimit) {
        connection.run(
          `UPDATE "Job" SET "state" = 'failed', "leaseUntil" = NULL, "finishedAt" = ?, "lastError" = ? ${guard}`,
          [now, message, job.id, job.attempt],
        );
        return true;
      }
      const delayMs =
        retryDelaySeconds(job.attempt, {
          retryDelaySeconds: row.retryDelaySeconds,
          retryBackoff: row.retryBackoff === 1,
        }) * 1000;
      connection.run(
        `UPDATE "Job" SET "state" = 'queued', "leaseUntil" = NULL, "runAfter" = ?, "lastError" = ? ${guard}`,
        [new Date(now.getTime() + delayMs), message, job.id, job.attempt],
      );
      return false;
    });
    if (failed)
      logger.warn('job failed', {
        queue: worker.name,
        jobId: job.id,
        attempt: job.attempt,
        error: message,
      });
  }

  function run(worker: Worker, job: Job) {
    worker.running += 1;
    let freed = false;
    /** The slot goes to the next job once the handler is done, while its result is recorded. */
    const free = () => {
      if (freed) return;
      freed = true;
      worker.running -= 1;
      wake(worker.name);
    };
    const task = (async () => {
      let error: unknown;
      try {
        await worker.handler(job);
      } catch (thrown) {
        error = thrown ?? new Error('job failed');
      }
      free();
      try {
        await finish(worker, job, error);
      } catch (finishError) {
        // The lease brings the job back.
        logger.error('could not record a job result', {
          queue: worker.name,
          jobId: job.id,
          error: errorMessage(finishError),
        });
      }
    })().finally(() => {
      free();
      running.delete(task);
    });
    running.add(task);
  }

  async function pollOnce() {
    // The timer's poll looks at every queue; a wake by a send or a finished run at its queue only.
    const all = allDue;
    const names = new Set(dueQueues);
    allDue = false;
    dueQueues.clear();
    if (all) await failLost();
    for (const worker of workers.values()) {
      if (isStopping()) return;
      if (!all && !names.has(worker.name)) continue;
      const free = worker.concurrency - worker.running;
      if (free <= 0) continue;
      for (const job of await claim(worker.name, free, worker.leaseMs)) {
        if (isStopping()) {
          // Claimed while stopping: hand it back.
          await direct.run((connection) =>
            connection.run(
              `UPDATE "Job" SET "state" = 'queued', "attempts" = "attempts" - 1, "leaseUntil" = NULL
               WHERE "id" = ? AND "state" = 'active' AND "attempts" = ?`,
              [job.id, job.attempt],
            ),
          );
          continue;
        }
        run(worker, job);
      }
    }
    if (Date.now() - lastPurge > PURGE_EVERY_MS) {
      lastPurge = Date.now();
      await direct.run((connection) =>
        connection.run(
          `DELETE FROM "Job" WHERE "state" IN ('completed', 'failed') AND "finishedAt" < ?`,
          [new Date(Date.now() - RETENTION_MS)],
        ),
      );
    }
  }

  /** Polls `name` (all queues without one) now, or right after the poll in progress. */
  function wake(name?: string) {
    if (name === undefined) allDue = true;
    else dueQueues.add(name);
    poll();
  }

  function poll() {
    if (!started || stopping) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = pollOnce()
      .catch((error: unknown) => {
        logger.error('job poll failed', {
          error: errorMessage(error),
        });
      })
      .finally(() => {
        polling = undefined;
        if (stopping) return;
        if (pollAgain) {
          pollAgain = false;
          poll();
        } else if (timer === undefined) {
          // Every queue is looked at every pollMs, however busy one of them keeps the others.
          timer = setTimeout(() => {
            timer = undefined;
            wake();
          }, pollMs);
          timer.unref();
        }
      });
  }

  return {
    start() {
      if (!started) {
        started = true;
        stopping = false;
        wake();
      }
      return Promise.resolve();
    },

    async send(name, data, send = {}) {
      const tx = send.transaction;
      if (isSqliteConnection(tx)) return insertDirect(tx, name, data, send);
      if (tx !== undefined) return insert(tx as Tx, name, data, send);
      const work = (connection: SqliteConnection) => insertDirect(connection, name, data, send);
      // A keyed send reads and inserts in one transaction (another process may send the same key).
      const id = await (send.singletonKey === undefined
        ? direct.run(work)
        : direct.transaction(work));
      // Inside a transaction the row is visible after the commit: the caller notifies.
      if (id !== null) wake(name);
      return id;
    },

    async sendMany(name, jobs, send = {}) {
      if (jobs.length === 0) return;
      const tx = send.transaction;
      // One multi-row INSERT per chunk: Prisma's createMany costs ~300 µs of CPU per row (#21).
      const statements = insertManySql(name, jobs);
      if (isSqliteConnection(tx)) {
        for (const { sql, values } of statements) tx.run(sql, values);
        return;
      }
      if (tx !== undefined) {
        for (const { sql, values } of statements)
          await (tx as Tx).$executeRawUnsafe(sql, ...values);
        return;
      }
      await direct.run((connection) => {
        for (const { sql, values } of statements) connection.run(sql, values);
      });
      wake(name);
    },

    notify(name) {
      wake(name);
    },

    work(name, handler, work: WorkOptions = {}) {
      if (workers.has(name)) {
        return Promise.reject(new Error(`jobs: "${name}" already has a worker`));
      }
      workers.set(name, {
        name,
        handler,
        concurrency: Math.max(1, work.concurrency ?? 1),
        running: 0,
        leaseMs: work.leaseSeconds === undefined ? leaseMs : Math.max(1, work.leaseSeconds) * 1000,
      });
      wake();
      return Promise.resolve();
    },

    async stop(stop = {}) {
      if (!started) return;
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      await polling;
      const timeoutMs = stop.timeoutMs ?? 30_000;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => (timeout = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timeout);
      // A run still going keeps its lease: it is taken again once the lease expires.
      workers.clear();
      started = false;
    },

    healthy() {
      return started && !stopping;
    },
  };
}
