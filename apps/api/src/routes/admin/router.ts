import { createFirewall } from '@scm/firewall';
import { ScmError } from '@scm/core';
import { Router } from 'express';
import { z } from 'zod';
import { revocationWrites } from '../../auth/revocation.js';
import { keysetPage, KEYSET_ORDER } from '../../http/keyset-page.js';
import { requireAdminKey } from '../../auth/admin-auth.js';
import { hashSecret } from '../../crypto/tokens.js';
import { FirewallSettingsSchema } from '../../firewall-service.js';
import type { AccessToken, Authorization, AuthorizationConnection, AuthorizationRepository, OAuthClient } from '../../generated/sqlite/client.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { retryOnUniqueViolation } from '../../db/unique.js';
import { gatewayError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import { readList, writeList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import { removeUpstreamHooks } from '../../webhooks/remove-hooks.js';
import { PermissionsSchema, RedirectUrisSchema } from '../../oauth-clients/schemas.js';
import { createOAuthClient, presentClient, presentCreatedClient } from '../../oauth-clients/service.js';
import { CreateTenantSchema, createTenant, globProblem, presentTenant } from './service.js';

const Id = z.string().min(1).max(128);
const Limit = z.unknown().optional();

const Cursor = z.unknown().optional();
const TenantsQuery = z.object({ limit: Limit, cursor: Cursor }).strict();
const ClientsQuery = z.object({ limit: Limit, cursor: Cursor, tenantId: Id.optional(), ownerUserId: Id.optional() }).strict();
const GrantsQuery = z.object({ limit: Limit, cursor: Cursor, tenantId: Id.optional(), clientId: Id.optional(), connectionId: Id.optional() }).strict();
const TokensQuery = z.object({ limit: Limit, cursor: Cursor, tenantId: Id.optional(), clientId: Id.optional() }).strict();

const CreateClientBody = z
  .object({
    tenantId: Id,
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).nullable().optional(),
    allowedRedirectUris: RedirectUrisSchema,
    defaultPermissions: PermissionsSchema,
    ownerUserId: Id.nullable().optional(),
  })
  .strict();

const CreateGrantBody = z
  .object({
    tenantId: Id,
    clientId: Id,
    connectionIds: z.array(Id).min(1).max(50).optional(),
    connectionId: Id.optional(),
    customerId: Id.nullable().optional(),
    /** Defaults to the client's default permissions. */
    permissions: PermissionsSchema.optional(),
    /** Omitted: every repository of the connections (allRepositories). */
    repositories: z
      .array(
        z
          .object({
            connectionId: Id,
            repositoryId: z.string().trim().min(1).max(256),
            fullName: z.string().trim().min(1).max(512),
          })
          .strict(),
      )
      .min(1)
      .max(1000)
      .optional(),
  })
  .strict();

const IntrospectBody = z
  .object({
    token: z.string().min(1).max(4096),
    token_type_hint: z.string().max(64).optional(),
  })
  .strict();

const GrantIdParams = z.object({ grantId: Id });
const TokenIdParams = z.object({ tokenId: Id });

type GrantRow = Authorization & { connections: AuthorizationConnection[]; repositories: AuthorizationRepository[] };
type TokenRow = AccessToken & { client: OAuthClient; authorization: Authorization | null };

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
    repositories: row.repositories.map(({ connectionId, provider, repositoryId, fullName }) => ({ connectionId, provider, repositoryId, fullName })),
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

/**
 * Platform admin API (seed: "Platform Admin API") and the firewall config, each route behind
 * `x-admin-api-key`. The guard is mounted per route so it never answers for another router's path.
 * (`POST /v1/platform/tokens` is token issuance with client credentials: the oauth router's.)
 */
export function adminRouter(services: GatewayServices): Router {
  const router = Router();
  const admin = requireAdminKey(services.adminApiKey);
  const { prisma } = services;

  const keyset = (endpoint: string, limit: unknown, cursor: unknown, filters: Record<string, string | undefined> = {}) =>
    keysetPage(services.cursors, { endpoint, filters, limit: parseLimit(limit), principal: 'platform-admin', cursor });

  router.get('/v1/platform/tenants', admin, async (req, res) => {
    const { limit, cursor } = parseInput(TenantsQuery, req.query, 'query');
    const page = keyset('admin.tenants', limit, cursor);
    const { rows, pageInfo } = page.finish(await prisma.tenant.findMany({ where: page.after, orderBy: KEYSET_ORDER, take: page.take }));
    sendCollection(res, rows.map(presentTenant), pageInfo);
  });

  router.post('/v1/platform/tenants', admin, async (req, res) => {
    const input = parseInput(CreateTenantSchema, req.body, 'body');
    const tenant = await createTenant(services, input);
    sendJson(res, 201, presentTenant(tenant));
  });

  router.get('/v1/platform/clients', admin, async (req, res) => {
    const { limit, cursor, tenantId, ownerUserId } = parseInput(ClientsQuery, req.query, 'query');
    const page = keyset('admin.clients', limit, cursor, { tenantId, ownerUserId });
    const { rows, pageInfo } = page.finish(
      await prisma.oAuthClient.findMany({
        where: { ...(tenantId === undefined ? {} : { tenantId }), ...(ownerUserId === undefined ? {} : { ownerUserId }), ...page.after },
        orderBy: KEYSET_ORDER,
        take: page.take,
      }),
    );
    sendCollection(res, rows.map((row) => presentClient(row, services)), pageInfo);
  });

  router.post('/v1/platform/clients', admin, async (req, res) => {
    const input = parseInput(CreateClientBody, req.body, 'body');
    const tenant = await prisma.tenant.findUnique({ where: { id: input.tenantId } });
    if (tenant === null) throw gatewayError('INVALID_REQUEST', 'tenantId names no tenant.');
    const ownerUserId = input.ownerUserId ?? null;
    if (ownerUserId !== null) {
      const membership = await prisma.membership.findUnique({ where: { userId_tenantId: { userId: ownerUserId, tenantId: tenant.id } } });
      if (membership === null) throw gatewayError('INVALID_REQUEST', 'ownerUserId is not a member of the tenant.');
    }
    const created = await createOAuthClient(services, {
      tenantId: tenant.id,
      ownerUserId,
      name: input.name,
      description: input.description ?? null,
      allowedRedirectUris: input.allowedRedirectUris,
      defaultPermissions: input.defaultPermissions,
    });
    res.setHeader('cache-control', 'no-store');
    sendJson(res, 201, presentCreatedClient(services, created));
  });

  router.get('/v1/platform/grants', admin, async (req, res) => {
    const { limit, cursor, tenantId, clientId, connectionId } = parseInput(GrantsQuery, req.query, 'query');
    const page = keyset('admin.grants', limit, cursor, { tenantId, clientId, connectionId });
    const { rows, pageInfo } = page.finish(
      await prisma.authorization.findMany({
        where: {
          ...(tenantId === undefined ? {} : { tenantId }),
          ...(clientId === undefined ? {} : { clientId }),
          ...(connectionId === undefined ? {} : { connections: { some: { connectionId } } }),
          ...page.after,
        },
        include: grantInclude,
        orderBy: KEYSET_ORDER,
        take: page.take,
      }),
    );
    sendCollection(res, rows.map(presentGrant), pageInfo);
  });

  router.post('/v1/platform/grants', admin, async (req, res) => {
    const input = parseInput(CreateGrantBody, req.body, 'body');
    const connectionIds = [...new Set([...(input.connectionIds ?? []), ...(input.connectionId === undefined ? [] : [input.connectionId])])];
    if (connectionIds.length === 0) throw gatewayError('INVALID_REQUEST', 'Send connectionIds (or connectionId).');
    const client = await prisma.oAuthClient.findFirst({ where: { id: input.clientId, tenantId: input.tenantId, deletedAt: null } });
    if (client === null) throw gatewayError('INVALID_REQUEST', 'clientId names no live client of this tenant.');
    const connections = await prisma.connection.findMany({ where: { id: { in: connectionIds }, tenantId: input.tenantId } });
    if (connections.length !== connectionIds.length) throw gatewayError('INVALID_REQUEST', 'Every connection must belong to the tenant.');
    const customerId = input.customerId ?? null;
    if (customerId !== null) {
      const customer = await prisma.customer.findFirst({ where: { id: customerId, tenantId: input.tenantId } });
      if (customer === null) throw gatewayError('INVALID_REQUEST', 'customerId names no customer of this tenant.');
    }
    const providerOf = new Map(connections.map((connection) => [connection.id, connection.provider]));
    const repositories = new Map<string, { id: string; connectionId: string; provider: string; repositoryId: string; fullName: string }>();
    for (const repository of input.repositories ?? []) {
      const provider = providerOf.get(repository.connectionId);
      if (provider === undefined) throw gatewayError('INVALID_REQUEST', 'Every repository must name one of the grant\'s connections.');
      const key = `${provider}\u0000${repository.repositoryId}`;
      if (!repositories.has(key)) repositories.set(key, { id: services.newId('arepo'), provider, ...repository });
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
    const grant = await retryOnUniqueViolation(() =>
      prisma.$transaction(async (tx) => {
        const existing = customerId === null ? null : await tx.authorization.findUnique({ where: { clientId_customerId: { clientId: client.id, customerId } } });
        if (existing === null) {
          return tx.authorization.create({ data: { id: services.newId('authz'), tenantId: input.tenantId, clientId: client.id, customerId, ...data }, include: grantInclude });
        }
        await tx.authorizationConnection.deleteMany({ where: { authorizationId: existing.id } });
        await tx.authorizationRepository.deleteMany({ where: { authorizationId: existing.id } });
        return tx.authorization.update({ where: { id: existing.id }, data, include: grantInclude });
      }),
    );
    // A client_credentials token resolves the client's grants: let it see this one at once.
    services.platformAuth.invalidate();
    sendJson(res, 201, presentGrant(grant));
  });

  router.delete('/v1/platform/grants/:grantId', admin, async (req, res) => {
    const { grantId } = parseInput(GrantIdParams, req.params, 'params');
    const existing = await prisma.authorization.findUnique({ where: { id: grantId } });
    if (existing === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such grant.');
    const at = new Date(services.now());
    const [, accessTokens, authorizationCodes] = await prisma.$transaction([...revocationWrites(prisma, { authorizationIds: [grantId] }, at)]);
    services.platformAuth.invalidate();
    // The grant's webhooks go too (after the revocation, which a provider failure never undoes).
    await removeUpstreamHooks(services, { authorizationIds: [grantId] });
    const grant = await prisma.authorization.findUniqueOrThrow({ where: { id: grantId }, include: grantInclude });
    sendJson(res, 200, { ...presentGrant(grant), revoked: { accessTokens: accessTokens.count, authorizationCodes: authorizationCodes.count } });
  });

  router.get('/v1/platform/tokens', admin, async (req, res) => {
    const { limit, cursor, tenantId, clientId } = parseInput(TokensQuery, req.query, 'query');
    const page = keyset('admin.tokens', limit, cursor, { tenantId, clientId });
    const { rows, pageInfo } = page.finish(
      await prisma.accessToken.findMany({
        where: { ...(tenantId === undefined ? {} : { tenantId }), ...(clientId === undefined ? {} : { clientId }), ...page.after },
        include: tokenInclude,
        orderBy: KEYSET_ORDER,
        take: page.take,
      }),
    );
    const now = services.now();
    sendCollection(res, rows.map((row) => presentToken(row, now)), pageInfo);
  });

  // RFC 7662-like: anything that would not authenticate is just `{ active: false }`.
  router.post('/v1/platform/tokens/introspect', admin, async (req, res) => {
    const { token } = parseInput(IntrospectBody, req.body, 'body');
    const row = await prisma.accessToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: tokenInclude });
    res.setHeader('cache-control', 'no-store');
    if (row === null || !isActive(row, services.now())) {
      sendJson(res, 200, { active: false });
      return;
    }
    const permissions = readList(row.permissions);
    sendJson(res, 200, {
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
    });
  });

  router.delete('/v1/platform/tokens/:tokenId', admin, async (req, res) => {
    const { tokenId } = parseInput(TokenIdParams, req.params, 'params');
    const { count } = await prisma.accessToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date(services.now()) } });
    services.platformAuth.invalidate();
    const row = await prisma.accessToken.findUnique({ where: { id: tokenId }, include: tokenInclude });
    if (row === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such token.');
    sendJson(res, 200, { ...presentToken(row, services.now()), revokedNow: count === 1 });
  });

  router.get('/v1/security/firewall/config', admin, (_req, res) => {
    sendJson(res, 200, services.firewall.settings());
  });

  router.post('/v1/security/firewall/config', admin, async (req, res) => {
    const input = parseInput(FirewallSettingsSchema, req.body, 'body');
    if (input.blockedFilePatterns !== undefined) assertGlobsCompile(input.blockedFilePatterns);
    sendJson(res, 200, await services.firewall.update(input));
  });

  return router;
}

/**
 * picomatch accepts nearly anything (an unterminated `[` silently becomes a literal), so a typo in
 * a blocked pattern would quietly block nothing. Reject what is clearly broken: control characters,
 * a trailing `\\`, an unterminated `[…]`, unbalanced `{}` or `()`. Then compile the list on a
 * throw-away firewall, so whatever else it refuses is the caller's INVALID_REQUEST, never a 500.
 */
function assertGlobsCompile(patterns: readonly string[]): void {
  patterns.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem !== null) throw gatewayError('INVALID_REQUEST', `Invalid request. body.blockedFilePatterns.${index}: ${problem}`);
  });
  try {
    createFirewall({ hashKey: 'glob-validation-only', blockedPaths: [...patterns] });
  } catch (error) {
    if (ScmError.isInstance(error)) throw error;
    throw gatewayError('INVALID_REQUEST', 'Invalid request. body.blockedFilePatterns: a pattern is not a valid glob.');
  }
}
