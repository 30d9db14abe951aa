import { describe, expect, it } from 'vitest';
import { ScmError } from './errors/scm-error.js';
import { assertLimit, collectAll, paginate, type Page, type PageQuery } from './pagination.js';

function pagesOver(items: number[]) {
  const calls: PageQuery[] = [];
  const fetchPage = (query: PageQuery): Promise<Page<number>> => {
    calls.push(query);
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const end = start + query.limit;
    return Promise.resolve({
      items: items.slice(start, end),
      nextCursor: end < items.length ? String(end) : null,
    });
  };
  return { calls, fetchPage };
}

describe('paginate', () => {
  it.each([1, 7, 100])('yields every item exactly once at limit %i', async (limit) => {
    const items = Array.from({ length: 23 }, (_, index) => index);
    const { calls, fetchPage } = pagesOver(items);
    expect(await collectAll(paginate(fetchPage, { limit }))).toEqual(items);
    expect(calls).toHaveLength(Math.max(1, Math.ceil(items.length / limit)));
  });

  it('resumes from a cursor and stops after maxPages', async () => {
    const { fetchPage } = pagesOver([0, 1, 2, 3, 4, 5]);
    expect(await collectAll(paginate(fetchPage, { limit: 2, cursor: '2', maxPages: 1 }))).toEqual([
      2, 3,
    ]);
  });

  it('refuses a page function that does not advance', async () => {
    const stuck = (): Promise<Page<number>> => Promise.resolve({ items: [1], nextCursor: 'same' });
    await expect(collectAll(paginate(stuck, { limit: 1, cursor: 'same' }))).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      source: 'provider',
    });
  });
});

describe('assertLimit', () => {
  it.each([1, 25, 100])('accepts %s', (limit) => {
    expect(() => {
      assertLimit(limit);
    }).not.toThrow();
  });
  it.each([0, 101, 2.5, Number.NaN, '10', undefined])('rejects %s with INVALID_LIMIT', (limit) => {
    try {
      assertLimit(limit);
      expect.unreachable();
    } catch (error) {
      expect(ScmError.isInstance(error) && error.code).toBe('INVALID_LIMIT');
    }
  });
});
