import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const sequenceA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sequenceA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sequenceA);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const prng = createPrng(7);
    const seen = new Set<number>();
    for (let index = 0; index < 2000; index++) {
      const value = prng.int(3, 6);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(6);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('produces hex of the asked length', () => {
    expect(createPrng(1).hex(40)).toMatch(/^[0-9a-f]{40}$/);
  });
});
