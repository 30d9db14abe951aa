import { hashSecret, newId, newSecret } from '../crypto/tokens.js';
import { writeList } from '../json-list.js';
import type { GatewayServices } from '../services.js';

/** Rows the integration tests need but no route of theirs makes (connections, grants, tokens, codes). */

export async function seedCustomer(
  services: GatewayServices,
  tenantId: string,
  customerRef = newId('ref'),
) {
  return services.prisma.customer.create({
    data: { id: newId('cust'), tenantId, customerRef, name: `Customer ${customerRef}` },
  });
}

export async function seedConnection(
  services: GatewayServices,
  input: {
    tenantId: string;
    provider?: 'github' | 'gitlab' | 'bitbucket';
    accountLogin?: string;
    customerId?: string | null;
  },
) {
  const provider = input.provider ?? 'github';
  const host = services.hosts.defaultFor(provider);
  return services.prisma.connection.create({
    data: {
      id: newId('conn'),
      tenantId: input.tenantId,
      customerId: input.customerId ?? null,
      providerHostId: host.id,
      provider,
      accountId: newId('acct'),
      accountLogin: input.accountLogin ?? `login-${provider}`,
      accountName: 'Octo Cat',
      tokenType: 'token',
      accessTokenEnc: services.secretBox.encrypt('provider-access-token-value'),
      refreshTokenEnc: services.secretBox.encrypt('provider-refresh-token-value'),
      expiresAt: null,
      scopes: writeList(['repo', 'read:org']),
      status: 'active',
    },
  });
}

export async function seedGrant(
  services: GatewayServices,
  input: {
    tenantId: string;
    clientId: string;
    connectionIds: string[];
    repositories?: {
      connectionId: string;
      provider: string;
      repositoryId: string;
      fullName: string;
    }[];
    status?: string;
  },
) {
  return services.prisma.authorization.create({
    data: {
      id: newId('authz'),
      tenantId: input.tenantId,
      clientId: input.clientId,
      status: input.status ?? 'active',
      permissions: writeList(['read:repositories']),
      allRepositories: input.repositories === undefined,
      connections: { create: input.connectionIds.map((connectionId) => ({ connectionId })) },
      repositories: {
        create: (input.repositories ?? []).map((repository) => ({
          id: newId('arepo'),
          ...repository,
        })),
      },
    },
  });
}

export async function seedToken(
  services: GatewayServices,
  input: {
    tenantId: string;
    clientId: string;
    authorizationId: string | null;
    permissions?: string[];
    expiresInSeconds?: number;
  },
): Promise<{ id: string; token: string }> {
  const token = newSecret('sggat');
  const row = await services.prisma.accessToken.create({
    data: {
      id: newId('atk'),
      tokenHash: hashSecret(token),
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorizationId: input.authorizationId,
      issuedBy: input.authorizationId === null ? 'client_credentials' : 'authorization_code',
      permissions: writeList(input.permissions ?? ['read:repositories']),
      expiresAt: new Date(services.now() + (input.expiresInSeconds ?? 3600) * 1000),
    },
  });
  return { id: row.id, token };
}

export async function seedCode(
  services: GatewayServices,
  input: { authorizationId: string; clientId: string },
) {
  return services.prisma.authorizationCode.create({
    data: {
      id: newId('code'),
      codeHash: hashSecret(newSecret('sggac')),
      authorizationId: input.authorizationId,
      clientId: input.clientId,
      redirectUri: 'https://acme.example.com/oauth/callback',
      permissions: writeList(['read:repositories']),
      expiresAt: new Date(services.now() + 60_000),
    },
  });
}
