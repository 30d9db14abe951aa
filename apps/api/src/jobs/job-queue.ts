// The gateway's background jobs (webhook fan-out and deliveries, installation syncs, organization
// scans, token refresh sweeps, retention cleanup) go through this one interface. Two engines
// implement it: pg-boss 10 on PostgreSQL (several gateway processes share the queue) and a durable
// jobs table drained in process on SQLite (one process by nature). One contract suite runs on both
// (job-queue.contract.integration.test.ts); createJobQueue (create-job-queue.ts) picks the engine.
import type { Logger } from '@scm/core';

/** A job's payload: plain JSON, never a secret (jobs carry ids; workers read secrets when they run). */
export type JobData = Record<string, unknown>;

export interface SendOptions {
  /** Not before this time (a retry's backoff, a scheduled delivery). */
  startAfter?: Date;
  /**
   * At most one queued-or-active job per key and queue (waiting for a retry counts as queued); a
   * second send is dropped (answers null). A completed or failed job no longer holds its key.
   */
  singletonKey?: string;
  /** Attempts after the first when the handler throws. Default: JobQueueOptions' (2). */
  retryLimit?: number;
  /**
   * Seconds before a retry (default 0); with `retryBackoff`, doubled per attempt and multiplied by
   * a jitter in [1, 2) (see retryDelaySeconds below).
   */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * A Prisma interactive transaction client (the `tx` of `prisma.$transaction(async (tx) => …)`) to
   * enqueue in: the job exists if and only if the transaction commits (an inbound webhook's event
   * and its fan-out jobs are stored together). Workers see it after the commit.
   */
  transaction?: unknown;
}

/** Options of one job of a `sendMany` (singleton keys need `send`). */
export type BulkSendOptions = Omit<SendOptions, 'singletonKey' | 'transaction'>;

export interface Job {
  id: string;
  name: string;
  data: JobData;
  /** 1 for the first run; a run lost with its process (lease expired) counts as an attempt. */
  attempt: number;
}

export interface WorkOptions {
  /** Jobs of this queue run at once in this process. Default 1. */
  concurrency?: number;
  /**
   * This queue's lease, instead of JobQueueOptions' `leaseSeconds`: a run of one of its jobs not
   * finished after this long is presumed lost and retried (a short job, such as one webhook
   * delivery, need not wait the default 15 minutes after a crash). Give every process that works
   * the queue the same value. pg-boss applies it to jobs enqueued after the first `work` call.
   */
  leaseSeconds?: number;
}

export interface JobQueue {
  /** Starts the engine (pg-boss installs its schema; polling); idempotent. Before send and work. */
  start(): Promise<void>;
  /** Enqueues a job; its id, or null when a singleton key dropped it. */
  send(name: string, data: JobData, options?: SendOptions): Promise<string | null>;
  /**
   * Enqueues several jobs of one queue in one statement (an inbound batch's fan-out). With
   * `transaction` (as in SendOptions) they exist if and only if it commits: call `notify` after
   * the commit so this process's workers do not wait for their next poll.
   */
  sendMany(
    name: string,
    jobs: readonly { data: JobData; options?: BulkSendOptions }[],
    options?: { transaction?: unknown },
  ): Promise<void>;
  /** This process's workers of `name` look for jobs at once (after a commit that enqueued some). */
  notify(name: string): void;
  /**
   * Runs `handler` for each job of `name`; a throw is a failed attempt (retried per its options).
   * Delivery is at least once: a job whose run outlives `leaseSeconds` (its process died) runs again,
   * so handlers are idempotent. One `work` per name and queue instance.
   */
  work(name: string, handler: (job: Job) => Promise<void>, options?: WorkOptions): Promise<void>;
  /** Stops taking jobs, waits for running ones (up to `timeoutMs`), then releases the engine. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Whether the engine is running: started, not stopping or stopped, and (pg-boss) not stopped by
   * itself. Cheap (no query): the readiness check (`GET /ready`) asks it on every call.
   */
  healthy(): boolean;
}

/** What both engines are built with (createJobQueue passes them on). */
export interface JobQueueOptions {
  logger?: Logger;
  /**
   * How often an idle worker looks for jobs. SQLite: 200 ms (plus an immediate look after a send
   * of this process). PostgreSQL: 1 s (pg-boss's floor is 0.5 s; a send of this process wakes its
   * own workers at once).
   */
  pollIntervalMs?: number;
  /**
   * A run that has not finished after this long is presumed lost (its process died) and the job
   * is retried, counting as an attempt: pg-boss's `expireInSeconds`, the SQLite engine's lease.
   * Default 900 (15 minutes, pg-boss's default); at least 1.
   */
  leaseSeconds?: number;
  /** Defaults of SendOptions: retryLimit 2, retryDelaySeconds 0, retryBackoff false (pg-boss's). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

export const JOB_DEFAULTS = {
  leaseSeconds: 900,
  retryLimit: 2,
  retryDelaySeconds: 0,
  retryBackoff: false,
} as const;

/**
 * The delay before the next attempt after `attempt` failed, in seconds: `retryDelaySeconds`, or
 * with backoff `retryDelaySeconds × 2^(attempt−1)` times a jitter in [1, 2) (at least 1 s) — the
 * formula pg-boss 10 applies, so both engines space retries alike.
 */
export function retryDelaySeconds(
  attempt: number,
  options: { retryDelaySeconds: number; retryBackoff: boolean },
  random: () => number = Math.random,
): number {
  if (!options.retryBackoff) return options.retryDelaySeconds;
  const base = Math.max(1, options.retryDelaySeconds) * 2 ** (Math.min(16, attempt) - 1);
  return base + base * random();
}
