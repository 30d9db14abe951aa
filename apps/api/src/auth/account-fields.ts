import { z } from 'zod';

// The fields of a user account as every form and JSON route takes them (signup, invitations).

export const MIN_PASSWORD_LENGTH = 10;

export const AccountName = z.string().trim().min(1).max(100);
export const AccountEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const AccountPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256);
