import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './job-queue.js';

describe('retryDelaySeconds', () => {
  it('is the fixed delay without backoff', () => {
    const options = { retryDelaySeconds: 30, retryBackoff: false };
    expect([1, 2, 5].map((attempt) => retryDelaySeconds(attempt, options))).toEqual([30, 30, 30]);
  });

  it('doubles per attempt with backoff, with a jitter in [1, 2) (pg-boss 10: delay × 2^retryCount × (1 + random))', () => {
    const options = { retryDelaySeconds: 10, retryBackoff: true };
    expect([1, 2, 3].map((attempt) => retryDelaySeconds(attempt, options, () => 0))).toEqual([
      10, 20, 40,
    ]);
    expect(retryDelaySeconds(3, options, () => 0.5)).toBe(60);
    // pg-boss raises a zero delay to 1 s when backing off, and caps the doubling at 2^15.
    expect(retryDelaySeconds(1, { retryDelaySeconds: 0, retryBackoff: true }, () => 0)).toBe(1);
    expect(retryDelaySeconds(40, { retryDelaySeconds: 1, retryBackoff: true }, () => 0)).toBe(
      2 ** 15,
    );
  });
});
