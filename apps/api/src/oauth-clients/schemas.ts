import { z } from 'zod';
import { isScope, sortScopes } from '../scopes.js';

export const MAX_REDIRECT_URIS = 20;

/** An exact redirect URI: absolute http(s), no fragment (RFC 6749 §3.1.2), no embedded credentials. */
export const RedirectUriSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      ctx.addIssue({ code: 'custom', message: 'must use http or https' });
    if (value.includes('#'))
      ctx.addIssue({ code: 'custom', message: 'must not contain a fragment' });
    if (url.username !== '' || url.password !== '')
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
  });

export const RedirectUrisSchema = z.array(RedirectUriSchema).min(1).max(MAX_REDIRECT_URIS);

/** Known scopes only; stored unique and in catalogue order. */
export const PermissionsSchema = z
  .array(z.string().refine(isScope, { message: 'is not a known scope' }))
  .min(1)
  .max(50)
  .transform((scopes) => sortScopes(scopes));

const NameSchema = z.string().trim().min(1).max(100);
const DescriptionSchema = z.string().trim().max(1000).nullable();

/** POST /v1/developer/apps (seed: "Create App (API Example)"). */
export const CreateAppSchema = z
  .object({
    name: NameSchema,
    description: DescriptionSchema.optional(),
    allowedRedirectUris: RedirectUrisSchema,
    defaultPermissions: PermissionsSchema,
  })
  .strict();

/** PATCH /v1/developer/apps/:clientId: any subset of the create fields, at least one. */
export const UpdateAppSchema = z
  .object({
    name: NameSchema.optional(),
    description: DescriptionSchema.optional(),
    allowedRedirectUris: RedirectUrisSchema.optional(),
    defaultPermissions: PermissionsSchema.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'send at least one field to change',
  });
