import { ScmError, type ScmEvent } from '@scm/core';
import type { z } from 'zod';

export const PROVIDER = 'github';

/** The fields every normalized event shares, `action` included. */
export type EventCommon = Pick<
  ScmEvent,
  'provider' | 'deliveryId' | 'occurredAt' | 'action' | 'repository' | 'sender' | 'raw'
>;

// A push that creates or deletes a ref reports the missing side as forty zeros.
const ZERO_SHA = /^0{40}$|^0{64}$/;

/**
 * ISO-8601 UTC without milliseconds, from GitHub's ISO strings (any offset) or epoch seconds
 * (`repository.pushed_at`, `installation.updated_at` in some payloads); null when absent.
 */
export function eventTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function malformed(event: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: PROVIDER,
    source: 'client',
    message: `The ${event.slice(0, 64)} webhook payload does not have GitHub's documented shape.`,
  });
}

/** Parses a payload with a wire schema, or fails the delivery as malformed. */
export function wire<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw malformed(event);
  return parsed.data;
}

/** A commit sha, or null for GitHub's all-zeros placeholder. */
export function sha(value: string | null | undefined): string | null {
  return value === null || value === undefined || ZERO_SHA.test(value) ? null : value;
}
