// The SQLite engine: jobs are rows of the Job table, drained in process by polling (every 200 ms,
// and at once after a send of this process). A run claims its row by an update guarded by the
// state it read (claim-by-update) and holds a lease: if the process dies mid-run the row stays
// `active`, and once the lease has expired the next poll — of this process after a restart, or of
// any other process on the file — takes it again, as a new attempt. Nothing is lost to `kill -9`.
import { silentLogger, type Logger } from '@scm/core';
import { newId } from '../crypto/tokens.js';
import { insertRowsSql } from '../db/insert-rows.js';
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
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
/** Completions per UPDATE (two bound values each). */
const COMPLETE_BATCH = 200;

interface Worker {
  name: string;
  handler: (job: Job) => Promise<void>;
  concurrency: number;
  running: number;
  leaseMs: number;
}

export function createSqliteJobQueue(
  prisma: PrismaClient,
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
    id: newId('job'),
    queue: name,
    data: JSON.stringify(data),
    state: 'queued',
    retryLimit: send.retryLimit ?? defaults.retryLimit,
    retryDelaySeconds: send.retryDelaySeconds ?? defaults.retryDelaySeconds,
    retryBackoff: send.retryBackoff ?? defaults.retryBackoff,
    runAfter: send.startAfter ?? new Date(),
  });

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

  /** Fails the active jobs whose last allowed run was lost with its process (lease expired). */
  async function failLost(): Promise<void> {
    const now = new Date();
    await prisma.$executeRawUnsafe(
      `UPDATE "Job" SET "state" = 'failed', "leaseUntil" = NULL, "finishedAt" = ?, "lastError" = 'lease expired'
       WHERE "state" = 'active' AND "leaseUntil" <= ? AND "attempts" > "retryLimit"`,
      now,
      now,
    );
  }

  /**
   * Claims up to `limit` runnable jobs of `name` — due queued ones, and active ones whose lease
   * expired with attempts left — in one UPDATE … RETURNING (atomic: SQLite has one writer), instead
   * of a read and one guarded update per row (#16: the fan-out's bookkeeping).
   */
  async function claim(name: string, limit: number, lease: number): Promise<Job[]> {
    const now = new Date();
    const rows = await prisma.$queryRawUnsafe<
      { id: string; data: string; attempts: number | bigint }[]
    >(
      `UPDATE "Job" SET "state" = 'active', "attempts" = "attempts" + 1, "leaseUntil" = ?
       WHERE "id" IN (
         SELECT "id" FROM "Job"
         WHERE "queue" = ? AND (("state" = 'queued' AND "runAfter" <= ?)
           OR ("state" = 'active' AND "leaseUntil" <= ? AND "attempts" <= "retryLimit"))
         ORDER BY "runAfter", "createdAt" LIMIT ?)
       RETURNING "id", "data", "attempts"`,
      new Date(now.getTime() + lease),
      name,
      now,
      now,
      limit,
    );
    return rows.map((row) => ({
      id: row.id,
      name,
      data: JSON.parse(row.data) as JobData,
      attempt: Number(row.attempts),
    }));
  }

  /**
   * Marks finished runs completed, the runs that end in the same turn of the event loop in one
   * UPDATE; each guarded by its attempt (a run that outlived its lease must not overwrite a newer
   * one).
   */
  const completions: { job: Job; done: (error?: unknown) => void }[] = [];
  async function flushCompletions(): Promise<void> {
    while (completions.length > 0) {
      const batch = completions.splice(0, COMPLETE_BATCH);
      const values: unknown[] = [new Date()];
      const guards = batch.map(({ job }) => {
        values.push(job.id, job.attempt);
        return '("id" = ? AND "attempts" = ?)';
      });
      try {
        await prisma.$executeRawUnsafe(
          `UPDATE "Job" SET "state" = 'completed', "leaseUntil" = NULL, "finishedAt" = ?
           WHERE "state" = 'active' AND (${guards.join(' OR ')})`,
          ...values,
        );
        for (const { done } of batch) done();
      } catch (error) {
        for (const { done } of batch) done(error);
      }
    }
  }
  function complete(job: Job): Promise<void> {
    return new Promise((resolve, reject) => {
      if (completions.length === 0) setImmediate(() => void flushCompletions());
      completions.push({
        job,
        done: (error) => {
          if (error === undefined) resolve();
          else reject(error instanceof Error ? error : new Error(errorMessage(error)));
        },
      });
    });
  }

  async function finish(worker: Worker, job: Job, error: unknown) {
    // Guarded by the attempt: a run that outlived its lease must not overwrite a newer one.
    if (error === undefined) {
      await complete(job);
      return;
    }
    const guard = { id: job.id, state: 'active', attempts: job.attempt };
    const now = new Date();
    const row = await prisma.job.findUnique({ where: { id: job.id } });
    if (!row) return;
    const message = errorMessage(error);
    if (job.attempt > row.retryLimit) {
      logger.warn('job failed', {
        queue: worker.name,
        jobId: job.id,
        attempt: job.attempt,
        error: message,
      });
      await prisma.job.updateMany({
        where: guard,
        data: { state: 'failed', leaseUntil: null, finishedAt: now, lastError: message },
      });
      return;
    }
    const delayMs = retryDelaySeconds(job.attempt, row) * 1000;
    await prisma.job.updateMany({
      where: guard,
      data: {
        state: 'queued',
        leaseUntil: null,
        runAfter: new Date(now.getTime() + delayMs),
        lastError: message,
      },
    });
  }

  function run(worker: Worker, job: Job) {
    worker.running += 1;
    const task = (async () => {
      let error: unknown;
      try {
        await worker.handler(job);
      } catch (thrown) {
        error = thrown ?? new Error('job failed');
      }
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
      worker.running -= 1;
      running.delete(task);
      wake(worker.name);
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
          await prisma.job.updateMany({
            where: { id: job.id, state: 'active', attempts: job.attempt },
            data: { state: 'queued', attempts: { decrement: 1 }, leaseUntil: null },
          });
          continue;
        }
        run(worker, job);
      }
    }
    if (Date.now() - lastPurge > PURGE_EVERY_MS) {
      lastPurge = Date.now();
      await prisma.job.deleteMany({
        where: {
          state: { in: ['completed', 'failed'] },
          finishedAt: { lt: new Date(Date.now() - RETENTION_MS) },
        },
      });
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
      const tx = send.transaction as Tx | undefined;
      const id = tx
        ? await insert(tx, name, data, send)
        : send.singletonKey === undefined
          ? await insert(prisma, name, data, send)
          : await prisma.$transaction((inner) => insert(inner, name, data, send));
      // Inside a transaction the row is visible after the commit: the next poll finds it.
      if (id !== null && !tx) wake(name);
      return id;
    },

    async sendMany(name, jobs, send = {}) {
      if (jobs.length === 0) return;
      const tx = send.transaction as Tx | undefined;
      // One multi-row INSERT per chunk: Prisma's createMany costs ~300 µs of CPU per row (#21).
      const createdAt = new Date();
      for (let start = 0; start < jobs.length; start += INSERT_BATCH) {
        const { sql, values } = insertRowsSql(
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
        );
        await (tx ?? prisma).$executeRawUnsafe(sql, ...values);
      }
      if (!tx) wake(name);
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
