import type { Logger } from '@scm/core';
import type { PrismaClient } from '../generated/sqlite/client.js';

export interface JanitorOptions {
  /** Rows deleted per statement. Default 500. */
  batchSize?: number;
  /** Statements per table and sweep, so one sweep stays short; the next sweep goes on. Default 10. */
  maxBatches?: number;
  /**
   * How long an expired authorization code is kept: a code replayed after its expiry still finds
   * its row and revokes the tokens it issued. Default one hour (the default access token TTL), so
   * those tokens have expired too by the time the row goes.
   */
  codeRetentionMs?: number;
  /** Run after the built-in tables (e.g. retrying upstream webhook removals); failures are logged. */
  extraTasks?: readonly { name: string; run: () => Promise<number> }[];
}

/** Rows deleted by one sweep, per table. */
export interface SweepResult {
  oauthStates: number;
  authorizationCodes: number;
  sessions: number;
  accessTokens: number;
  /** Expired refresh tokens (used ones are kept until then: a replay must still end its family). */
  refreshTokens: number;
  rateLimitHits: number;
  /** What the extra tasks reported, by name. */
  extra: Record<string, number>;
}

export interface Janitor {
  /** One pass over every table now (also what the timer runs). */
  sweep(): Promise<SweepResult>;
  /** Sweeps every `intervalMs` on an unref'd timer (it never keeps the process alive). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Deletes what can never be used again: OAuth states past their expiry, authorization codes past
 * their expiry (after `codeRetentionMs`), sessions that expired or were revoked, access tokens
 * past their expiry, and rate-limit windows that have ended. Every table is swept in batches of
 * ids (`findMany` + `deleteMany … in`), at most `maxBatches` per table and sweep, so a large
 * backlog never holds a long lock; several gateway processes sweeping the same database at once
 * only repeat each other's deletes.
 */
export function createJanitor(
  prisma: PrismaClient,
  logger: Logger,
  now: () => number,
  options: JanitorOptions = {},
): Janitor {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 10;
  const codeRetentionMs = options.codeRetentionMs ?? 3600_000;

  /** Deletes in batches until a batch comes back short or `maxBatches` ran. */
  const drain = async (
    find: () => Promise<string[]>,
    remove: (ids: string[]) => Promise<{ count: number }>,
  ): Promise<number> => {
    let deleted = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const ids = await find();
      if (ids.length === 0) break;
      deleted += (await remove(ids)).count;
      if (ids.length < batchSize) break;
    }
    return deleted;
  };

  const sweep = async (): Promise<SweepResult> => {
    const at = new Date(now());
    const ids = (rows: { id: string }[]): string[] => rows.map((row) => row.id);
    const oauthStates = await drain(
      async () =>
        ids(
          await prisma.oAuthState.findMany({
            where: { expiresAt: { lt: at } },
            select: { id: true },
            take: batchSize,
          }),
        ),
      (batch) => prisma.oAuthState.deleteMany({ where: { id: { in: batch } } }),
    );
    const codeCutoff = new Date(at.getTime() - codeRetentionMs);
    const authorizationCodes = await drain(
      async () =>
        ids(
          await prisma.authorizationCode.findMany({
            where: { expiresAt: { lt: codeCutoff } },
            select: { id: true },
            take: batchSize,
          }),
        ),
      (batch) => prisma.authorizationCode.deleteMany({ where: { id: { in: batch } } }),
    );
    const sessions = await drain(
      async () =>
        ids(
          await prisma.session.findMany({
            where: { OR: [{ expiresAt: { lt: at } }, { revokedAt: { not: null } }] },
            select: { id: true },
            take: batchSize,
          }),
        ),
      (batch) => prisma.session.deleteMany({ where: { id: { in: batch } } }),
    );
    const accessTokens = await drain(
      async () =>
        ids(
          await prisma.accessToken.findMany({
            where: { expiresAt: { lt: at } },
            select: { id: true },
            take: batchSize,
          }),
        ),
      (batch) => prisma.accessToken.deleteMany({ where: { id: { in: batch } } }),
    );
    const refreshTokens = await drain(
      async () =>
        ids(
          await prisma.refreshToken.findMany({
            where: { expiresAt: { lt: at } },
            select: { id: true },
            take: batchSize,
          }),
        ),
      (batch) => prisma.refreshToken.deleteMany({ where: { id: { in: batch } } }),
    );
    const rateLimitHits = await drain(
      async () =>
        (
          await prisma.rateLimitHit.findMany({
            where: { resetAt: { lt: at } },
            select: { key: true },
            take: batchSize,
          })
        ).map((row) => row.key),
      (batch) =>
        prisma.rateLimitHit.deleteMany({ where: { key: { in: batch }, resetAt: { lt: at } } }),
    );
    const extra: Record<string, number> = {};
    for (const task of options.extraTasks ?? []) {
      try {
        extra[task.name] = await task.run();
      } catch (error) {
        logger.warn('janitor task failed', {
          task: task.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const result = {
      oauthStates,
      authorizationCodes,
      sessions,
      accessTokens,
      refreshTokens,
      rateLimitHits,
      extra,
    };
    if (
      oauthStates + authorizationCodes + sessions + accessTokens + refreshTokens + rateLimitHits >
      0
    )
      logger.info('janitor sweep', { ...result });
    return result;
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;

  return {
    sweep,
    start(intervalMs) {
      if (timer !== undefined || intervalMs <= 0) return;
      timer = setInterval(() => {
        // A slow sweep is never overlapped by the next one.
        if (busy) return;
        busy = true;
        running = sweep()
          .catch((error: unknown) => {
            logger.warn('janitor sweep failed', {
              error: error instanceof Error ? error.message : String(error),
            });
          })
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
