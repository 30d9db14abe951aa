import { z } from 'zod';

import { AccountEmail, AccountName, AccountPassword } from '../../auth/account-fields.js';

export { MIN_PASSWORD_LENGTH } from '../../auth/account-fields.js';
const OptionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value === '' ? undefined : value));

// `.strip()`: a form also posts its button; JSON clients may send extra fields.
export const SignupSchema = z
  .object({
    name: AccountName,
    email: AccountEmail,
    password: AccountPassword,
    company: OptionalText,
    companyName: OptionalText,
    tenantName: OptionalText,
  })
  .strip();

export const LoginSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1).max(254),
    password: z.string().min(1).max(256),
    tenantId: z.string().min(1).max(128).optional(),
  })
  .strip();

export const ClientIdParams = z.object({ clientId: z.string().min(1).max(128) });

/** The dashboard's usage range (`?range=24h|7d|30d`); anything else shows the default week. */
export const RangeQuery = z.object({ range: z.enum(['24h', '7d', '30d']).catch('7d') }).strip();
