import { hashSecret } from '../crypto/tokens.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import type { SessionUser } from './sessions.js';

// Personal API tokens (Scalingo's API tokens, seed 004's "Bearer user session or a personal API
// token"): a user's long-lived credential for scripts and CLIs, sent as `Authorization: Bearer
// sggpt_…`. It acts as its user in the one workspace it was created in, with the user's role there
// as it is now (checked on every use): removing the member, or revoking the token, ends it.
// Tokens are created, listed and revoked from a signed-in session only (routes/personal-tokens),
// so a leaked token cannot mint more. Stored as SHA-256 only.

export const PERSONAL_TOKEN_PREFIX = 'sggpt';

/** `lastUsedAt` is written at most this often per token (reads stay reads). */
const LAST_USED_EVERY_MS = 60_000;

export async function loadPersonalToken(
  prisma: PrismaClient,
  token: string,
  now: () => number,
  ttlSeconds: number,
): Promise<SessionUser> {
  const row = await prisma.personalToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { user: { include: { memberships: true } } },
  });
  if (row === null || row.revokedAt !== null)
    throw gatewayError(
      'INVALID_CREDENTIALS',
      'The personal API token is invalid or was revoked; create another from a signed-in session (POST /v1/tokens).',
    );
  const membership = row.user.memberships.find((one) => one.tenantId === row.tenantId);
  if (membership === undefined)
    throw gatewayError(
      'INVALID_CREDENTIALS',
      'The personal API token’s user is no longer a member of the workspace it was created in.',
    );
  const at = now();
  if (row.lastUsedAt === null || at - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS)
    await prisma.personalToken.updateMany({
      where: { id: row.id },
      data: { lastUsedAt: new Date(at) },
    });
  return {
    sessionId: row.id,
    via: 'personal_token',
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
    tenantId: membership.tenantId,
    role: membership.role,
    memberships: [{ tenantId: membership.tenantId, role: membership.role }],
    // A token has no end of its own; this authentication holds as long as a session would.
    expiresAt: new Date(at + ttlSeconds * 1000),
  };
}
