import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { nextCursor, pageParams, splitCursor } from './bitbucket-pagination.js';

const API = new URL('https://api.bitbucket.org/2.0');

function code(call: () => unknown): string {
  try {
    call();
    return 'OK';
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : 'other';
  }
}

describe('pageParams', () => {
  it('turns a limit and an issued page token into pagelen and page, capped per endpoint', () => {
    expect(pageParams({ limit: 7 })).toEqual({ pagelen: 7 });
    expect(pageParams({ limit: 100, cursor: '3' })).toEqual({ pagelen: 100, page: '3' });
    expect(pageParams({ limit: 100, cursor: 'b3BhcXVl' }, 50)).toEqual({
      pagelen: 50,
      page: 'b3BhcXVl',
    });
  });

  it('refuses limits outside 1–100 and cursors Bitbucket could not have issued', () => {
    expect(code(() => pageParams({ limit: 0 }))).toBe('INVALID_LIMIT');
    expect(code(() => pageParams({ limit: 101 }))).toBe('INVALID_LIMIT');
    for (const cursor of [
      'https://evil.example.test/x',
      '../../admin',
      '%00',
      'a&b=c',
      '',
      'x'.repeat(513),
    ])
      expect(code(() => pageParams({ limit: 5, cursor }))).toBe('INVALID_CURSOR');
  });

  it('checks a 100k-character hostile cursor quickly', () => {
    const started = performance.now();
    expect(code(() => pageParams({ limit: 5, cursor: `${'a'.repeat(100_000)}!` }))).toBe(
      'INVALID_CURSOR',
    );
    expect(code(() => splitCursor('~'.repeat(100_000)))).toBe('INVALID_CURSOR');
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('nextCursor', () => {
  it('keeps only the page token of Bitbucket’s next URL', () => {
    expect(
      nextCursor(
        'https://api.bitbucket.org/2.0/repositories/a/b/pullrequests?state=OPEN&pagelen=10&page=2',
        API,
      ),
    ).toBe('2');
    expect(
      nextCursor('https://api.bitbucket.org/2.0/repositories/a/b/commits/main?page=Zm9v', API),
    ).toBe('Zm9v');
    expect(nextCursor(undefined, API)).toBeNull();
    expect(nextCursor(null, API)).toBeNull();
  });

  it('refuses a next URL on another host or outside the API', () => {
    for (const next of [
      'https://evil.example.test/2.0/repositories?page=2',
      'http://api.bitbucket.org/2.0/repositories?page=2',
      'https://api.bitbucket.org/internal/repositories?page=2',
      'https://api.bitbucket.org/2.0/repositories',
      'not a url',
    ]) {
      const error = (() => {
        try {
          nextCursor(next, API);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(ScmError.isInstance(error) && error.code, next).toBe('UPSTREAM_UNAVAILABLE');
    }
  });
});

describe('splitCursor', () => {
  it('reads composite cursors and checks their token', () => {
    expect(splitCursor('s~2')).toEqual({ phase: 's', token: '2' });
    expect(splitCursor('acme~')).toEqual({ phase: 'acme', token: undefined });
    expect(code(() => splitCursor('~2'))).toBe('INVALID_CURSOR');
    expect(code(() => splitCursor('s~a/b'))).toBe('INVALID_CURSOR');
  });
});
