import { createFirewall } from '@scm/firewall';
import { ScmError } from '@scm/core';
import type { z } from 'zod';
import { revocationWrites } from '../../auth/revocation.js';
import { hashSecret } from '../../crypto/tokens.js';
import { retryOnConflict } from '../../db/unique.js';
import type {
  AccessToken,
  Authorization,
  AuthorizationConnection,
  AuthorizationRepository,
  OAuthClient,
} from '../../generated/sqlite/client.js';
import { gatewayError } from '../../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../../http/keyset-page.js';
import { readList, writeList } from '../../json-list.js';
import {
  createOAuthClient,
  presentClient,
  presentCreatedClient,
} from '../../oauth-clients/service.js';
import type { GatewayServices } from '../../services.js';
import { createTenant, presentTenant } from '../../tenants.js';
import { removeUncoveredHooks, removeUpstreamHooks } from '../../webhooks/remove-hooks.js';
import type { CreateClientBody, CreateGrantBody, CreateTenantSchema } from './schemas.js';

type GrantRow = Authorization & {
  connections: AuthorizationConnection[];
  repositories: AuthorizationRepository[];
};
type TokenRow = AccessToken & { client: OAuthClient; authorization: Authorization | null };
/** A keyset page's position and size (see http/keyset-page.ts). */
type Page = { after: KeysetPage['after']; take: number };

const grantInclude = { connections: true, repositories: { orderBy: { fullName: 'asc' } } } as const;
const tokenInclude = { client: true, authorization: true } as const;

function presentGrant(row: GrantRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    customerId: row.customerId,
    status: row.status,
    permissions: readList(row.permissions),
    allRepositories: row.allRepositories,
    connectionIds: row.connections.map((link) => link.connectionId).sort(),
    repositories: row.repositories.map(({ connectionId, provider, repositoryId, fullName }) => ({
      connectionId,
      provider,
      repositoryId,
      fullName,
    })),
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Whether a platform token would authenticate now (the same rules as platform-auth). */
function isActive(row: TokenRow, now: number): boolean {
  return (
    row.revokedAt === null &&
    row.expiresAt.getTime() > now &&
    row.client.deletedAt === null &&
    (row.authorization === null || row.authorization.status === 'active')
  );
}

// Never the token or its hash.
function presentToken(row: TokenRow, now: number) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    authorizationId: row.authorizationId,
    issuedBy: row.issuedBy,
    permissions: readList(row.permissions),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    active: isActive(row, now),
  };
}

/** One keyset page of tenants (rows as stored: the page needs their keys; present each with `presentTenant`). */
export function listTenants(services: GatewayServices, page: Page) {
  return services.prisma.tenant.findMany({
    where: page.after,
    orderBy: KEYSET_ORDER,
    take: page.take,
  });
}

export async function createTenantView(
  services: GatewayServices,
  input: z.infer<typeof CreateTenantSchema>,
) {
  return presentTenant(await createTenant(services, input));
}

export { presentTenant };

/** One keyset page of apps, optionally of one tenant or owner. */
export function listClients(
  services: GatewayServices,
  filters: { tenantId?: string | undefined; ownerUserId?: string | undefined },
  page: Page,
) {
  return services.prisma.oAuthClient.findMany({
    where: {
      ...(filters.tenantId === undefined ? {} : { tenantId: filters.tenantId }),
      ...(filters.ownerUserId === undefined ? {} : { ownerUserId: filters.ownerUserId }),
      ...page.after,
    },
    orderBy: KEYSET_ORDER,
    take: page.take,
  });
}

export { presentClient };

/** Creates an app in a tenant, optionally owned by one of its members; the secret is returned this once. */
export async function createClient(
  services: GatewayServices,
  input: z.infer<typeof CreateClientBody>,
) {
  const { prisma } = services;
  const tenant = await prisma.tenant.findUnique({ where: { id: input.tenantId } });
  if (tenant === null) throw gatewayError('INVALID_REQUEST', 'tenantId names no tenant.');
  const ownerUserId = input.ownerUserId ?? null;
  if (ownerUserId !== null) {
    const membership = await prisma.membership.findUnique({
      where: { userId_tenantId: { userId: ownerUserId, tenantId: tenant.id } },
    });
    if (membership === null)
      throw gatewayError('INVALID_REQUEST', 'ownerUserId is not a member of the tenant.');
  }
  const created = await createOAuthClient(services, {
    tenantId: tenant.id,
    ownerUserId,
    name: input.name,
    description: input.description ?? null,
    allowedRedirectUris: input.allowedRedirectUris,
    defaultPermissions: input.defaultPermissions,
  });
  return presentCreatedClient(services, created);
}

