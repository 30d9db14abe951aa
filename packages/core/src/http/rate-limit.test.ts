import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from './rate-limit.js';

const NOW = Date.UTC(2025, 0, 1);

describe('parseRateLimitHeaders', () => {
  it('reads GitHub x-ratelimit-* headers', () => {
    expect(
      parseRateLimitHeaders(
        {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4987',
          'x-ratelimit-reset': '1735693200',
          'x-ratelimit-resource': 'core',
        },
        NOW,
      ),
    ).toEqual({ limit: 5000, remaining: 4987, resetAt: 1735693200, resource: 'core' });
  });

  it('reads a ratelimit-reset past 10^9 as a Unix time, as GitLab sends it', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(
      parseRateLimitHeaders(
        { 'ratelimit-limit': '2000', 'ratelimit-remaining': '0', 'ratelimit-reset': '1767225660' },
        now,
      ),
    ).toEqual({ limit: 2000, remaining: 0, resetAt: 1767225660, resource: null });
  });

  it('converts the IETF ratelimit-reset (seconds from now) to epoch seconds', () => {
    expect(
      parseRateLimitHeaders(
        { 'ratelimit-limit': '600', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' },
        NOW,
      ),
    ).toEqual({ limit: 600, remaining: 0, resetAt: NOW / 1000 + 30, resource: null });
  });

  it('reads the first number of a policy-style value', () => {
    expect(parseRateLimitHeaders({ 'ratelimit-limit': '100, 100;w=60' }, NOW)?.limit).toBe(100);
  });

  it('is null without rate-limit headers', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' }, NOW)).toBeNull();
  });
});
