import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { pageParams } from './example-pagination.js';

function code(call: () => unknown): string {
  try {
    call();
    return 'OK';
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : 'other';
  }
}

describe('pageParams', () => {
  it('passes a limit and an issued token through as query values', () => {
    expect(pageParams({ limit: 7 })).toEqual({ page_size: 7 });
    expect(pageParams({ limit: 100, cursor: 'eyJvIjo3fQ' })).toEqual({
      page_size: 100,
      page_token: 'eyJvIjo3fQ',
    });
  });

  it('refuses limits outside 1–100 and cursors the API could not have issued', () => {
    expect(code(() => pageParams({ limit: 0 }))).toBe('INVALID_LIMIT');
    expect(code(() => pageParams({ limit: 101 }))).toBe('INVALID_LIMIT');
    for (const cursor of ['https://evil.test/x', 'a/b', '', 'x'.repeat(513)]) {
      expect(code(() => pageParams({ limit: 5, cursor }))).toBe('INVALID_CURSOR');
    }
  });

  it('checks a 100k-character hostile cursor quickly', () => {
    const started = performance.now();
    expect(code(() => pageParams({ limit: 5, cursor: `${'a'.repeat(100_000)}!` }))).toBe(
      'INVALID_CURSOR',
    );
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
