// The readiness check behind `GET /ready` (src/routes/discovery/): the database answers a trivial
// query, every committed migration is applied, and the job engine runs. `/health` is liveness
// only and never touches the database.
import { readdirSync } from 'node:fs';
import type { Logger } from '@scm/core';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Database } from './database.js';
import { defaultMigrationsDir } from './migrate.js';

export type CheckName = 'database' | 'migrations' | 'jobs';

export interface Readiness {
  ready: boolean;
  /** `ok`, or what is wrong (`unreachable`, `2 pending: 20260101000000_x, …`, `stopped`). */
  checks: Record<CheckName, string>;
}

export interface ReadinessOptions {
  db: Pick<Database, 'prisma' | 'provider'>;
  jobs: Pick<JobQueue, 'healthy'>;
  logger?: Logger;
  /** Defaults to the app's `prisma/<provider>/migrations` (what start-up applies). */
  migrationsDir?: string;
  /** A database query slower than this counts as unreachable. Default 2000 ms. */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${ms} ms`));
      }, ms);
      timer.unref();
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `check()` runs the three checks; cheap enough for a probe every few seconds (one `SELECT 1`,
 * one read of `_prisma_migrations` until every migration has been seen applied, then none).
 */
export function createReadinessCheck(options: ReadinessOptions): { check(): Promise<Readiness> } {
  const { db, jobs, logger } = options;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let committed: string[] | undefined;
  // Migrations are never unapplied by the gateway: once all were seen applied, that stays true.
  let migrationsApplied = false;

  function committedMigrations(): string[] {
    committed ??= readdirSync(options.migrationsDir ?? defaultMigrationsDir(db.provider), {
      withFileTypes: true,
    })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    return committed;
  }

  async function database(): Promise<string> {
    try {
      await withTimeout(db.prisma.$queryRawUnsafe('SELECT 1 AS ok'), timeoutMs);
      return 'ok';
    } catch (error) {
      logger?.warn('readiness: the database did not answer', { error: message(error) });
      return 'unreachable';
    }
  }

  async function migrations(): Promise<string> {
    if (migrationsApplied) return 'ok';
    try {
      const rows = await withTimeout(
        db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        ),
        timeoutMs,
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = committedMigrations().filter((name) => !applied.has(name));
      if (pending.length === 0) {
        migrationsApplied = true;
        return 'ok';
      }
      return `${pending.length} pending: ${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}`;
    } catch (error) {
      logger?.warn('readiness: could not read the applied migrations', { error: message(error) });
      return 'unknown';
    }
  }

  return {
    async check() {
      const databaseState = await database();
      const checks: Record<CheckName, string> = {
        database: databaseState,
        migrations: databaseState === 'ok' ? await migrations() : 'unknown',
        jobs: jobs.healthy() ? 'ok' : 'stopped',
      };
      return { ready: Object.values(checks).every((value) => value === 'ok'), checks };
    },
  };
}

/** "database unreachable; jobs stopped": the failed checks, for the 503's message. */
export function describeFailedChecks(checks: Readiness['checks']): string {
  return Object.entries(checks)
    .filter(([, value]) => value !== 'ok')
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
