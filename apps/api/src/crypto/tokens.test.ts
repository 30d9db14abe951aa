import { describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret, safeEqual } from './tokens.js';

describe('ids and secrets', () => {
  it('newId: the prefix and 96 random bits, never repeated', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('conn')));
    expect(ids.size).toBe(1000);
    for (const id of [...ids].slice(0, 5)) expect(id).toMatch(/^conn_[A-Za-z0-9_-]{16}$/);
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
