import { z } from 'zod';
import { ROLES } from '../auth/roles.js';
import { AccountName, AccountPassword } from '../auth/account-fields.js';

const Id = z.string().min(1).max(128);
const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const Role = z.enum(ROLES);

export const ListQuery = z
  .object({ limit: z.unknown().optional(), cursor: z.unknown().optional() })
  .strict();

export const UserIdParams = z.object({ userId: Id });
export const InvitationIdParams = z.object({ id: Id });

// `.strip()`: a form also posts its button and its CSRF token.
export const InviteSchema = z.object({ email: Email, role: Role }).strip();
export const RoleChangeSchema = z.object({ role: Role }).strip();

/** The invitation's token; a new account's name and password follow the signup form's rules. */
export const AcceptSchema = z
  .object({
    token: z.string().trim().min(1).max(200),
    name: AccountName.optional(),
    password: AccountPassword.optional(),
  })
  .strip();

export const AcceptQuery = z.object({ token: z.string().trim().min(1).max(200) }).strip();

export type Invite = z.infer<typeof InviteSchema>;
export type Accept = z.infer<typeof AcceptSchema>;
