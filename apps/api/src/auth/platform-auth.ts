import { ScmError } from '@scm/core';
import { hashSecret } from '../crypto/tokens.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { readList } from '../json-list.js';
import type { ConnectionCredentials } from '../providers/registry.js';

export type ConnectionWithHost = ConnectionCredentials & {
  tenantId: string;
  customerId: string | null;
  accountId: string;
  accountLogin: string;
  status: string;
};

export interface ApprovedRepository {
  connectionId: string;
  provider: string;
  repositoryId: string;
  fullName: string;
}

export interface Grant {
  authorizationId: string;
  allRepositories: boolean;
  connections: ConnectionWithHost[];
  repositories: ApprovedRepository[];
}

/** Who is calling the unified read API, and what they may reach. */
export interface PlatformPrincipal {
  kind: 'token' | 'legacy';
  tokenId: string | null;
  tenantId: string;
  clientId: string | null;
  authorizationId: string | null;
  permissions: ReadonlySet<string>;
  grants: readonly Grant[];
  /** Firewall applies to platform access tokens (seed: "when called with platform access tokens"). */
  firewall: boolean;
  /** What cursors are bound to: the authorization, or the token, or the legacy connection. */
  cursorPrincipal: string;
}

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 5_000;

const connectionInclude = { providerHost: true } as const;

export interface PlatformAuth {
  /** Resolves a platform access token; AUTH_REQUIRED / INVALID_CREDENTIALS / AUTH_EXPIRED / APPROVAL_PENDING. */
  authenticate(token: string | undefined): Promise<PlatformPrincipal>;
  /** Legacy `x-connection-id` mode (only when ENFORCE_PLATFORM_AUTH=false): the connection, every scope. */
  legacy(connectionId: string, allScopes: readonly string[]): Promise<PlatformPrincipal>;
  /** Drops cached lookups (after a revoke in this process). */
  invalidate(): void;
}

/**
 * Token → principal, cached for two seconds per process: the read path then costs no query per
 * request (PERFORMANCE.md), and a revocation reaches every process within that window (at once in
 * the process that revoked).
 */
export function createPlatformAuth(prisma: PrismaClient, now: () => number = Date.now): PlatformAuth {
  const cache = new Map<string, { at: number; principal: PlatformPrincipal | ScmError }>();

  const loadGrants = async (where: { id: string } | { clientId: string; tenantId: string }): Promise<Grant[]> => {
    const authorizations = await prisma.authorization.findMany({
      where: { ...where, status: 'active' },
      include: {
        connections: { include: { connection: { include: connectionInclude } } },
        repositories: true,
      },
    });
    return authorizations.map((authorization) => ({
      authorizationId: authorization.id,
      allRepositories: authorization.allRepositories,
      connections: authorization.connections
        .map((link) => link.connection)
        .filter((connection) => connection.status === 'active'),
      repositories: authorization.repositories.map(({ connectionId, provider, repositoryId, fullName }) => ({
        connectionId,
        provider,
        repositoryId,
        fullName,
      })),
    }));
  };

  const resolve = async (token: string): Promise<PlatformPrincipal> => {
    const row = await prisma.accessToken.findUnique({
      where: { tokenHash: hashSecret(token) },
      include: { authorization: true, client: true },
    });
    if (row === null || row.revokedAt !== null || row.client.deletedAt !== null) {
      throw gatewayError('INVALID_CREDENTIALS', 'The access token is invalid or has been revoked.');
    }
    if (row.expiresAt.getTime() <= now()) {
      throw gatewayError('AUTH_EXPIRED', 'The access token has expired; request a new one.');
    }
    if (row.authorization !== null) {
      if (row.authorization.status === 'pending') throw gatewayError('APPROVAL_PENDING');
      if (row.authorization.status !== 'active') {
        throw gatewayError('INVALID_CREDENTIALS', 'The authorization behind this token has been revoked.');
      }
    }
    const grants = await loadGrants(
      row.authorizationId === null ? { clientId: row.clientId, tenantId: row.tenantId } : { id: row.authorizationId },
    );
    return {
      kind: 'token',
      tokenId: row.id,
      tenantId: row.tenantId,
      clientId: row.clientId,
      authorizationId: row.authorizationId,
      permissions: new Set(readList(row.permissions)),
      grants,
      firewall: true,
      cursorPrincipal: row.authorizationId ?? row.id,
    };
  };

  return {
    async authenticate(token) {
      if (token === undefined) throw gatewayError('AUTH_REQUIRED', 'Send Authorization: Bearer ACCESS_TOKEN.');
      const key = hashSecret(token);
      const hit = cache.get(key);
      if (hit !== undefined && now() - hit.at < CACHE_TTL_MS) {
        if (ScmError.isInstance(hit.principal)) throw hit.principal;
        return hit.principal;
      }
      let principal: PlatformPrincipal | ScmError;
      try {
        principal = await resolve(token);
      } catch (error) {
        if (!ScmError.isInstance(error)) throw error;
        principal = error;
      }
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(key, { at: now(), principal });
      if (ScmError.isInstance(principal)) throw principal;
      return principal;
    },
    async legacy(connectionId, allScopes) {
      const connection = await prisma.connection.findUnique({ where: { id: connectionId }, include: connectionInclude });
      if (connection === null || connection.status !== 'active') {
        throw gatewayError('PROVIDER_ACCOUNT_NOT_CONNECTED', 'No active connection has this x-connection-id.');
      }
      return {
        kind: 'legacy',
        tokenId: null,
        tenantId: connection.tenantId,
        clientId: null,
        authorizationId: null,
        permissions: new Set(allScopes),
        grants: [{ authorizationId: `legacy:${connection.id}`, allRepositories: true, connections: [connection], repositories: [] }],
        firewall: false,
        cursorPrincipal: `legacy:${connection.id}`,
      };
    },
    invalidate() {
      cache.clear();
    },
  };
}

export function requireScope(principal: PlatformPrincipal, scope: string): void {
  if (!principal.permissions.has(scope)) {
    throw new ScmError('INSUFFICIENT_SCOPE', { source: 'gateway', message: `This endpoint needs the ${scope} scope.` });
  }
}
