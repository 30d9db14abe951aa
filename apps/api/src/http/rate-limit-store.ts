import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { PrismaClient } from '../generated/sqlite/client.js';

/**
 * An express-rate-limit store on the gateway's own database (table `RateLimitHit`), so every
 * process of one gateway shares the counters: fixed windows, one row per key.
 *
 * The increment is one `INSERT … ON CONFLICT ("key") DO UPDATE … RETURNING`, atomic on PostgreSQL
 * (the conflicting row is locked, two processes never both insert) and on SQLite (one writer at a
 * time): it starts a window, or counts one more hit in the current one, or starts over when the
 * window has ended. Dates are bound as `Date`s and compared in SQL, which both engines store in one
 * comparable form: `timestamp(3)` on PostgreSQL; on SQLite the libSQL adapter writes every DateTime
 * as ISO-8601 text in UTC with a fixed width (`2026-12-03T18:01:32.000+00:00`), which sorts as time
 * does. The clock is the gateway's (`now`), so tests can move it. Rows of ended windows count as
 * zero and are deleted by the janitor (src/maintenance/janitor.ts).
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  #windowMs = 60_000;

  constructor(
    private readonly prisma: PrismaClient,
    prefix: string,
    private readonly now: () => number,
  ) {
    this.prefix = `${prefix}:`;
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.prisma.rateLimitHit.findUnique({ where: { key: this.prefix + key } });
    if (row === null || row.resetAt.getTime() <= this.now()) return undefined;
    return { totalHits: row.hits, resetTime: row.resetAt };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const current = new Date(now);
    const resetAt = new Date(now + this.#windowMs);
    const rows = await this.prisma.$queryRaw<{ hits: number | bigint; resetAt: Date | string }[]>`
      INSERT INTO "RateLimitHit" ("key", "hits", "resetAt") VALUES (${this.prefix + key}, 1, ${resetAt})
      ON CONFLICT ("key") DO UPDATE SET
        "hits" = CASE WHEN "RateLimitHit"."resetAt" <= ${current} THEN 1 ELSE "RateLimitHit"."hits" + 1 END,
        "resetAt" = CASE WHEN "RateLimitHit"."resetAt" <= ${current} THEN excluded."resetAt" ELSE "RateLimitHit"."resetAt" END
      RETURNING "hits", "resetAt"`;
    const row = rows[0];
    if (row === undefined) throw new Error('The rate-limit upsert returned no row.');
    return { totalHits: Number(row.hits), resetTime: new Date(row.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.prisma.rateLimitHit.updateMany({
      where: { key: this.prefix + key, hits: { gt: 0 }, resetAt: { gt: new Date(this.now()) } },
      data: { hits: { decrement: 1 } },
    });
  }

  async resetKey(key: string): Promise<void> {
    await this.prisma.rateLimitHit.deleteMany({ where: { key: this.prefix + key } });
  }
}
