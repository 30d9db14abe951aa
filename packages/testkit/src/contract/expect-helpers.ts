import { paginate, ScmError, type Page, type PageQuery, type ScmErrorCode } from '@scm/core';

/**
 * Walks every page at `limit` through core's `paginate()`, checking no page is over the limit.
 * Stops (and reports) a walk that never ends.
 */
export async function walkAll<T>(
  fetchPage: (query: PageQuery) => Promise<Page<T>>,
  limit: number,
  maxPages = 2000,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  const checked = async (query: PageQuery): Promise<Page<T>> => {
    const page = await fetchPage(query);
    pages++;
    if (page.items.length > limit) {
      throw new Error(`A page held ${page.items.length} items for limit ${limit}`);
    }
    if (pages >= maxPages && page.nextCursor !== null)
      throw new Error(`Pagination did not end after ${maxPages} pages`);
    return page;
  };
  for await (const item of paginate(checked, { limit })) items.push(item);
  return { items, pages };
}

/** Duplicates in a list of keys, each named once. */
export function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  return [...repeated];
}

export function sorted(keys: readonly string[]): string[] {
  return [...keys].sort();
}

/** The ScmError code a promise rejects with; `'resolved'` when it resolves; rethrows anything else. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<ScmErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
    throw error;
  }
}

export async function scmErrorOf(promise: Promise<unknown>): Promise<ScmError> {
  try {
    await promise;
  } catch (error) {
    if (ScmError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected an ScmError, but the call resolved');
}
