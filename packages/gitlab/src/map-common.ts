export const GITLAB_PROVIDER_ID = 'gitlab';

/** What every mapper needs besides the payload. */
export interface MapContext {
  /** Attach the wire payload as `raw`. */
  includeRaw: boolean;
  /**
   * The instance root (`https://gitlab.com`, `https://example.com/gitlab`), without a trailing
   * slash: web URLs that the API does not return are built from it.
   */
  webBase: string;
}

/** Mappers build one literal with `provider` first and attach `raw` through this (see core). */
export { withRaw } from '@scm/core';

/** Provider timestamps in the normalized form (core's `toTimestamp`). */
export { toTimestamp as timestamp } from '@scm/core';

/** GitLab sends `""` for an empty description; the normalized form says null. */
export function text(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
