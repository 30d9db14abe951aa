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

/** An ISO-8601 UTC timestamp without milliseconds, or null when absent or unparsable. */
export function timestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
