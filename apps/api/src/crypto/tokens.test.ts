import { describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret, newTimeOrderedId, safeEqual } from './tokens.js';

describe('ids and secrets', () => {
  it('newId: the prefix and 96 random bits, never repeated', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('conn')));
    expect(ids.size).toBe(1000);
    for (const id of [...ids].slice(0, 5)) expect(id).toMatch(/^conn_[A-Za-z0-9_-]{16}$/);
  });

  it('newTimeOrderedId: sorts as text in time order, 72 random bits within a millisecond', () => {
    const at = Date.UTC(2026, 11, 6, 2, 30);
    const id = newTimeOrderedId('use', at);
    expect(id).toMatch(/^use_[0-9a-z]{9}[A-Za-z0-9_-]{12}$/);
    expect(Number.parseInt(id.slice(4, 13), 36)).toBe(at);
    // Across a change in the number of base-36 digits and far apart: text order is time order.
    const times = [0, 35, 36, 1_000, at - 1, at, at + 1, 36 ** 8, 36 ** 9 - 1];
    const ids = times.map((time) => newTimeOrderedId('use', time));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => newTimeOrderedId('use', at)));
    expect(same.size).toBe(1000);
  });

  it('newSecret: the prefix and 256 random bits', () => {
    const secret = newSecret('sggat');
    expect(secret).toMatch(/^sggat_[A-Za-z0-9_-]{43}$/);
    expect(newSecret('sggat')).not.toBe(secret);
  });

  it('hashSecret: SHA-256 hex, stable, different for different secrets', () => {
    expect(hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // Of the UTF-8 bytes (c3 a9), as every stored hash was made.
    expect(hashSecret('é')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    );
    expect(hashSecret('abc')).toBe(hashSecret('abc'));
    expect(hashSecret('abd')).not.toBe(hashSecret('abc'));
  });

  it('safeEqual: equal strings only, whatever the lengths', () => {
    expect(safeEqual('same', 'same')).toBe(true);
    expect(safeEqual('same', 'Same')).toBe(false);
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