/** One keyset page of grants (rows with their keys), optionally of one tenant, app or connection. */
export async function listGrants(
  services: GatewayServices,
  filters: {
    tenantId?: string | undefined;
    clientId?: string | undefined;
    connectionId?: string | undefined;
  },
  page: Page,
) {
  const { tenantId, clientId, connectionId } = filters;
  const rows = await services.prisma.authorization.findMany({
    where: {
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(clientId === undefined ? {} : { clientId }),
      ...(connectionId === undefined ? {} : { connections: { some: { connectionId } } }),
      ...page.after,
    },
    include: grantInclude,
    orderBy: KEYSET_ORDER,
    take: page.take,
  });
  return rows.map((row) => ({ id: row.id, createdAt: row.createdAt, view: presentGrant(row) }));
}

/** Grants an app access to connections (and, if listed, only those repositories). */
export async function createGrant(
  services: GatewayServices,
  input: z.infer<typeof CreateGrantBody>,
) {
  const { prisma } = services;
  const connectionIds = [
    ...new Set([
      ...(input.connectionIds ?? []),
      ...(input.connectionId === undefined ? [] : [input.connectionId]),
    ]),
  ];
  if (connectionIds.length === 0)
    throw gatewayError('INVALID_REQUEST', 'Send connectionIds (or connectionId).');
  const client = await prisma.oAuthClient.findFirst({
    where: { id: input.clientId, tenantId: input.tenantId, deletedAt: null },
  });
  if (client === null)
    throw gatewayError('INVALID_REQUEST', 'clientId names no live client of this tenant.');
  const connections = await prisma.connection.findMany({
    where: { id: { in: connectionIds }, tenantId: input.tenantId },
  });
  if (connections.length !== connectionIds.length)
    throw gatewayError('INVALID_REQUEST', 'Every connection must belong to the tenant.');
  const customerId = input.customerId ?? null;
  if (customerId !== null) {
    const customer = await prisma.customer.findFirst({
      where: { id: customerId, tenantId: input.tenantId },
    });
    if (customer === null)
      throw gatewayError('INVALID_REQUEST', 'customerId names no customer of this tenant.');
  }
  const providerOf = new Map(connections.map((connection) => [connection.id, connection.provider]));
  const repositories = new Map<
    string,
    { id: string; connectionId: string; provider: string; repositoryId: string; fullName: string }
  >();
  for (const repository of input.repositories ?? []) {
    const provider = providerOf.get(repository.connectionId);
    if (provider === undefined)
      throw gatewayError(
        'INVALID_REQUEST',
        "Every repository must name one of the grant's connections.",
      );
    const key = `${provider}\u0000${repository.repositoryId}`;
    if (!repositories.has(key))
      repositories.set(key, { id: services.newId('arepo'), provider, ...repository });
  }
  const permissions = writeList(input.permissions ?? readList(client.defaultPermissions));
  const data = {
    status: 'active',
    revokedAt: null,
    permissions,
    allRepositories: input.repositories === undefined,
    connections: { create: connectionIds.map((connectionId) => ({ connectionId, permissions })) },
    repositories: { create: [...repositories.values()] },
  };
  // One authorization per app and customer: an admin grant for a customer replaces what it held.
  const grant = await retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const existing =
        customerId === null
          ? null
          : await tx.authorization.findUnique({
              where: { clientId_customerId: { clientId: client.id, customerId } },
            });
      if (existing === null) {
        return tx.authorization.create({
          data: {
            id: services.newId('authz'),
            tenantId: input.tenantId,
            clientId: client.id,
            customerId,
            ...data,
          },
          include: grantInclude,
        });
      }
      await tx.authorizationConnection.deleteMany({ where: { authorizationId: existing.id } });
      await tx.authorizationRepository.deleteMany({ where: { authorizationId: existing.id } });
      return tx.authorization.update({ where: { id: existing.id }, data, include: grantInclude });
    }),
  );
  // A client_credentials token resolves the client's grants: let it see this one at once.
  services.platformAuth.invalidate();
  // A grant replaced with less takes the app's webhooks outside it away.
  await removeUncoveredHooks(services, [grant.id]);
  return presentGrant(grant);
}

