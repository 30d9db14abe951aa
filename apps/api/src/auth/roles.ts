import { gatewayError } from '../http/errors.js';
import type { SessionUser } from './sessions.js';

/** A user's role in a tenant, most to least powerful. */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);

/**
 * Throws INSUFFICIENT_SCOPE, naming the roles needed, unless the session's role in its tenant is
 * one of `allowed` (seed 001: "Role: owner or admin").
 */
export function requireRole(session: SessionUser, allowed: readonly Role[], action: string): void {
  if ((allowed as readonly string[]).includes(session.role)) return;
  const needed =
    allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  throw gatewayError(
    'INSUFFICIENT_SCOPE',
    `Role ${needed} is required to ${action}; this user is ${session.role}.`,
  );
}
