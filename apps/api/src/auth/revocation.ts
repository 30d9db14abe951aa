import type { PrismaClient } from '../generated/sqlite/client.js';

/** Whose access ends: every authorization of an app, or the listed authorizations. */
export type RevocationScope = { clientId: string } | { authorizationIds: string[] };

/**
 * The writes that end access, for one `$transaction([...])`: the authorizations are revoked, their
 * access tokens revoked and their unused codes spent. Callers then `platformAuth.invalidate()`.
 */
export function revocationWrites(prisma: PrismaClient, scope: RevocationScope, at: Date) {
  const byClient = 'clientId' in scope;
  const issued = byClient
    ? { clientId: scope.clientId }
    : { authorizationId: { in: scope.authorizationIds } };
  return [
    prisma.authorization.updateMany({
      where: {
        ...(byClient ? { clientId: scope.clientId } : { id: { in: scope.authorizationIds } }),
        status: { not: 'revoked' },
      },
      data: { status: 'revoked', revokedAt: at },
    }),
    prisma.accessToken.updateMany({
      where: { ...issued, revokedAt: null },
      data: { revokedAt: at },
    }),
    prisma.authorizationCode.updateMany({
      where: { ...issued, usedAt: null },
      data: { usedAt: at },
    }),
  ] as const;
}
