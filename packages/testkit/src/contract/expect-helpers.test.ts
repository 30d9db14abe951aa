import { ScmError, type Page, type PageQuery } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { duplicates, errorCodeOf, walkAll } from './expect-helpers.js';

function pager(total: number, overfill = 0): (query: PageQuery) => Promise<Page<number>> {
  return (query) => {
    const start = Number(query.cursor ?? 0);
    const end = Math.min(total, start + query.limit + overfill);
    const items = Array.from({ length: end - start }, (_, index) => start + index);
    return Promise.resolve({ items, nextCursor: end < total ? String(end) : null });
  };
}

describe('walkAll', () => {
  it('collects every item across pages', async () => {
    const { items, pages } = await walkAll(pager(15), 7);
    expect(items).toEqual(Array.from({ length: 15 }, (_, index) => index));
    expect(pages).toBe(3);
  });

  it('fails a page larger than the limit', async () => {
    await expect(walkAll(pager(15, 1), 7)).rejects.toThrow(/8 items for limit 7/);
  });

  it('fails a walk that never ends', async () => {
    let next = 0;
    const endless = (): Promise<Page<number>> =>
      Promise.resolve({ items: [next], nextCursor: String(++next) });
    await expect(walkAll(endless, 1, 50)).rejects.toThrow(/did not end/);
  });
});

describe('duplicates / errorCodeOf', () => {
  it('names repeated keys once', () => {
    expect(duplicates(['a', 'b', 'a', 'a', 'c', 'b'])).toEqual(['a', 'b']);
    expect(duplicates(['a', 'b'])).toEqual([]);
  });

  it('tells codes, resolutions and foreign errors apart', async () => {
    expect(await errorCodeOf(Promise.reject(new ScmError('RATE_LIMITED')))).toBe('RATE_LIMITED');
    expect(await errorCodeOf(Promise.resolve([]))).toBe('resolved');
    await expect(errorCodeOf(Promise.reject(new TypeError('x')))).rejects.toThrow(TypeError);
  });
});
