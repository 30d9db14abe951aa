import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, deriveKey } from './secret-box.js';

const master = Buffer.alloc(32, 7);

function tamper(sealed: string, index: number): string {
  const [version, payload = ''] = sealed.split('.');
  const raw = Buffer.from(payload, 'base64url');
  raw[index] = (raw[index] ?? 0) ^ 1;
  return `${version}.${raw.toString('base64url')}`;
}

describe('createSecretBox', () => {
  it('round-trips text, including empty and non-ASCII', () => {
    const box = createSecretBox(master);
    for (const text of ['gho_abc123', '', 'pässwörd ✓', 'x'.repeat(10_000)])
      expect(box.decrypt(box.encrypt(text))).toBe(text);
  });

  it('seals with a fresh IV each time: the same plaintext never seals the same', () => {
    const box = createSecretBox(master);
    const a = box.encrypt('same');
    const b = box.encrypt('same');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('same');
  });

  it('refuses a tampered IV, tag or ciphertext', () => {
    const box = createSecretBox(master);
    const sealed = box.encrypt('secret value');
    for (const index of [0, 11, 12, 27, 28, 30]) {
      expect(() => box.decrypt(tamper(sealed, index)), `byte ${index}`).toThrow();
    }
  });

  it('refuses a value sealed under another master key', () => {
    const sealed = createSecretBox(randomBytes(32)).encrypt('secret value');
    expect(() => createSecretBox(master).decrypt(sealed)).toThrow();
    expect(createSecretBox(Buffer.alloc(32, 7)).decrypt(createSecretBox(master).encrypt('k'))).toBe(
      'k',
    );
  });

  it('refuses an unknown version, a missing payload and a truncated one', () => {
    const box = createSecretBox(master);
    const sealed = box.encrypt('secret value');
    expect(() => box.decrypt(sealed.replace(/^v1\./, 'v2.'))).toThrow(
      'unknown sealed value format',
    );
    expect(() => box.decrypt('v1')).toThrow('unknown sealed value format');
    expect(() => box.decrypt(sealed.slice(0, 20))).toThrow();
  });
});

describe('deriveKey', () => {
  it('derives a stable, independent key per purpose and length', () => {
    const box = deriveKey(master, 'scm-gateway/secret-box/v1');
    expect(box).toHaveLength(32);
    expect(deriveKey(master, 'scm-gateway/secret-box/v1').equals(box)).toBe(true);
    expect(deriveKey(master, 'scm-gateway/cursors/v1').equals(box)).toBe(false);
    expect(deriveKey(Buffer.alloc(32, 8), 'scm-gateway/secret-box/v1').equals(box)).toBe(false);
    expect(deriveKey(master, 'x', 16)).toHaveLength(16);
    expect(box.equals(master)).toBe(false);
  });
});
