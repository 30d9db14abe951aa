import type { OAuthTokens, Viewer } from '@scm/core';
import { newId } from '../../crypto/tokens.js';
import { writeList } from '../../json-list.js';
import type { ProviderHostRecord } from '../../providers/registry.js';
import type { GatewayServices } from '../../services.js';

/** The public form of a connection: never a token, sealed or not. */
export function presentConnection(connection: {
  id: string;
  tenantId: string;
  customerId: string | null;
  provider: string;
  accountId: string;
  accountLogin: string;
  accountName: string | null;
  tokenType: string;
  scopes: string;
  status: string;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  providerHost: { id: string; host: string };
}) {
  return {
    id: connection.id,
    tenantId: connection.tenantId,
    customerId: connection.customerId,
    provider: connection.provider,
    host: connection.providerHost.host,
    providerHostId: connection.providerHost.id,
    accountId: connection.accountId,
    accountLogin: connection.accountLogin,
    accountName: connection.accountName,
    tokenType: connection.tokenType,
    scopes: JSON.parse(connection.scopes) as string[],
    status: connection.status,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}

/**
 * Stores (or refreshes) the connection of one provider account: the same account connected again by
 * the same owner updates its tokens instead of piling up rows.
 */
export async function saveConnection(
  services: GatewayServices,
  input: {
    tenantId: string;
    customerId: string | null;
    userId: string | null;
    host: ProviderHostRecord;
    viewer: Viewer;
    tokenType: 'oauth' | 'token';
    tokens: Pick<OAuthTokens, 'accessToken' | 'refreshToken' | 'expiresAt' | 'scopes'>;
  },
) {
  const { prisma, secretBox } = services;
  const sealed = {
    tokenType: input.tokenType,
    accessTokenEnc: secretBox.encrypt(input.tokens.accessToken),
    refreshTokenEnc: input.tokens.refreshToken === null ? null : secretBox.encrypt(input.tokens.refreshToken),
    expiresAt: input.tokens.expiresAt === null ? null : new Date(input.tokens.expiresAt),
    scopes: writeList(input.tokens.scopes),
    status: 'active',
    accountLogin: input.viewer.login,
    accountName: input.viewer.name,
  };
  const existing = await prisma.connection.findFirst({
    where: { tenantId: input.tenantId, customerId: input.customerId, providerHostId: input.host.id, accountId: input.viewer.id },
  });
  const connection =
    existing === null
      ? await prisma.connection.create({
          data: {
            id: newId('conn'),
            tenantId: input.tenantId,
            customerId: input.customerId,
            userId: input.userId,
            providerHostId: input.host.id,
            provider: input.host.provider,
            accountId: input.viewer.id,
            ...sealed,
          },
          include: { providerHost: true },
        })
      : await prisma.connection.update({ where: { id: existing.id }, data: sealed, include: { providerHost: true } });
  services.platformAuth.invalidate();
  return connection;
}
