import type { CursorCodec } from '@scm/cursor';
import { gatewayError } from './errors.js';
import type { PageInfo } from './collections.js';

/** Rows listed newest first, ties by id: every table of the gateway has both. */
export const KEYSET_ORDER = [{ createdAt: 'desc' as const }, { id: 'asc' as const }];

export interface KeysetPage {
  /** Merge into the query's `where`: the rows after the cursor's last row (empty on page one). */
  after: { OR?: ({ createdAt: { lt: Date } } | { createdAt: Date; id: { gt: string } })[] };
  /** One more than the page, to learn whether another page exists. */
  take: number;
  finish<T extends { id: string; createdAt: Date }>(rows: T[]): { rows: T[]; pageInfo: PageInfo };
  /**
   * A full page of the rows `keep` lets through: reads `take` rows at a time after the cursor
   * until enough pass or the table runs out, so rows the caller may not see never make a page
   * short (or empty with a next page). The cursor follows the last row returned.
   */
  fill<T extends { id: string; createdAt: Date }>(
    read: (after: KeysetPage['after'], take: number) => Promise<T[]>,
    keep: (row: T) => boolean,
  ): Promise<{ rows: T[]; pageInfo: PageInfo }>;
}

/** The rows after `(createdAt, id)` in `KEYSET_ORDER`. */
const afterRow = (createdAt: Date, id: string): KeysetPage['after'] => ({
  OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { gt: id } }],
});

/**
 * Keyset pagination over the gateway's own tables, with the same signed, scope-bound, expiring
 * cursors as the unified reads (`@scm/cursor`): the cursor holds the last row's `createdAt` and id,
 * and is valid only for the endpoint, filters, limit and principal it was issued to. Rows added
 * while paging never shift a page the way offsets do.
 */
export function keysetPage(
  cursors: CursorCodec,
  input: {
    endpoint: string;
    filters: Record<string, string | undefined>;
    limit: number;
    principal: string;
    cursor: unknown;
  },
): KeysetPage {
  // 'gateway' stands where a provider would: these rows are the gateway's own.
  const scope = {
    endpoint: input.endpoint,
    provider: 'gateway',
    filters: input.filters,
    limit: input.limit,
    principal: input.principal,
  };
  let after: KeysetPage['after'] = {};
  if (input.cursor !== undefined) {
    if (typeof input.cursor !== 'string' || input.cursor === '')
      throw gatewayError('INVALID_CURSOR');
    const token = cursors.decode(input.cursor, scope);
    const separator = token.indexOf('|');
    const createdAt = new Date(Number(token.slice(0, separator)));
    const id = token.slice(separator + 1);
    if (separator < 1 || Number.isNaN(createdAt.getTime()) || id === '')
      throw gatewayError('INVALID_CURSOR');
    after = afterRow(createdAt, id);
  }
  const take = input.limit + 1;
  const finish: KeysetPage['finish'] = (rows) => {
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > input.limit && last !== undefined
        ? cursors.encode(`${last.createdAt.getTime()}|${last.id}`, scope)
        : null;
    return {
      rows: page,
      pageInfo: {
        limit: input.limit,
        has_next_page: nextCursor !== null,
        next_cursor: nextCursor,
      },
    };
  };
  return {
    after,
    take,
    finish,
    async fill(read, keep) {
      const kept: Parameters<typeof keep>[0][] = [];
      for (let from = after; ;) {
        const rows = await read(from, take);
        for (const row of rows) if (kept.length < take && keep(row)) kept.push(row);
        const last = rows[rows.length - 1];
        if (kept.length === take || rows.length < take || last === undefined) break;
        from = afterRow(last.createdAt, last.id);
      }
      return finish(kept);
    },
  };
}
