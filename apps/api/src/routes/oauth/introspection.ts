import { hashSecret } from '../../crypto/tokens.js';
import { readList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import { revokeFamily } from './refresh.js';

/** RFC 7662 §2.2. An inactive token is `{ "active": false }` and nothing else. */
export type Introspection =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      token_type?: 'Bearer';
      exp: number;
      iat: number;
      sub: string;
      iss: string;
      /** Extension members: the gateway's tenant, customer authorization and token kind. */
      tenant_id: string;
      authorization_id: string | null;
      token_kind: 'access_token' | 'refresh_token';
    };

const INACTIVE = { active: false } as const;

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * `POST /oauth/introspect` for the calling app's own tokens (access or refresh): a token of another
 * app, an unknown, expired, revoked, spent (rotated) one, or one whose customer authorization is
 * no longer active, is `{ "active": false }` alike, so an app learns nothing about others' tokens.
 */
export async function introspectToken(
  services: GatewayServices,
  client: { id: string },
  token: string,
): Promise<Introspection> {
  const { prisma, now, config } = services;
  const tokenHash = hashSecret(token);
  const at = now();
  const access = await prisma.accessToken.findUnique({
    where: { tokenHash },
    include: { authorization: true },
  });
  if (access !== null) {
    if (
      access.clientId !== client.id ||
      access.revokedAt !== null ||
      access.expiresAt.getTime() <= at ||
      (access.authorization !== null && access.authorization.status !== 'active')
    )
      return INACTIVE;
    return {
      active: true,
      scope: readList(access.permissions).join(' '),
      client_id: access.clientId,
      token_type: 'Bearer',
      exp: seconds(access.expiresAt),
      iat: seconds(access.createdAt),
      sub: access.authorization?.customerId ?? access.clientId,
      iss: config.publicUrl,
      tenant_id: access.tenantId,
      authorization_id: access.authorizationId,
      token_kind: 'access_token',
    };
  }
  const refresh = await prisma.refreshToken.findUnique({
    where: { tokenHash },
    include: { authorization: true },
  });
  if (
    refresh === null ||
    refresh.clientId !== client.id ||
    refresh.revokedAt !== null ||
    refresh.usedAt !== null ||
    refresh.expiresAt.getTime() <= at ||
    refresh.authorization.status !== 'active'
  )
    return INACTIVE;
  return {
    active: true,
    scope: readList(refresh.permissions).join(' '),
    client_id: refresh.clientId,
    exp: seconds(refresh.expiresAt),
    iat: seconds(refresh.createdAt),
    sub: refresh.authorization.customerId ?? refresh.clientId,
    iss: config.publicUrl,
    tenant_id: refresh.tenantId,
    authorization_id: refresh.authorizationId,
    token_kind: 'refresh_token',
  };
}

/**
 * `POST /oauth/revoke` (RFC 7009) for the calling app's own tokens: an access token is revoked
 * alone; a refresh token ends its family (its refresh tokens and the access tokens issued from
 * them, RFC 7009 §2.1). Another app's token, or an unknown one, is left alone and answered the same
 * 200, so revocation reveals nothing either.
 */
export async function revokeToken(
  services: GatewayServices,
  client: { id: string },
  token: string,
): Promise<void> {
  const { prisma, now } = services;
  const tokenHash = hashSecret(token);
  const revoked = await prisma.accessToken.updateMany({
    where: { tokenHash, clientId: client.id, revokedAt: null },
    data: { revokedAt: new Date(now()) },
  });
  if (revoked.count > 0) {
    services.platformAuth.invalidate();
    return;
  }
  const refresh = await prisma.refreshToken.findUnique({ where: { tokenHash } });
  if (refresh !== null && refresh.clientId === client.id)
    await revokeFamily(services, refresh.familyId);
}
