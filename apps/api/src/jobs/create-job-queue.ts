// Chooses the job engine by the database: pg-boss on PostgreSQL, the Job table on SQLite.
import type { Database } from '../db/database.js';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { createPgBossJobQueue } from './pg-boss-job-queue.js';
import { createSqliteJobQueue } from './sqlite-job-queue.js';

export interface CreateJobQueueOptions extends JobQueueOptions {
  /** PostgreSQL only: pg-boss's maintenance interval (expiring lost runs). Default 60 s. */
  maintenanceIntervalSeconds?: number;
}

export function createJobQueue(db: Database, options: CreateJobQueueOptions = {}): JobQueue {
  if (db.provider === 'sqlite') return createSqliteJobQueue(db.prisma, options);
  if (!db.url) throw new Error('jobs: the PostgreSQL database was opened without its URL');
  return createPgBossJobQueue({ ...options, connectionString: db.url, prisma: db.prisma });
}
