import type { RateLimitInfo } from './types.js';

function integer(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  // The IETF draft allows `limit, limit;w=3600` forms; the first number is the one that applies.
  const match = /^\d{1,15}/.exec(trimmed);
  return match ? Number(match[0]) : null;
}

// A reset this large is a Unix time, not a delay: no rate-limit window lasts 30 years.
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

/**
 * `ratelimit-reset` as epoch seconds. The IETF draft sends seconds from now; GitLab sends a Unix
 * time under the same name (https://docs.gitlab.com/user/gitlab_com/#rate-limits-on-gitlabcom).
 */
export function ietfResetToEpochSeconds(value: number, nowMs: number): number {
  return isEpochSeconds(value) ? value : Math.ceil(nowMs / 1000) + value;
}

/** True for a `ratelimit-reset` that is a Unix time rather than a delay. */
export function isEpochSeconds(value: number): boolean {
  return value >= EPOCH_SECONDS_FLOOR;
}

/**
 * Reads `x-ratelimit-limit/remaining/reset/resource` (GitHub; reset in epoch seconds) and the
 * `ratelimit-limit/remaining/reset` names (IETF draft, GitLab; see `ietfResetToEpochSeconds`).
 * Null when the response carries neither. `headers` must have lower-cased names.
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
    resetAt: ietfResetIn === null ? null : ietfResetToEpochSeconds(ietfResetIn, nowMs),
    resource: null,
  };
}
