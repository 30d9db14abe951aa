import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { nextPage, pageParams, parseTaggedCursor } from './github-pagination.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
  }
  return 'resolved';
}

describe('GitHub pagination', () => {
  it('turns a page query into per_page and page', () => {
    expect(pageParams({ limit: 25 })).toEqual({ per_page: 25, page: 1 });
    expect(pageParams({ limit: 7, cursor: '3' })).toEqual({ per_page: 7, page: 3 });
  });

  it('refuses cursors that are not page numbers, and limits outside 1–100', () => {
    for (const cursor of ['0', '-1', '1.5', 'https://evil.example.test/?page=2', '2&per_page=1'])
      expect(codeOf(() => pageParams({ limit: 5, cursor }))).toBe('INVALID_CURSOR');
    expect(codeOf(() => pageParams({ limit: 101 }))).toBe('INVALID_LIMIT');
  });

  it('keeps only the page number of the next link, never its host', () => {
    const link =
      '<https://evil.example.test/repos/a/b/branches?per_page=2&page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"';
    expect(nextPage({ link })).toBe('3');
    expect(nextPage({ link: '<https://api.github.com/x?page=1>; rel="prev"' })).toBeNull();
    expect(nextPage({ link: '<https://api.github.com/x?page=abc>; rel="next"' })).toBeNull();
    expect(nextPage({})).toBeNull();
  });

  it('parses tagged cursors and refuses unknown tags', () => {
    expect(parseTaggedCursor('s:2', ['r', 's'])).toEqual({ tag: 's', value: 2 });
    expect(parseTaggedCursor(undefined, ['r', 's'])).toBeUndefined();
    expect(codeOf(() => parseTaggedCursor('x:2', ['r', 's']))).toBe('INVALID_CURSOR');
    expect(codeOf(() => parseTaggedCursor('r:2:3', ['r', 's']))).toBe('INVALID_CURSOR');
  });

  it('parses a hostile 100k-character Link header in linear time', () => {
    const hostile = `<${'a'.repeat(50_000)}; rel="next"${',<'.repeat(25_000)}`;
    const started = performance.now();
    nextPage({ link: hostile });
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
