import type { RateLimitInfo } from './types.js';

function integer(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  // The IETF draft allows `limit, limit;w=3600` forms; the first number is the one that applies.
  const match = /^\d{1,15}/.exec(trimmed);
  return match ? Number(match[0]) : null;
}

/**
 * Reads `x-ratelimit-limit/remaining/reset/resource` (GitHub, GitLab; reset in epoch seconds) and
 * the IETF draft's `ratelimit-limit/remaining/reset` (GitLab; reset in seconds from now, hence
 * `nowMs`). Null when the response carries neither. `headers` must have lower-cased names.
 */
export function parseRateLimitHeaders(
  headers: Readonly<Record<string, string>>,
  nowMs: number,
): RateLimitInfo | null {
  const limit = integer(headers['x-ratelimit-limit']);
  const remaining = integer(headers['x-ratelimit-remaining']);
  const resetAt = integer(headers['x-ratelimit-reset']);
  if (limit !== null || remaining !== null || resetAt !== null) {
    return { limit, remaining, resetAt, resource: headers['x-ratelimit-resource']?.trim() ?? null };
  }
  const ietfLimit = integer(headers['ratelimit-limit']);
  const ietfRemaining = integer(headers['ratelimit-remaining']);
  const ietfResetIn = integer(headers['ratelimit-reset']);
  if (ietfLimit === null && ietfRemaining === null && ietfResetIn === null) return null;
  return {
    limit: ietfLimit,
    remaining: ietfRemaining,
    resetAt: ietfResetIn === null ? null : Math.ceil(nowMs / 1000) + ietfResetIn,
    resource: null,
  };
}
