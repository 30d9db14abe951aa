import { abortedCallError } from './call-options.js';
import { ScmError } from './errors/scm-error.js';

export const MIN_LIMIT = 1;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 25;

/**
 * One page request. `cursor` is the adapter's own continuation token (a page number, keyset
 * values, a next-URL query) from a previous `Page.nextCursor`, never a URL to follow.
 */
export interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Throws INVALID_LIMIT unless `limit` is an integer in 1–100. */
export function assertLimit(limit: unknown): asserts limit is number {
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < MIN_LIMIT ||
    limit > MAX_LIMIT
  ) {
    throw new ScmError('INVALID_LIMIT');
  }
}

/**
 * Walks every page of `fetchPage`, yielding items one at a time. A page that returns the cursor
 * it was given would loop forever: the provider named the same next page again (a repeated `Link`
 * or `X-Next-Page`), reported as UPSTREAM_UNAVAILABLE (source `provider`). With a
 * `signal`, no page is fetched once it aborts (the walk throws `abortedCallError`); pass the same
 * signal to the operation inside `fetchPage` to cancel the page in flight too.
 */
export async function* paginate<T>(
  fetchPage: (query: PageQuery) => Promise<Page<T>>,
  options: { limit?: number; cursor?: string; maxPages?: number; signal?: AbortSignal } = {},
): AsyncIterable<T> {
  const { signal } = options;
  const limit = options.limit ?? MAX_LIMIT;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  let cursor: string | undefined = options.cursor;
  for (let pageCount = 0; pageCount < maxPages; pageCount++) {
    if (signal?.aborted === true) throw abortedCallError(signal.reason);
    const page = await fetchPage(cursor === undefined ? { limit } : { limit, cursor });
    yield* page.items;
    if (page.nextCursor === null) return;
    if (page.nextCursor === cursor) {
      // The provider named the page it just answered as the next one (a repeated `Link` or
      // `X-Next-Page`): its fault, not ours, and following it would never end.
      throw new ScmError('UPSTREAM_UNAVAILABLE', {
        source: 'provider',
        message: 'The provider answered the same next page again: its pagination did not advance.',
      });
    }
    cursor = page.nextCursor;
  }
}

/** Collects `paginate()` into an array. Meant for tests and small collections. */
export async function collectAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
