import { z } from 'zod';

/** Built-in provider ids; a contributed provider may use its own string. */
export const BUILT_IN_PROVIDERS = ['github', 'gitlab', 'bitbucket'] as const;
export const ProviderIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/);
export type ProviderId = 'github' | 'gitlab' | 'bitbucket' | (string & {});

/** ISO-8601 timestamp, always UTC with `Z` after normalization. */
export const TimestampSchema = z.iso.datetime({ offset: true });

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
