import { z } from 'zod';

export const ProviderIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/);
export type ProviderId = 'github' | 'gitlab' | 'bitbucket' | (string & {});

/** ISO-8601 timestamp, always UTC with `Z` after normalization. */
export const TimestampSchema = z.iso.datetime({ offset: true });

// GitLab's webhooks write `2015-05-17 18:21:36 UTC`, which `Date.parse` does not read.
const SPACED_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;
const CANONICAL =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

/**
 * A provider's timestamp in the normalized form: UTC, `Z`, whole seconds (providers disagree on
 * fractions: none on GitHub, milliseconds on GitLab, microseconds on Bitbucket). Null when absent
 * or unparsable.
 */
export function toTimestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Already normalized (GitHub's own form): a day no month lacks, so the Date round trip below
  // would give back the same string. Days 29–31 take the slow path, which rolls an impossible
  // date over the way `Date.parse` does (#21: a page of commits read two of these per item).
  if (CANONICAL.test(value)) return value;
  const spaced = SPACED_UTC.exec(value.trim());
  const ms = Date.parse(spaced ? `${spaced[1] ?? ''}T${spaced[2] ?? ''}Z` : value);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Every normalized resource carries its provider and, only when asked for, the provider's payload. */
export const resourceBase = {
  provider: ProviderIdSchema,
  raw: z.unknown().optional(),
};

/** A person or bot as the provider names them; git authors may have no provider account. */
export const ActorSchema = z.object({
  id: z.string().nullable(),
  login: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});
export type Actor = z.infer<typeof ActorSchema>;
