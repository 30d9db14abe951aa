import { hashSecret, newId, newSecret } from '../../crypto/tokens.js';
import { readList, writeList } from '../../json-list.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { oauthError } from './oauth-errors.js';
import type { TokenRequest } from './schemas.js';
import { issueToken, type IssuedToken } from './tokens.js';

export const REFRESH_TOKEN_PREFIX = 'sggrt';

/** A refresh token unused for this long expires (each rotation starts a new period). */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * A new refresh token of `familyId` (a family is one authorization code's lineage: its id is the
 * code's). Only its hash is stored; the plaintext exists only in the token response.
 */
export async function issueRefreshToken(
  services: GatewayServices,
  input: {
    familyId: string;
    tenantId: string;
    clientId: string;
    authorizationId: string;
    permissions: readonly string[];
  },
): Promise<string> {
  const refreshToken = newSecret(REFRESH_TOKEN_PREFIX);
  await services.prisma.refreshToken.create({
    data: {
      id: newId('rtk'),
      tokenHash: hashSecret(refreshToken),
      familyId: input.familyId,
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorizationId: input.authorizationId,
      permissions: writeList(input.permissions),
      expiresAt: new Date(services.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    },
  });
  return refreshToken;
}

/** Ends a family: its refresh tokens and the access tokens they (and the code) issued. */
export async function revokeFamily(services: GatewayServices, familyId: string): Promise<void> {
  const { prisma } = services;
  const at = new Date(services.now());
  await prisma.$transaction([
    prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: at },
    }),
    prisma.accessToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: at },
    }),
  ]);
  services.platformAuth.invalidate();
}

/** The access token response with its refresh token, in both spellings like the rest of it. */
export function withRefreshToken(issued: IssuedToken, refreshToken: string): IssuedToken {
  return { ...issued, refreshToken, refresh_token: refreshToken };
}

/**
 * `grant_type=refresh_token` (RFC 6749 §6, RFC 9700 §4.14.2): rotation with reuse detection. The
 * presented token is spent and a new one of the same family issued with the access token; a spent
 * token presented again (a thief's copy, or the client's after the thief used it) revokes the whole
 * family, so neither party keeps access. `scope` may narrow the access token; the new refresh
 * token keeps the original scopes. Another client's token answers exactly like an unknown one.
 */
export async function refreshTokenGrant(
  services: GatewayServices,
  client: { id: string },
  body: TokenRequest,
): Promise<IssuedToken> {
  const { prisma, now } = services;
  if (body.refresh_token === undefined)
    throw oauthError('invalid_request', 'refresh_token is required for grant_type=refresh_token.');
  const row = await prisma.refreshToken.findUnique({
    where: { tokenHash: hashSecret(body.refresh_token) },
    include: { authorization: true },
  });
  if (row === null || row.clientId !== client.id)
    throw oauthError('invalid_grant', 'The refresh token is invalid.');
  if (row.revokedAt !== null)
    throw oauthError(
      'invalid_grant',
      'The refresh token has been revoked; send the customer through /oauth/authorize again.',
    );
  const reused = async (): Promise<never> => {
    await revokeFamily(services, row.familyId);
    throw oauthError(
      'invalid_grant',
      'The refresh token was already used; every token of its family is now revoked. Send the customer through /oauth/authorize again.',
    );
  };
  if (row.usedAt !== null) await reused();
  if (row.expiresAt.getTime() <= now())
    throw oauthError(
      'invalid_grant',
      'The refresh token has expired; send the customer through /oauth/authorize again.',
    );
  if (row.authorization.status !== 'active')
    throw oauthError(
      'invalid_grant',
      'The customer authorization behind this refresh token is no longer active.',
    );
  const granted = readList(row.permissions);
  const requested = body.scope === undefined ? granted : parseScopeList(body.scope);
  const outside = requested.filter((scope) => !isScope(scope) || !granted.includes(scope));
  if (requested.length === 0 || outside.length > 0)
    throw oauthError(
      'invalid_scope',
      `scope may only narrow the refresh token's scopes (${granted.join(' ')}); outside them: ${outside.join(' ').slice(0, 200)}`,
    );
  // The first presentation wins; a concurrent second one is a reuse.
  const claimed = await prisma.refreshToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null },
    data: { usedAt: new Date(now()) },
  });
  if (claimed.count === 0) await reused();
  const issued = await issueToken(services, {
    tenantId: row.tenantId,
    clientId: row.clientId,
    authorizationId: row.authorizationId,
    codeId: null,
    issuedBy: 'refresh_token',
    permissions: sortScopes(requested),
    familyId: row.familyId,
  });
  const next = await issueRefreshToken(services, {
    familyId: row.familyId,
    tenantId: row.tenantId,
    clientId: row.clientId,
    authorizationId: row.authorizationId,
    permissions: granted,
  });
  return withRefreshToken(issued, next);
}
