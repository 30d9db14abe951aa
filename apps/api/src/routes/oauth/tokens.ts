import { hashSecret, newId, newSecret, safeEqual } from '../../crypto/tokens.js';
import { gatewayError } from '../../http/errors.js';
import { readList, writeList } from '../../json-list.js';
import { sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import type { PlatformTokenRequest } from './schemas.js';

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
  issuedBy: 'authorization_code' | 'client_credentials' | 'refresh_token';
  permissions: string[];
  connectionIds: string[];
  /** Only for authorization_code and refresh_token grants on `/oauth/token` (single use, rotated). */
  refreshToken?: string;
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
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
    /** The refresh-token family it belongs to (revoked with it), if any. */
    familyId?: string | null;
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
      familyId: input.familyId ?? null,
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
