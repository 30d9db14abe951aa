import { createHash } from 'node:crypto';
import { hashSecret, newId, newSecret, safeEqual } from '../../crypto/tokens.js';
import { gatewayError } from '../../http/errors.js';
import { readList, writeList } from '../../json-list.js';
import { isScope, parseScopeList, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import type { PlatformTokenRequest, TokenRequest } from './schemas.js';

export const ACCESS_TOKEN_PREFIX = 'sggat';

/** The token response of the seed ("Token Exchange"), plus RFC 6749's fields for OAuth libraries. */
export interface IssuedToken {
  id: string;
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  expiresInSeconds: number;
  tenantId: string;
  clientId: string;
  authorizationId: string | null;
  issuedBy: 'authorization_code' | 'client_credentials';
  permissions: string[];
  connectionIds: string[];
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** A client's id and secret, from the request body or HTTP Basic. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export async function authenticateClient(
  services: GatewayServices,
  clientId: string,
  clientSecret: string,
) {
  const client = await services.prisma.oAuthClient.findUnique({ where: { id: clientId } });
  // Compare against a dummy hash for unknown clients so timing does not reveal which ids exist.
  const valid = safeEqual(
    hashSecret(clientSecret),
    client?.secretHash ?? hashSecret('unknown-client'),
  );
  if (client === null || client.deletedAt !== null || !valid)
    throw gatewayError('INVALID_CREDENTIALS', 'The client credentials are invalid.');
  return client;
}

export async function issueToken(
  services: GatewayServices,
  input: {
    tenantId: string;
    clientId: string;
    authorizationId: string | null;
    codeId: string | null;
    issuedBy: IssuedToken['issuedBy'];
    permissions: string[];
  },
): Promise<IssuedToken> {
  const { prisma, config, now } = services;
  const accessToken = newSecret(ACCESS_TOKEN_PREFIX);
  const expiresAt = new Date(now() + config.accessTokenTtlSeconds * 1000);
  const row = await prisma.accessToken.create({
    data: {
      id: newId('atk'),
      tokenHash: hashSecret(accessToken),
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorizationId: input.authorizationId,
      codeId: input.codeId,
      issuedBy: input.issuedBy,
      permissions: writeList(input.permissions),
      expiresAt,
    },
  });
  const connectionIds = await connectionIdsFor(
    services,
    input.authorizationId,
    input.clientId,
    input.tenantId,
  );
  return {
    id: row.id,
    accessToken,
    tokenType: 'Bearer',
    expiresAt: expiresAt.toISOString(),
    expiresInSeconds: config.accessTokenTtlSeconds,
    tenantId: input.tenantId,
    clientId: input.clientId,
    authorizationId: input.authorizationId,
    issuedBy: input.issuedBy,
    permissions: input.permissions,
    connectionIds,
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: config.accessTokenTtlSeconds,
    scope: input.permissions.join(' '),
  };
}

export async function connectionIdsFor(
  services: GatewayServices,
  authorizationId: string | null,
  clientId: string,
  tenantId: string,
): Promise<string[]> {
  const links = await services.prisma.authorizationConnection.findMany({
    where:
      authorizationId === null
        ? { authorization: { clientId, tenantId, status: 'active' } }
        : { authorizationId },
    select: { connectionId: true },
  });
  return [...new Set(links.map((link) => link.connectionId))];
}

/** RFC 7636 S256: BASE64URL(SHA256(verifier)) === challenge. */
function pkceMatches(verifier: string, challenge: string): boolean {
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

/** `POST /oauth/token`: authorization_code (exact redirect URI, optional PKCE S256) and client_credentials. */
export async function exchangeToken(
  services: GatewayServices,
  credentials: ClientCredentials,
  body: TokenRequest,
): Promise<IssuedToken> {
  const client = await authenticateClient(services, credentials.clientId, credentials.clientSecret);
  const { prisma, now } = services;

  if (body.grant_type === 'client_credentials') {
    const allowed = readList(client.defaultPermissions);
    const requested = body.scope === undefined ? allowed : parseScopeList(body.scope);
    const unknown = requested.filter((scope) => !isScope(scope) || !allowed.includes(scope));
    if (unknown.length > 0)
      throw gatewayError(
        'INSUFFICIENT_SCOPE',
        `Scopes outside the app's permissions: ${unknown.join(', ').slice(0, 200)}`,
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

  if (body.code === undefined)
    throw gatewayError('INVALID_REQUEST', 'code is required for grant_type=authorization_code.');
  if (body.redirect_uri === undefined)
    throw gatewayError(
      'INVALID_REQUEST',
      'redirect_uri is required for grant_type=authorization_code.',
    );
  const code = await prisma.authorizationCode.findUnique({
    where: { codeHash: hashSecret(body.code) },
    include: { authorization: true },
  });
  if (code === null || code.clientId !== client.id)
    throw gatewayError('INVALID_REQUEST', 'The authorization code is invalid.');
  const replayed = async (): Promise<never> => {
    // Single use: the first exchange wins; a replay revokes every token that code issued (RFC 6749 §4.1.2).
    await prisma.accessToken.updateMany({
      where: { codeId: code.id, revokedAt: null },
      data: { revokedAt: new Date(now()) },
    });
    services.platformAuth.invalidate();
    throw gatewayError(
      'INVALID_REQUEST',
      'The authorization code was already used; the tokens it issued are revoked.',
    );
  };
  if (code.usedAt !== null) await replayed();
  if (code.expiresAt.getTime() <= now())
    throw gatewayError('INVALID_REQUEST', 'The authorization code has expired.');
  if (code.redirectUri !== body.redirect_uri)
    throw gatewayError('INVALID_REQUEST', 'redirect_uri does not match the authorization request.');
  // PKCE (RFC 7636, RFC 9700 §2.1.1). A verifier for a code issued without a challenge is a
  // downgrade attempt: refused. A missing or wrong verifier does not spend the code, so an attacker
  // who holds a stolen code but no verifier cannot burn the legitimate client's exchange; the code
  // still dies after its 60 s either way.
  if (code.codeChallenge === null) {
    if (body.code_verifier !== undefined)
      throw gatewayError(
        'INVALID_REQUEST',
        'code_verifier was sent, but the authorization request had no code_challenge.',
      );
  } else {
    if (body.code_verifier === undefined)
      throw gatewayError('INVALID_REQUEST', 'code_verifier is required (PKCE).');
    if (!pkceMatches(body.code_verifier, code.codeChallenge))
      throw gatewayError('INVALID_REQUEST', 'code_verifier does not match the code challenge.');
  }
  const claimed = await prisma.authorizationCode.updateMany({
    where: { id: code.id, usedAt: null },
    data: { usedAt: new Date(now()) },
  });
  if (claimed.count === 0) await replayed();
  if (code.authorization.status !== 'active') throw gatewayError('APPROVAL_PENDING');
  return issueToken(services, {
    tenantId: code.authorization.tenantId,
    clientId: client.id,
    authorizationId: code.authorizationId,
    codeId: code.id,
    issuedBy: 'authorization_code',
    permissions: readList(code.permissions),
  });
}

/** `POST /v1/platform/tokens`: a token for one of the client's grants, or a client_credentials token. */
export async function issuePlatformToken(
  services: GatewayServices,
  body: PlatformTokenRequest,
): Promise<IssuedToken> {
  const client = await authenticateClient(services, body.clientId, body.clientSecret);
  if (body.grantId === undefined) {
    const allowed = readList(client.defaultPermissions);
    const permissions = body.permissions ?? allowed;
    const outside = permissions.filter((scope) => !allowed.includes(scope));
    if (outside.length > 0)
      throw gatewayError(
        'INSUFFICIENT_SCOPE',
        `Scopes outside the app's permissions: ${outside.join(', ').slice(0, 200)}`,
      );
    return issueToken(services, {
      tenantId: client.tenantId,
      clientId: client.id,
      authorizationId: null,
      codeId: null,
      issuedBy: 'client_credentials',
      permissions: sortScopes(permissions),
    });
  }
  const grant = await services.prisma.authorization.findUnique({ where: { id: body.grantId } });
  if (grant === null || grant.clientId !== client.id)
    throw gatewayError('RESOURCE_NOT_FOUND', 'No such grant for this client.');
  if (grant.status === 'pending') throw gatewayError('APPROVAL_PENDING');
  if (grant.status !== 'active')
    throw gatewayError('APPROVAL_REQUIRED', 'The grant has been revoked.');
  const granted = readList(grant.permissions);
  const permissions = body.permissions ?? granted;
  const outside = permissions.filter((scope) => !granted.includes(scope));
  if (outside.length > 0)
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      `Scopes outside the grant: ${outside.join(', ').slice(0, 200)}`,
    );
  return issueToken(services, {
    tenantId: grant.tenantId,
    clientId: client.id,
    authorizationId: grant.id,
    codeId: null,
    issuedBy: 'authorization_code',
    permissions: sortScopes(permissions),
  });
}
