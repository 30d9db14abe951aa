import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  computeBackoff,
  isRateLimitResponse,
  isRetryableNetworkError,
  parseRetryAfter,
} from './retry.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('computeBackoff', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('grows exponentially up to the cap, scaled by the jitter', () => {
    const max = (): number => 0.999_999;
    expect(computeBackoff(0, options, max)).toBe(99);
    expect(computeBackoff(1, options, max)).toBe(199);
    expect(computeBackoff(2, options, max)).toBe(399);
    expect(computeBackoff(3, options, max)).toBe(799);
    expect(computeBackoff(4, options, max)).toBe(999);
    expect(computeBackoff(60, options, max)).toBe(999);
  });

  it('is full jitter: anywhere from 0 to the ceiling', () => {
    expect(computeBackoff(3, options, () => 0)).toBe(0);
    expect(computeBackoff(3, options, () => 0.5)).toBe(400);
  });

  it('clamps a misbehaving random source', () => {
    expect(computeBackoff(0, DEFAULT_RETRY, () => 7)).toBe(DEFAULT_RETRY.baseDelayMs);
    expect(computeBackoff(0, DEFAULT_RETRY, () => -1)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, NOW)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': ' 0 ' }, NOW)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW)).toBe(0);
  });

  it('reads x-ratelimit-reset (epoch seconds) only once the limit is exhausted', () => {
    const reset = String(NOW / 1000 + 42);
    expect(parseRetryAfter({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, NOW)).toBe(
      42_000,
    );
    expect(
      parseRetryAfter({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }, NOW),
    ).toBeNull();
  });

  it('reads a ratelimit-reset past 10^9 as GitLab’s Unix time', () => {
    const resetAt = String(Math.floor(NOW / 1000) + 90);
    expect(parseRetryAfter({ 'ratelimit-remaining': '0', 'ratelimit-reset': resetAt }, NOW)).toBe(
      90_000,
    );
  });

  it('reads the IETF ratelimit-reset as seconds from now', () => {
    expect(parseRetryAfter({ 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }, NOW)).toBe(7000);
  });

  it('prefers retry-after over the reset headers', () => {
    const reset = String(NOW / 1000 + 600);
    expect(
      parseRetryAfter(
        { 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        NOW,
      ),
    ).toBe(2000);
  });

  it('returns null when nothing usable is there', () => {
    expect(parseRetryAfter({}, NOW)).toBeNull();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, NOW)).toBeNull();
    expect(parseRetryAfter({ 'retry-after': '-5' }, NOW)).toBeNull();
  });
});

describe('isRateLimitResponse', () => {
  it.each([
    [429, {}, true],
    [403, { 'x-ratelimit-remaining': '0' }, true],
    [403, { 'retry-after': '60' }, true],
    [403, { 'x-ratelimit-remaining': '12' }, false],
    [403, {}, false],
    [503, { 'retry-after': '60' }, false],
  ])('%i %o → %s', (status, headers, expected) => {
    expect(isRateLimitResponse(status, headers)).toBe(expected);
  });
});

describe('isRetryableNetworkError', () => {
  it('recognises transport failures, also nested as a cause', () => {
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(
      true,
    );
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }))).toBe(
      true,
    );
    expect(
      isRetryableNetworkError(new Error('x', { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })),
    ).toBe(true);
  });

  it('does not retry programming or argument errors', () => {
    expect(
      isRetryableNetworkError(Object.assign(new Error('x'), { code: 'UND_ERR_INVALID_ARG' })),
    ).toBe(false);
    expect(isRetryableNetworkError(new TypeError('boom'))).toBe(false);
    expect(isRetryableNetworkError('ECONNRESET')).toBe(false);
  });
});
