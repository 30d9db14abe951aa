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

export function base(wire: unknown, context: MapContext): { provider: string; raw?: unknown } {
  return context.includeRaw
    ? { provider: GITLAB_PROVIDER_ID, raw: wire }
    : { provider: GITLAB_PROVIDER_ID };
}

/**
 * An ISO-8601 UTC timestamp without milliseconds, or null when absent or unparsable. GitLab's
 * webhooks use `2015-05-17 18:21:36 UTC`, which `Date.parse` does not read, so that form is
 * rewritten first.
 */
export function timestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const utc = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(value.trim());
  const ms = Date.parse(utc ? `${utc[1] ?? ''}T${utc[2] ?? ''}Z` : value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** GitLab sends `""` for an empty description; the normalized form says null. */
export function text(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
