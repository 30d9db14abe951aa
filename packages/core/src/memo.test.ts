import type { Clock } from './runtime.js';
import { describe, expect, it } from 'vitest';
import { createMemo } from './memo.js';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('createMemo', () => {
  it('loads once within the ttl, and again after it', async () => {
    const clock = manualClock();
    const memo = createMemo<string>({ clock, ttlMs: 1_000, max: 10 });
    let loads = 0;
    const load = () => Promise.resolve(`v${String((loads += 1))}`);
    expect(await memo.get('a', load)).toBe('v1');
    clock.advance(999);
    expect(await memo.get('a', load)).toBe('v1');
    clock.advance(1);
    expect(await memo.get('a', load)).toBe('v2');
    expect(loads).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const memo = createMemo<number>({ clock: manualClock(), ttlMs: 1_000, max: 10 });
    let loads = 0;
    const load = () =>
      new Promise<number>((resolve) => {
        setTimeout(() => {
          resolve((loads += 1));
        }, 5);
      });
    expect(await Promise.all([memo.get('a', load), memo.get('a', load)])).toEqual([1, 1]);
    expect(loads).toBe(1);
  });

  it('keeps no failure: the caller whose load failed sees it, a joined caller loads itself', async () => {
    const memo = createMemo<string>({ clock: manualClock(), ttlMs: 1_000, max: 10 });
    const first = memo.get('a', () => Promise.reject(new Error('aborted')));
    const joined = memo.get('a', () => Promise.resolve('own'));
    await expect(first).rejects.toThrow('aborted');
    expect(await joined).toBe('own');
    expect(await memo.get('a', () => Promise.resolve('fresh'))).toBe('fresh');
  });

  it('holds at most max keys, dropping the oldest', async () => {
    const memo = createMemo<string>({ clock: manualClock(), ttlMs: 1_000, max: 2 });
    await memo.get('a', () => Promise.resolve('a1'));
    await memo.get('b', () => Promise.resolve('b1'));
    await memo.get('c', () => Promise.resolve('c1'));
    expect(await memo.get('b', () => Promise.resolve('b2'))).toBe('b1');
    expect(await memo.get('a', () => Promise.resolve('a2'))).toBe('a2');
  });
});
