import type { Request } from 'express';
import { hashSecret, newId, newSecret } from '../crypto/tokens.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { readGatewayCookie } from '../http/cookies.js';
import { gatewayError } from '../http/errors.js';
import { bearerToken } from './bearer.js';
import { loadPersonalToken, PERSONAL_TOKEN_PREFIX } from './personal-tokens.js';

export const SESSION_COOKIE = 'sgg_session';

export interface SessionUser {
  /** The session's id, or the personal API token's. */
  sessionId: string;
  /** A signed-in session (cookie or `sggst_…`), or a personal API token (`sggpt_…`). */
  via: 'session' | 'personal_token';
  user: { id: string; email: string; name: string | null };
  /** The tenant this session acts in (the user's first membership unless chosen at login). */
  tenantId: string;
  role: string;
  memberships: { tenantId: string; role: string }[];
  expiresAt: Date;
}

export interface Sessions {
  /** Issues a session; returns the bearer token (shown once, stored as its hash). */
  create(userId: string, tenantId: string): Promise<{ token: string; expiresAt: Date }>;
  /**
   * The session of `Authorization: Bearer` or the session cookie, or the user of a personal API
   * token (`Bearer sggpt_…`, acting in its one workspace); AUTH_REQUIRED / AUTH_EXPIRED.
   */
  require(req: Request): Promise<SessionUser>;
  /** The same, or null when there is none (pages that render differently when signed in). */
  optional(req: Request): Promise<SessionUser | null>;
  revoke(req: Request): Promise<void>;
}

export function createSessions(
  prisma: PrismaClient,
  options: { ttlSeconds: number; publicUrl: string },
  now: () => number,
): Sessions {
  const { ttlSeconds } = options;
  const tokenOf = (req: Request): string | undefined => {
    const bearer = bearerToken(req);
    if (bearer?.startsWith('sggst_') === true || bearer?.startsWith(`${PERSONAL_TOKEN_PREFIX}_`))
      return bearer;
    return readGatewayCookie(req, options, SESSION_COOKIE);
  };

  const load = (token: string): Promise<SessionUser> =>
    token.startsWith(`${PERSONAL_TOKEN_PREFIX}_`)
      ? loadPersonalToken(prisma, token, now, ttlSeconds)
      : loadSession(token);

  const loadSession = async (token: string): Promise<SessionUser> => {
    const session = await prisma.session.findUnique({
      where: { tokenHash: hashSecret(token) },
      include: { user: { include: { memberships: { orderBy: { createdAt: 'asc' } } } } },
    });
    if (session === null || session.revokedAt !== null)
      throw gatewayError('INVALID_CREDENTIALS', 'The session is invalid or has ended.');
    if (session.expiresAt.getTime() <= now())
      throw gatewayError('AUTH_EXPIRED', 'The session has expired; sign in again.');
    const memberships = session.user.memberships.map(({ tenantId, role }) => ({ tenantId, role }));
    const active =
      memberships.find((membership) => membership.tenantId === session.tenantId) ?? memberships[0];
    if (active === undefined)
      throw gatewayError('INSUFFICIENT_SCOPE', 'This user belongs to no tenant.');
    return {
      sessionId: session.id,
      via: 'session',
      user: { id: session.user.id, email: session.user.email, name: session.user.name },
      tenantId: active.tenantId,
      role: active.role,
      memberships,
      expiresAt: session.expiresAt,
    };
  };

  return {
    async create(userId, tenantId) {
      const token = newSecret('sggst');
      const expiresAt = new Date(now() + ttlSeconds * 1000);
      await prisma.session.create({
        data: { id: newId('ses'), tokenHash: hashSecret(token), userId, tenantId, expiresAt },
      });
      return { token, expiresAt };
    },
    async require(req) {
      const token = tokenOf(req);
      if (token === undefined)
        throw gatewayError(
          'AUTH_REQUIRED',
          'Sign in: send Authorization: Bearer USER_SESSION_TOKEN (or a personal API token, sggpt_…) or the session cookie.',
        );
      return load(token);
    },
    async optional(req) {
      const token = tokenOf(req);
      if (token === undefined) return null;
      try {
        return await load(token);
      } catch {
        return null;
      }
    },
    async revoke(req) {
      const token = tokenOf(req);
      if (token === undefined) return;
      await prisma.session.updateMany({
        where: { tokenHash: hashSecret(token), revokedAt: null },
        data: { revokedAt: new Date(now()) },
      });
    },
  };
}
