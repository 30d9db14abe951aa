import type { OAuthTokens } from '@scm/core';
import type { SecretBox } from '../crypto/secret-box.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { advisoryXactLock } from '../db/advisory-lock.js';
import { createSlots } from '../slots.js';

/** The sealed columns of a connection's OAuth pair. */
export interface SealedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  expiresAt: Date | null;
  scopes: string;
}

/** A connection's stored OAuth pair, opened. */
export function connectionTokens(row: SealedTokens, secretBox: SecretBox): OAuthTokens {
  return {
    accessToken: secretBox.decrypt(row.accessTokenEnc),
    refreshToken: row.refreshTokenEnc === null ? null : secretBox.decrypt(row.refreshTokenEnc),
    expiresAt: row.expiresAt?.getTime() ?? null,
    scopes: JSON.parse(row.scopes) as string[],
    tokenType: 'bearer',
  };
}

/** How long one refresh may hold, or wait for, a connection's lock (the token endpoint included). */
const REFRESH_LOCK_MS = 60_000;

/**
 * Refresh transactions one process runs at once. Each holds a pooled connection for the lock while
 * the adapter stores the new pair through another: unbounded, a burst of expiring connections
 * could hold the whole pool (pg's default, 10) and leave their own writes waiting for it.
 */
const MAX_REFRESHES = 4;

/**
 * PostgreSQL, where several gateway processes (WEB_CONCURRENCY) each hold an adapter for the same
 * connection: its token refresh runs under a transaction-scoped advisory lock on the connection,
 * with the pair as stored now. A process that waited finds the pair the first one stored (the
 * adapter's `onRefresh` writes it before the lock is released) and uses it, instead of refreshing
 * with a refresh token the provider already rotated away — which GitLab, Bitbucket and GitHub
 * refuse, and which would have told the caller to reconnect a healthy account.
 */
export function createExclusiveRefresh(prisma: PrismaClient, secretBox: SecretBox) {
  const withSlot = createSlots({ concurrency: MAX_REFRESHES });
  return (
    connectionId: string,
    refresh: (stored: OAuthTokens | null) => Promise<OAuthTokens>,
  ): Promise<OAuthTokens> => withSlot(() => locked(prisma, secretBox, connectionId, refresh));
}

function locked(
  prisma: PrismaClient,
  secretBox: SecretBox,
  connectionId: string,
  refresh: (stored: OAuthTokens | null) => Promise<OAuthTokens>,
): Promise<OAuthTokens> {
  return prisma.$transaction(
    async (tx) => {
      await advisoryXactLock(tx, `scm-token-refresh:${connectionId}`);
      const row = await tx.connection.findUnique({
        where: { id: connectionId },
        select: { accessTokenEnc: true, refreshTokenEnc: true, expiresAt: true, scopes: true },
      });
      const accessTokenEnc = row?.accessTokenEnc ?? null;
      return refresh(
        row === null || accessTokenEnc === null
          ? null
          : connectionTokens({ ...row, accessTokenEnc }, secretBox),
      );
    },
    { maxWait: REFRESH_LOCK_MS, timeout: REFRESH_LOCK_MS },
  );
}
