export const GITHUB_PROVIDER_ID = 'github';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
}

export function base(wire: unknown, context: MapContext): { provider: string; raw?: unknown } {
  return context.includeRaw
    ? { provider: GITHUB_PROVIDER_ID, raw: wire }
    : { provider: GITHUB_PROVIDER_ID };
}

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';
