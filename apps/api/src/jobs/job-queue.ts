// The gateway's background jobs (webhook fan-out and deliveries, installation syncs, organization
// scans, token refresh sweeps, retention cleanup) go through this one interface. Two engines
// implement it: pg-boss 10 on PostgreSQL (several gateway processes share the queue) and a durable
// jobs table drained in process on SQLite (one process by nature). One contract suite runs on both.

/** A job's payload: plain JSON, never a secret (jobs carry ids; workers read secrets when they run). */
export type JobData = Record<string, unknown>;

export interface SendOptions {
  /** Not before this time (a retry's backoff, a scheduled delivery). */
  startAfter?: Date;
  /** At most one queued-or-active job per key and queue; a second send is dropped (answers null). */
  singletonKey?: string;
  /** Attempts after the first when the handler throws. Default: the queue's. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled per attempt when `retryBackoff`. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * A Prisma interactive transaction to enqueue in: the job exists if and only if the transaction
   * commits (an inbound webhook's event and its fan-out jobs are stored together).
   */
  transaction?: unknown;
}

export interface Job {
  id: string;
  name: string;
  data: JobData;
  /** 1 for the first run. */
  attempt: number;
}

export interface WorkOptions {
  /** Jobs of this queue run at once in this process. Default 1. */
  concurrency?: number;
}

export interface JobQueue {
  /** Starts the engine (migrations of its own tables, polling); idempotent. */
  start(): Promise<void>;
  /** Enqueues a job; its id, or null when a singleton key dropped it. */
  send(name: string, data: JobData, options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for each job of `name`; a throw is a failed attempt (retried per its options). */
  work(name: string, handler: (job: Job) => Promise<void>, options?: WorkOptions): Promise<void>;
  /** Stops taking jobs, waits for running ones (up to `timeoutMs`), then releases the engine. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}
