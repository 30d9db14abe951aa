import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import {
  keysetParams,
  nextKeysetCursor,
  nextOffsetCursor,
  offsetParams,
} from './gitlab-pagination.js';

function code(call: () => unknown): string {
  try {
    call();
    return 'OK';
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : 'other';
  }
}

const API = 'https://gitlab.example.com';

describe('offset pagination', () => {
  it('turns a page cursor into page and per_page, and X-Next-Page into the next cursor', () => {
    expect(offsetParams({ limit: 7 })).toEqual({ per_page: 7 });
    expect(offsetParams({ limit: 7, cursor: 'p:3' })).toEqual({ per_page: 7, page: 3 });
    expect(nextOffsetCursor({ 'x-next-page': '4' })).toBe('p:4');
    expect(nextOffsetCursor({ 'x-next-page': '' })).toBeNull();
    expect(nextOffsetCursor({})).toBeNull();
    expect(code(() => nextOffsetCursor({ 'x-next-page': 'https://evil.test' }))).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
  });

  it('refuses limits outside 1–100 and cursors it could not have issued', () => {
    expect(code(() => offsetParams({ limit: 0 }))).toBe('INVALID_LIMIT');
    for (const cursor of [
      '3',
      'p:0',
      'p:-1',
      'p:1e3',
      'k:id_after:5',
      'https://evil.test/?page=2',
      '',
    ])
      expect(
        code(() => offsetParams({ limit: 5, cursor })),
        cursor,
      ).toBe('INVALID_CURSOR');
  });
});

describe('keyset pagination', () => {
  it('keeps only the keyset value of the next link, and sends it back as a query value', () => {
    const link = `<${API}/api/v4/projects?pagination=keyset&per_page=2&order_by=id&id_after=42>; rel="next"`;
    const cursor = nextKeysetCursor({ link }, 'id_after', API);
    expect(cursor).toBe('k:id_after:42');
    expect(keysetParams({ limit: 2, cursor: cursor ?? '' }, 'id_after')).toEqual({
      pagination: 'keyset',
      per_page: 2,
      id_after: '42',
    });
    expect(nextKeysetCursor({}, 'id_after', API)).toBeNull();
  });

  it('refuses a next link to another host and a cursor for another list', () => {
    const link = '<https://evil.test/api/v4/projects?id_after=42>; rel="next"';
    expect(code(() => nextKeysetCursor({ link }, 'id_after', API))).toBe('UPSTREAM_UNAVAILABLE');
    expect(code(() => keysetParams({ limit: 2, cursor: 'k:page_token:abc' }, 'id_after'))).toBe(
      'INVALID_CURSOR',
    );
    expect(code(() => keysetParams({ limit: 2, cursor: 'k:id_after:a b' }, 'id_after'))).toBe(
      'INVALID_CURSOR',
    );
  });

  it('checks a 100k-character hostile cursor and Link header quickly', () => {
    const started = performance.now();
    expect(
      code(() =>
        keysetParams({ limit: 5, cursor: `k:page_token:${'a'.repeat(100_000)}!` }, 'page_token'),
      ),
    ).toBe('INVALID_CURSOR');
    expect(code(() => offsetParams({ limit: 5, cursor: `p:${'9'.repeat(100_000)}` }))).toBe(
      'INVALID_CURSOR',
    );
    expect(nextKeysetCursor({ link: `<${'<'.repeat(100_000)}` }, 'page_token', API)).toBeNull();
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
