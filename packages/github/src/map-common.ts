import { invalidWebhook, type ScmEvent } from '@scm/core';
import type { z } from 'zod';

export const GITHUB_PROVIDER_ID = 'github';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
}

/** Mappers build one literal with `provider` first and attach `raw` through this (see core). */
export { withRaw } from '@scm/core';

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';

/**
 * A webhook payload's time: ISO-8601 UTC without milliseconds, from GitHub's ISO strings (any
 * offset) or epoch seconds (`repository.pushed_at`, `installation.updated_at` in some payloads);
 * null when absent.
 */
export function eventTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The fields every normalized event shares, `action` included (map-event.ts fills them). */
export type EventCommon = Pick<
  ScmEvent,
  | 'provider'
  | 'deliveryId'
  | 'occurredAt'
  | 'action'
  | 'repository'
  | 'sender'
  | 'installationId'
  | 'raw'
>;

/** Parses a webhook payload with its wire schema, or fails the delivery as malformed. */
export function eventPayload<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  event: string,
): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw invalidWebhook(
      GITHUB_PROVIDER_ID,
      `The ${event.slice(0, 64)} webhook payload does not have GitHub's documented shape.`,
    );
  return parsed.data;
}
