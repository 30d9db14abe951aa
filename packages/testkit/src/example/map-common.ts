export const EXAMPLE_PROVIDER_ID = 'example';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
}

/** Mappers build one literal with `provider` first and attach `raw` through this (see core). */
export { withRaw } from '@scm/core';

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';
