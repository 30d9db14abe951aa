import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner } from './signed-value.js';

const key = Buffer.alloc(32, 1);

describe('createSigner', () => {
  it('returns the signed value with its expiry', () => {
    let now = 1_700_000_000_000;
    const signer = createSigner(key, () => now);
    const token = signer.sign({ sub: 'user_1', n: 2 }, 60);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(token)).toEqual({ sub: 'user_1', n: 2, exp: 1_700_000_060 });
    now += 59_000;
    expect(signer.verify(token)).not.toBeNull();
  });

  it('expires after its ttl', () => {
    let now = 1_700_000_000_000;
    const signer = createSigner(key, () => now);
    const token = signer.sign({ sub: 'user_1' }, 60);
    now += 60_001;
    expect(signer.verify(token)).toBeNull();
    expect(signer.verify(signer.sign({ sub: 'user_1' }, -1))).toBeNull();
  });

  it('refuses a changed payload, a changed signature, or another key', () => {
    const signer = createSigner(key);
    const token = signer.sign({ role: 'member' }, 60);
    const [payload = '', mac = ''] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ role: 'owner', exp: Math.floor(Date.now() / 1000) + 60 }),
    ).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`)).toBeNull();
    // The first character: all six of its bits are MAC bits (the last one's low two are padding).
    expect(
      signer.verify(`${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`),
    ).toBeNull();
    expect(createSigner(Buffer.alloc(32, 2)).verify(token)).toBeNull();
    expect(signer.verify(token)).toEqual(expect.objectContaining({ role: 'member' }));
  });

  it('refuses malformed input: none, no dot, a short signature, too long, not JSON, no expiry', () => {
    const signer = createSigner(key);
    const token = signer.sign({ a: 1 }, 60);
    expect(signer.verify(undefined)).toBeNull();
    expect(signer.verify('')).toBeNull();
    expect(signer.verify(token.replace('.', ''))).toBeNull();
    expect(signer.verify(token.slice(0, -4))).toBeNull();
    expect(signer.verify(`${'a'.repeat(4097)}.${token.split('.')[1] ?? ''}`)).toBeNull();
    // Validly signed but not an expiring JSON object: signed here with the same key by hand.
    const signed = (payload: string): string =>
      `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    expect(signer.verify(signed(Buffer.from('not json').toString('base64url')))).toBeNull();
    expect(signer.verify(signed(Buffer.from('{"a":1}').toString('base64url')))).toBeNull();
    expect(
      signer.verify(signed(Buffer.from('{"a":1,"exp":"never"}').toString('base64url'))),
    ).toBeNull();
    expect(
      signer.verify(signed(Buffer.from(`{"a":1,"exp":${2 ** 40}}`).toString('base64url'))),
    ).toEqual({ a: 1, exp: 2 ** 40 });
  });
});
