// Chooses the job engine by the database: pg-boss on PostgreSQL, the Job table on SQLite.
import type { Database } from '../db/database.js';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { createSqliteJobQueue } from './sqlite-job-queue.js';

export interface CreateJobQueueOptions extends JobQueueOptions {
  /** PostgreSQL only: pg-boss's maintenance interval (expiring lost runs). Default 60 s. */
  maintenanceIntervalSeconds?: number;
}

/**
 * A queue whose engine is loaded by its first call (`start`, which the contract puts first):
 * pg-boss and its dependencies stay out of a SQLite gateway's start (#21). Before the engine is
 * loaded `notify` has no worker to wake and `healthy` is false.
 */
function loadedOnFirstCall(load: () => Promise<JobQueue>): JobQueue {
  let loading: Promise<JobQueue> | undefined;
  let loaded: JobQueue | undefined;
  const engine = () => {
    loading ??= load().then((queue) => (loaded = queue));
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  return {
    start: async () => {
      await (await engine()).start();
    },
    send: async (name, data, options) => (await engine()).send(name, data, options),
    sendMany: async (name, jobs, options) => {
      await (await engine()).sendMany(name, jobs, options);
    },
    notify: (name) => {
      loaded?.notify(name);
    },
    work: async (name, handler, options) => {
      await (await engine()).work(name, handler, options);
    },
    stop: async (options) => {
      if (loading !== undefined) await (await loading).stop(options);
    },
    healthy: () => loaded?.healthy() ?? false,
  };
}

export function createJobQueue(db: Database, options: CreateJobQueueOptions = {}): JobQueue {
  if (db.provider === 'sqlite') {
    if (db.sqlite === undefined)
      throw new Error('jobs: the SQLite database was opened without its direct connection');
    return createSqliteJobQueue(db.sqlite, options);
  }
  const connectionString = db.url;
  if (!connectionString)
    throw new Error('jobs: the PostgreSQL database was opened without its URL');
  return loadedOnFirstCall(async () => {
    const { createPgBossJobQueue } = await import('./pg-boss-job-queue.js');
    return createPgBossJobQueue({ ...options, connectionString, prisma: db.prisma });
  });
}
