import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { numberSegment, shaSegment } from './path-segments.js';

function refusal(call: () => unknown): ScmError {
  try {
    call();
  } catch (error) {
    if (ScmError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected INVALID_REQUEST, but the call returned');
}

const SHA1 = '0123456789abcdef0123456789abcdef01234567';
const SHA256 = `${SHA1}0123456789abcdef01234567`;

describe('shaSegment', () => {
  it('passes abbreviated, SHA-1 and SHA-256 shas through as they are', () => {
    expect(shaSegment('abc1234')).toBe('abc1234');
    expect(shaSegment(SHA1)).toBe(SHA1);
    expect(shaSegment(SHA256)).toBe(SHA256);
    expect(shaSegment('ABCDEF0')).toBe('ABCDEF0');
  });

  it('lower-cases when asked, and stops at 40 characters when asked', () => {
    expect(shaSegment('ABCDEF0', { lowerCase: true })).toBe('abcdef0');
    expect(shaSegment(SHA1.toUpperCase(), { maxLength: 40, lowerCase: true })).toBe(SHA1);
    expect(refusal(() => shaSegment(SHA256, { maxLength: 40 })).code).toBe('INVALID_REQUEST');
  });

  it('refuses anything that is not 7 to 64 hexadecimal characters, with the provider named', () => {
    for (const input of [
      '',
      'abc123',
      'main',
      'g123456',
      `${SHA1}/../../admin`,
      'abc1234?x=1',
      'abc1234%2F',
      ' abc1234',
      'abc1234\n',
      `${SHA256}0`,
    ]) {
      const error = refusal(() => shaSegment(input, { provider: 'example' }));
      expect(error.code, JSON.stringify(input)).toBe('INVALID_REQUEST');
      expect(error.provider).toBe('example');
      expect(error.source).toBe('client');
    }
    expect(refusal(() => shaSegment(1234567 as unknown as string)).code).toBe('INVALID_REQUEST');
  });

  it('refuses a 100k-character hostile input quickly', () => {
    const started = performance.now();
    for (const hostile of [
      `${'a'.repeat(100_000)}!`,
      'f'.repeat(100_000),
      `${'0'.repeat(99_999)}/`,
    ])
      expect(refusal(() => shaSegment(hostile)).code).toBe('INVALID_REQUEST');
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('numberSegment', () => {
  it('passes non-negative safe integers through as decimal text', () => {
    expect(numberSegment(0)).toBe('0');
    expect(numberSegment(42)).toBe('42');
    expect(numberSegment(Number.MAX_SAFE_INTEGER)).toBe(String(Number.MAX_SAFE_INTEGER));
  });

  it('honours a minimum (GitHub numbers start at 1)', () => {
    expect(numberSegment(1, { min: 1 })).toBe('1');
    const error = refusal(() => numberSegment(0, { min: 1, provider: 'github' }));
    expect([error.code, error.provider, error.message]).toEqual([
      'INVALID_REQUEST',
      'github',
      'number must be a positive integer',
    ]);
    expect(refusal(() => numberSegment(-1)).message).toBe('number must be a non-negative integer');
    expect(refusal(() => numberSegment(4, { min: 5 })).message).toBe(
      'number must be an integer of at least 5',
    );
  });

  it('refuses fractions, NaN, infinities, unsafe integers and non-numbers', () => {
    for (const input of [
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MAX_SAFE_INTEGER + 1,
      '7' as unknown as number,
      '1/../admin' as unknown as number,
    ]) {
      expect(refusal(() => numberSegment(input)).code, String(input)).toBe('INVALID_REQUEST');
    }
  });

  it('refuses a 100k-character hostile input quickly', () => {
    const started = performance.now();
    const digits = '9'.repeat(100_000);
    expect(refusal(() => numberSegment(digits as unknown as number)).code).toBe('INVALID_REQUEST');
    expect(refusal(() => numberSegment(Number(digits))).code).toBe('INVALID_REQUEST');
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
