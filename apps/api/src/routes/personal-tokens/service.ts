import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { PERSONAL_TOKEN_PREFIX } from '../../auth/personal-tokens.js';
import type { SessionUser } from '../../auth/sessions.js';
import { gatewayError } from '../../http/errors.js';
import type { GatewayServices } from '../../services.js';

/** At most this many live tokens per user and workspace. */
export const MAX_PERSONAL_TOKENS = 50;

/** Only a signed-in session manages tokens: a leaked token cannot mint or hide others. */
function requireSignedIn(session: SessionUser): void {
  if (session.via !== 'session')
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      'Personal API tokens are managed from a signed-in session (Bearer sggst_… or the session cookie), not with a personal API token.',
    );
}

interface TokenRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const present = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
});

export async function listPersonalTokens(services: GatewayServices, session: SessionUser) {
  requireSignedIn(session);
  const rows = await services.prisma.personalToken.findMany({
    where: { userId: session.user.id, tenantId: session.tenantId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(present);
}

/** Creates a token; its value is in this answer only (stored as its hash). */
export async function createPersonalToken(
  services: GatewayServices,
  session: SessionUser,
  input: { name: string },
) {
  requireSignedIn(session);
  const where = { userId: session.user.id, tenantId: session.tenantId, revokedAt: null };
  if ((await services.prisma.personalToken.count({ where })) >= MAX_PERSONAL_TOKENS)
    throw gatewayError(
      'INVALID_REQUEST',
      `You have ${MAX_PERSONAL_TOKENS} personal API tokens in this workspace: revoke one (DELETE /v1/tokens/{id}) first.`,
    );
  const token = newSecret(PERSONAL_TOKEN_PREFIX);
  const row = await services.prisma.personalToken.create({
    data: {
      id: newId('pat'),
      userId: session.user.id,
      tenantId: session.tenantId,
      name: input.name,
      tokenHash: hashSecret(token),
    },
  });
  return { ...present(row), token };
}

/** Revokes one of the user's tokens of this workspace; NOT_FOUND for any other id. */
export async function revokePersonalToken(
  services: GatewayServices,
  session: SessionUser,
  id: string,
): Promise<void> {
  requireSignedIn(session);
  const revoked = await services.prisma.personalToken.updateMany({
    where: { id, userId: session.user.id, tenantId: session.tenantId, revokedAt: null },
    data: { revokedAt: new Date(services.now()) },
  });
  if (revoked.count === 0)
    throw gatewayError(
      'RESOURCE_NOT_FOUND',
      `No personal API token ${JSON.stringify(id)} of yours here.`,
    );
}
