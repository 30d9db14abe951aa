// The SQLite engine: jobs are rows of the Job table, drained in process by polling (every 200 ms,
// and at once after a send of this process). A run claims its row by an update guarded by the
// state it read (claim-by-update) and holds a lease: if the process dies mid-run the row stays
// `active`, and once the lease has expired the next poll — of this process after a restart, or of
// any other process on the file — takes it again, as a new attempt. Nothing is lost to `kill -9`.
import { silentLogger, type Logger } from '@scm/core';
import { newId } from '../crypto/tokens.js';
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

  /** Claims up to `limit` runnable jobs of `name`: due queued ones, and active ones whose lease expired. */
  async function claim(name: string, limit: number, lease: number): Promise<Job[]> {
    const now = new Date();
    const candidates = await prisma.job.findMany({
      where: {
        queue: name,
        OR: [
          { state: 'queued', runAfter: { lte: now } },
          { state: 'active', leaseUntil: { lte: now } },
        ],
      },
      orderBy: [{ runAfter: 'asc' }, { createdAt: 'asc' }],
      take: limit,
    });
    const claimed: Job[] = [];
    for (const row of candidates) {
      const guard = { id: row.id, state: row.state, attempts: row.attempts };
      if (row.state === 'active' && row.attempts > row.retryLimit) {
        // Its last allowed run was lost with its process.
        await prisma.job.updateMany({
          where: guard,
          data: { state: 'failed', leaseUntil: null, finishedAt: now, lastError: 'lease expired' },
        });
        continue;
      }
      const { count } = await prisma.job.updateMany({
        where: guard,
        data: {
          state: 'active',
          attempts: { increment: 1 },
          leaseUntil: new Date(now.getTime() + lease),
        },
      });
      if (count !== 1) continue; // another instance took it first
      claimed.push({
        id: row.id,
        name,
        data: JSON.parse(row.data) as JobData,
        attempt: row.attempts + 1,
      });
    }
    return claimed;
  }

  async function finish(worker: Worker, job: Job, error: unknown) {
    // Guarded by the attempt: a run that outlived its lease must not overwrite a newer one.
    const guard = { id: job.id, state: 'active', attempts: job.attempt };
    const now = new Date();
    if (error === undefined) {
      await prisma.job.updateMany({
        where: guard,
        data: { state: 'completed', leaseUntil: null, finishedAt: now },
      });
      return;
    }
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
      wake();
    });
    running.add(task);
  }

  async function pollOnce() {
    for (const worker of workers.values()) {
      if (isStopping()) return;
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

  /** Polls now (or right after the poll in progress). */
  function wake() {
    if (!started || stopping) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    clearTimeout(timer);
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
          wake();
        } else {
          timer = setTimeout(wake, pollMs);
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
      if (id !== null && !tx) wake();
      return id;
    },

    async sendMany(name, jobs, send = {}) {
      if (jobs.length === 0) return;
      const tx = send.transaction as Tx | undefined;
      await (tx ?? prisma).job.createMany({
        data: jobs.map((job) => row(name, job.data, job.options ?? {})),
      });
      if (!tx) wake();
    },

    notify() {
      wake();
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
