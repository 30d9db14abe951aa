import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 10;

const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const OptionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value === '' ? undefined : value));

// `.strip()`: a form also posts its button; JSON clients may send extra fields.
export const SignupSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: Email,
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(256),
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