/** Revokes a grant, its tokens and unused codes, then removes its webhooks upstream. */
export async function revokeGrant(services: GatewayServices, grantId: string) {
  const { prisma } = services;
  const existing = await prisma.authorization.findUnique({ where: { id: grantId } });
  if (existing === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such grant.');
  const at = new Date(services.now());
  const [, accessTokens, authorizationCodes] = await prisma.$transaction([
    ...revocationWrites(prisma, { authorizationIds: [grantId] }, at),
  ]);
  services.platformAuth.invalidate();
  // The grant's webhooks go too (after the revocation, which a provider failure never undoes).
  await removeUpstreamHooks(services, { authorizationIds: [grantId] });
  const grant = await prisma.authorization.findUniqueOrThrow({
    where: { id: grantId },
    include: grantInclude,
  });
  return {
    ...presentGrant(grant),
    revoked: { accessTokens: accessTokens.count, authorizationCodes: authorizationCodes.count },
  };
}

/** One keyset page of platform tokens (never the token or its hash), optionally of one tenant or app. */
export async function listTokens(
  services: GatewayServices,
  filters: { tenantId?: string | undefined; clientId?: string | undefined },
  page: Page,
) {
  const { tenantId, clientId } = filters;
  const rows = await services.prisma.accessToken.findMany({
    where: {
      ...(tenantId === undefined ? {} : { tenantId }),
      ...(clientId === undefined ? {} : { clientId }),
      ...page.after,
    },
    include: tokenInclude,
    orderBy: KEYSET_ORDER,
    take: page.take,
  });
  const now = services.now();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    view: presentToken(row, now),
  }));
}

/** RFC 7662-like: anything that would not authenticate is just `{ active: false }`. */
export async function introspectToken(services: GatewayServices, token: string) {
  const row = await services.prisma.accessToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: tokenInclude,
  });
  if (row === null || !isActive(row, services.now())) return { active: false } as const;
  const permissions = readList(row.permissions);
  return {
    active: true,
    id: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    authorizationId: row.authorizationId,
    permissions,
    expiresAt: row.expiresAt.toISOString(),
    issuedBy: row.issuedBy,
    scope: permissions.join(' '),
    client_id: row.clientId,
    token_type: 'Bearer',
    exp: Math.floor(row.expiresAt.getTime() / 1000),
    iat: Math.floor(row.createdAt.getTime() / 1000),
  } as const;
}

/** Revokes one platform token (RESOURCE_NOT_FOUND for an unknown id); `revokedNow` is false when it already was. */
export async function revokeToken(services: GatewayServices, tokenId: string) {
  const { prisma } = services;
  const { count } = await prisma.accessToken.updateMany({
    where: { id: tokenId, revokedAt: null },
    data: { revokedAt: new Date(services.now()) },
  });
  services.platformAuth.invalidate();
  const row = await prisma.accessToken.findUnique({
    where: { id: tokenId },
    include: tokenInclude,
  });
  if (row === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such token.');
  return { ...presentToken(row, services.now()), revokedNow: count === 1 };
}

/**
 * picomatch accepts nearly anything (an unterminated `[` silently becomes a literal), so a typo in
 * a blocked pattern would quietly block nothing. Reject what is clearly broken: control characters,
 * a trailing `\\`, an unterminated `[…]`, unbalanced `{}` or `()`. Then compile the list on a
 * throw-away firewall, so whatever else it refuses is the caller's INVALID_REQUEST, never a 500.
 */
export function assertGlobsCompile(patterns: readonly string[]): void {
  patterns.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem !== null)
      throw gatewayError(
        'INVALID_REQUEST',
        `Invalid request. body.blockedFilePatterns.${index}: ${problem}`,
      );
  });
  try {
    createFirewall({ hashKey: 'glob-validation-only', blockedPaths: [...patterns] });
  } catch (error) {
    if (ScmError.isInstance(error)) throw error;
    throw gatewayError(
      'INVALID_REQUEST',
      'Invalid request. body.blockedFilePatterns: a pattern is not a valid glob.',
    );
  }
}

/** A linear scan (no regex over the untrusted pattern); null when the glob is well formed. */
export function globProblem(pattern: string): string | null {
  let braces = 0;
  let parens = 0;
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return 'contains a control character';
    const char = pattern[i];
    if (char === '\\') {
      if (i === pattern.length - 1) return 'ends with an unescaped "\\"';
      i++;
    } else if (char === '[') {
      let j = i + 1;
      if (pattern[j] === '!' || pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return 'has an unterminated "["';
      i = j;
    } else if (char === '{') braces++;
    else if (char === '}') {
      if (--braces < 0) return 'has an unbalanced "}"';
    } else if (char === '(') parens++;
    else if (char === ')') {
      if (--parens < 0) return 'has an unbalanced ")"';
    }
  }
  if (braces !== 0) return 'has an unbalanced "{"';
  if (parens !== 0) return 'has an unbalanced "("';
  return null;
}
