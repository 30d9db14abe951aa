import { createHash } from 'node:crypto';
import { hashSecret, safeEqual } from '../../crypto/tokens.js';
import { readList } from '../../json-list.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { oauthError } from './oauth-errors.js';
import { issueRefreshToken, refreshTokenGrant, revokeFamily, withRefreshToken } from './refresh.js';
import type { TokenRequest } from './schemas.js';
import { authenticateClient, issueToken, type IssuedToken } from './tokens.js';

/** A client's id and secret, and how it sent them (RFC 6749 §2.3.1). */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** RFC 7636 S256: BASE64URL(SHA256(verifier)) === challenge. */
function pkceMatches(verifier: string, challenge: string): boolean {
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

/**
 * `POST /oauth/token`: authorization_code (exact redirect URI, optional PKCE S256; with a refresh
 * token), refresh_token (rotated, see refresh.ts) and client_credentials (no refresh token, RFC
 * 6749 §4.4.3). Errors are OAuth errors (RFC 6749 §5.2).
 */
export async function exchangeToken(
  services: GatewayServices,
  credentials: ClientCredentials,
  body: TokenRequest,
): Promise<IssuedToken> {
  const client = await authenticateClient(services, credentials.clientId, credentials.clientSecret);
  switch (body.grant_type) {
    case 'client_credentials':
      return clientCredentialsGrant(services, client, body);
    case 'authorization_code':
      return authorizationCodeGrant(services, client, body);
    case 'refresh_token':
      return refreshTokenGrant(services, client, body);
    default:
      throw oauthError(
        'unsupported_grant_type',
        `grant_type ${body.grant_type.slice(0, 40)} is not supported; use one of ${GRANT_TYPES.join(', ')}.`,
      );
  }
}

async function clientCredentialsGrant(
  services: GatewayServices,
  client: { id: string; tenantId: string; defaultPermissions: string },
  body: TokenRequest,
): Promise<IssuedToken> {
  const allowed = readList(client.defaultPermissions);
  const requested = body.scope === undefined ? allowed : parseScopeList(body.scope);
  const unknown = requested.filter((scope) => !isScope(scope) || !allowed.includes(scope));
  if (unknown.length > 0)
    throw oauthError(
      'invalid_scope',
      `Scopes outside the app's permissions (${allowed.join(' ')}): ${unknown.join(' ').slice(0, 200)}`,
    );
  return issueToken(services, {
    tenantId: client.tenantId,
    clientId: client.id,
    authorizationId: null,
    codeId: null,
    issuedBy: 'client_credentials',
    permissions: sortScopes(requested),
  });
}

async function authorizationCodeGrant(
  services: GatewayServices,
  client: { id: string },
  body: TokenRequest,
): Promise<IssuedToken> {
  const { prisma, now } = services;
  if (body.code === undefined)
    throw oauthError('invalid_request', 'code is required for grant_type=authorization_code.');
  if (body.redirect_uri === undefined)
    throw oauthError(
      'invalid_request',
      'redirect_uri is required for grant_type=authorization_code: send the one of the authorization request.',
    );
  const code = await prisma.authorizationCode.findUnique({
    where: { codeHash: hashSecret(body.code) },
    include: { authorization: true },
  });
  // Another client's code answers exactly like an unknown one.
  if (code === null || code.clientId !== client.id)
    throw oauthError('invalid_grant', 'The authorization code is invalid.');
  const replayed = async (): Promise<never> => {
    // Single use: the first exchange wins; a replay revokes every token that code issued, refreshed
    // ones included (RFC 6749 §4.1.2; the code's id is its refresh-token family).
    await prisma.accessToken.updateMany({
      where: { codeId: code.id, revokedAt: null },
      data: { revokedAt: new Date(now()) },
    });
    await revokeFamily(services, code.id);
    throw oauthError(
      'invalid_grant',
      'The authorization code was already used; the tokens it issued are revoked.',
    );
  };
  if (code.usedAt !== null) await replayed();
  if (code.expiresAt.getTime() <= now())
    throw oauthError(
      'invalid_grant',
      'The authorization code has expired (codes live 60 s); send the customer through /oauth/authorize again.',
    );
  if (code.redirectUri !== body.redirect_uri)
    throw oauthError('invalid_grant', 'redirect_uri does not match the authorization request.');
  // PKCE (RFC 7636, RFC 9700 §2.1.1). A verifier for a code issued without a challenge is a
  // downgrade attempt: refused. A missing or wrong verifier does not spend the code, so an attacker
  // who holds a stolen code but no verifier cannot burn the legitimate client's exchange; the code
  // still dies after its 60 s either way.
  if (code.codeChallenge === null) {
    if (body.code_verifier !== undefined)
      throw oauthError(
        'invalid_grant',
        'code_verifier was sent, but the authorization request had no code_challenge.',
      );
  } else {
    if (body.code_verifier === undefined)
      throw oauthError(
        'invalid_request',
        'code_verifier is required (PKCE): the authorization request had a code_challenge.',
      );
    if (!pkceMatches(body.code_verifier, code.codeChallenge))
      throw oauthError('invalid_grant', 'code_verifier does not match the code challenge.');
  }
  const claimed = await prisma.authorizationCode.updateMany({
    where: { id: code.id, usedAt: null },
    data: { usedAt: new Date(now()) },
  });
  if (claimed.count === 0) await replayed();
  if (code.authorization.status !== 'active')
    throw oauthError(
      'invalid_grant',
      code.authorization.status === 'pending'
        ? 'The authorization is waiting for an administrator of the customer to approve it.'
        : 'The authorization behind this code has been revoked.',
    );
  const permissions = readList(code.permissions);
  const issued = await issueToken(services, {
    tenantId: code.authorization.tenantId,
    clientId: client.id,
    authorizationId: code.authorizationId,
    codeId: code.id,
    issuedBy: 'authorization_code',
    permissions,
    familyId: code.id,
  });
  const refreshToken = await issueRefreshToken(services, {
    familyId: code.id,
    tenantId: code.authorization.tenantId,
    clientId: client.id,
    authorizationId: code.authorizationId,
    permissions,
  });
  return withRefreshToken(issued, refreshToken);
}
