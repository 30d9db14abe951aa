import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import {
  continuationOf,
  nextContinuation,
  offsetPage,
  offsetParams,
  splitCursor,
} from './azure-pagination.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : 'not an ScmError';
  }
};

describe('$top/$skip cursors', () => {
  it('asks for one item more than the limit and pages on from the skip count', () => {
    expect(offsetParams({ limit: 10 })).toEqual({ $top: 11, $skip: 0 });
    expect(offsetParams({ limit: 10, cursor: '20' })).toEqual({ $top: 11, $skip: 20 });
    expect(offsetPage([1, 2, 3], { limit: 2, cursor: '4' })).toEqual({
      items: [1, 2],
      nextCursor: '6',
    });
    expect(offsetPage([1, 2], { limit: 2 })).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('refuses a cursor that is not a skip count, and a bad limit', () => {
    for (const cursor of ['-1', 'https://evil.example/x', '1e3', '']) {
      expect(codeOf(() => offsetParams({ limit: 5, cursor }))).toBe('INVALID_CURSOR');
    }
    expect(codeOf(() => offsetParams({ limit: 0 }))).toBe('INVALID_LIMIT');
  });
});

describe('continuation tokens', () => {
  it('takes the x-ms-continuationtoken header as the next cursor, checked for shape', () => {
    expect(nextContinuation({ 'x-ms-continuationtoken': 'cmVmcy9oZWFkcy9h' })).toBe(
      'cmVmcy9oZWFkcy9h',
    );
    expect(nextContinuation({})).toBeNull();
    // A token that could not come back as a cursor ends the listing rather than looping.
    expect(nextContinuation({ 'x-ms-continuationtoken': 'https://evil.example/?a=b' })).toBeNull();
  });

  it('never lets a cursor carry a URL or a host', () => {
    expect(continuationOf('MTIz')).toBe('MTIz');
    for (const cursor of ['https://evil.example', 'evil.example:443', 'a b', 'x'.repeat(3000)]) {
      expect(codeOf(() => continuationOf(cursor))).toBe('INVALID_CURSOR');
    }
  });

  it('splits phase cursors and refuses unknown phases', () => {
    expect(splitCursor('b:', ['s', 'b'])).toEqual({ phase: 'b', inner: undefined });
    expect(splitCursor('s:7', ['s', 'b'])).toEqual({ phase: 's', inner: '7' });
    expect(codeOf(() => splitCursor('x:1', ['s', 'b']))).toBe('INVALID_CURSOR');
    expect(codeOf(() => splitCursor('17', ['s', 'b']))).toBe('INVALID_CURSOR');
  });

  it('checks a hostile 100k-character cursor in linear time', () => {
    const started = performance.now();
    expect(codeOf(() => continuationOf(`${'a'.repeat(100_000)}!`))).toBe('INVALID_CURSOR');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
