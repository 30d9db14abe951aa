import { ScmError } from '@scm/core';
import { hashSecret } from '../crypto/tokens.js';
import type { PrismaClient } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { describeMisplacedToken } from './bearer.js';
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
  /** The scopes the customer approved on each connection (connection id → scopes). */
  connectionScopes: ReadonlyMap<string, ReadonlySet<string>>;
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
  /** Set on a principal narrowed by `requireScope`: the same caller before narrowing. */
  unscoped?: PlatformPrincipal;
}

/** The scope `events/subscribe` and the subscription routes need. */
export const SUBSCRIBE_SCOPE = 'events:subscribe';

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 5_000;

const connectionInclude = { providerHost: true } as const;

interface CacheEntry {
  at: number;
  principal: (PlatformPrincipal & { expiresAt: number }) | ScmError;
}

export interface PlatformAuth {
  /** Resolves a platform access token; AUTH_REQUIRED / INVALID_CREDENTIALS / AUTH_EXPIRED / APPROVAL_PENDING. */
  authenticate(token: string | undefined): Promise<PlatformPrincipal>;
  /** Legacy `x-connection-id` mode (only when ENFORCE_PLATFORM_AUTH=false): the connection, every scope. */
  legacy(connectionId: string, allScopes: readonly string[]): Promise<PlatformPrincipal>;
  /** Drops cached lookups (after a revoke in this process). */
  invalidate(): void;
}

/**
 * The active authorizations of `where` — one, or every one of an app in a tenant — as grants: their
 * active connections, the scopes approved on each, their approved repositories.
 */
export async function loadGrants(
  prisma: PrismaClient,
  where: { id: string } | { clientId: string; tenantId: string },
): Promise<Grant[]> {
  const authorizations = await prisma.authorization.findMany({
    where: { ...where, status: 'active' },
    orderBy: { createdAt: 'asc' },
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
    connectionScopes: new Map(
      authorization.connections.map((link) => [
        link.connectionId,
        new Set(readList(link.permissions)),
      ]),
    ),
    repositories: authorization.repositories.map(
      ({ connectionId, provider, repositoryId, fullName }) => ({
        connectionId,
        provider,
        repositoryId,
        fullName,
      }),
    ),
  }));
}

/**
 * Whether `grants` still cover a webhook subscription made through `events/subscribe`: its
 * authorization (any, for an app-less one) active with its connection, `events:subscribe` approved
 * on that connection, and its repository approved (or every repository). What a subscription needs
 * to be managed by its app and to keep its hook.
 */
export function coversSubscription(
  grants: readonly Grant[],
  row: { authorizationId: string | null; connectionId: string; repositoryId: string },
): boolean {
  const repositoryId = row.repositoryId.toLowerCase();
  return grants.some(
    (grant) =>
      (row.authorizationId === null || grant.authorizationId === row.authorizationId) &&
      grant.connections.some((connection) => connection.id === row.connectionId) &&
      grant.connectionScopes.get(row.connectionId)?.has(SUBSCRIBE_SCOPE) === true &&
      (grant.allRepositories ||
        grant.repositories.some(
          (approved) =>
            approved.connectionId === row.connectionId &&
            (approved.repositoryId === row.repositoryId ||
              approved.fullName.toLowerCase() === repositoryId),
        )),
  );
}

/**
 * Token → principal, cached for two seconds per process: the read path then costs no query per
 * request, and a revocation reaches every process within that window (at once in the process
 * that revoked).
 */
export function createPlatformAuth(
  prisma: PrismaClient,
  now: () => number = Date.now,
): PlatformAuth {
  const cache = new Map<string, CacheEntry>();

  const resolve = async (token: string): Promise<PlatformPrincipal & { expiresAt: number }> => {
    const row = await prisma.accessToken.findUnique({
      where: { tokenHash: hashSecret(token) },
      include: { authorization: true, client: true },
    });
    if (row === null) {
      throw gatewayError(
        'INVALID_CREDENTIALS',
        describeMisplacedToken(token) ??
          'The access token is not one this gateway issued, or it was deleted: get a new one from POST /oauth/token and send it as Authorization: Bearer ACCESS_TOKEN.',
      );
    }
    if (row.revokedAt !== null || row.client.deletedAt !== null) {
      throw gatewayError(
        'INVALID_CREDENTIALS',
        row.revokedAt !== null
          ? 'The access token has been revoked: get a new one from POST /oauth/token (the customer may have to approve the app again).'
          : 'The access token belongs to an app that was deleted; tokens of a deleted app no longer work.',
      );
    }
    if (row.expiresAt.getTime() <= now()) {
      throw gatewayError('AUTH_EXPIRED', 'The access token has expired; request a new one.');
    }
    if (row.authorization !== null) {
      if (row.authorization.status === 'pending') throw gatewayError('APPROVAL_PENDING');
      if (row.authorization.status !== 'active') {
        throw gatewayError(
          'INVALID_CREDENTIALS',
          'The authorization behind this token has been revoked.',
        );
      }
    }
    const grants = await loadGrants(
      prisma,
      row.authorizationId === null
        ? { clientId: row.clientId, tenantId: row.tenantId }
        : { id: row.authorizationId },
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
      expiresAt: row.expiresAt.getTime(),
    };
  };

  return {
    async authenticate(token) {
      if (token === undefined)
        throw gatewayError('AUTH_REQUIRED', 'Send Authorization: Bearer ACCESS_TOKEN.');
      const key = hashSecret(token);
      const at = now();
      let hit = cache.get(key);
      // A clock that moved backwards (or a stale entry) means a fresh lookup.
      if (hit !== undefined && (at < hit.at || at - hit.at >= CACHE_TTL_MS)) hit = undefined;
      if (hit === undefined) {
        let entry: CacheEntry['principal'];
        try {
          entry = await resolve(token);
        } catch (error) {
          // Only INVALID_CREDENTIALS is cached: expiry is re-checked on every call below.
          if (!ScmError.isInstance(error) || error.code !== 'INVALID_CREDENTIALS') throw error;
          entry = error;
        }
        if (cache.size >= CACHE_MAX) cache.clear();
        hit = { at, principal: entry };
        cache.set(key, hit);
      }
      if (ScmError.isInstance(hit.principal)) throw hit.principal;
      if (hit.principal.expiresAt <= at)
        throw gatewayError('AUTH_EXPIRED', 'The access token has expired; request a new one.');
      return hit.principal;
    },
    async legacy(connectionId, allScopes) {
      const connection = await prisma.connection.findUnique({
        where: { id: connectionId },
        include: connectionInclude,
      });
      if (connection === null || connection.status !== 'active') {
        throw gatewayError(
          'PROVIDER_ACCOUNT_NOT_CONNECTED',
          'No active connection has this x-connection-id.',
        );
      }
      return {
        kind: 'legacy',
        tokenId: null,
        tenantId: connection.tenantId,
        clientId: null,
        authorizationId: null,
        permissions: new Set(allScopes),
        grants: [
          {
            authorizationId: `legacy:${connection.id}`,
            allRepositories: true,
            connections: [connection],
            repositories: [],
            connectionScopes: new Map([[connection.id, new Set(allScopes)]]),
          },
        ],
        firewall: false,
        cursorPrincipal: `legacy:${connection.id}`,
      };
    },
    invalidate() {
      cache.clear();
    },
  };
}

/**
 * The token must carry `scope`, and so must the customer's approval: whatever the grant type, a
 * token reaches a connection only with the scopes it holds AND the customer approved on that
 * connection. Returns the principal narrowed to the connections (and their repositories) approved
 * for `scope`; INSUFFICIENT_SCOPE when the token lacks it, or no approved connection has it.
 */
export function requireScope(principal: PlatformPrincipal, scope: string): PlatformPrincipal {
  // `authenticate` answers the same principal for two seconds: its narrowing is worked out once
  // per scope, not on every read (issue #21). A refusal is not kept: each one is a new error.
  let byScope = narrowed.get(principal);
  const known = byScope?.get(scope);
  if (known !== undefined) return known;
  const scoped = narrowToScope(principal, scope);
  if (byScope === undefined)
    narrowed.set(principal, (byScope = new Map<string, PlatformPrincipal>()));
  byScope.set(scope, scoped);
  return scoped;
}

const narrowed = new WeakMap<PlatformPrincipal, Map<string, PlatformPrincipal>>();

function narrowToScope(principal: PlatformPrincipal, scope: string): PlatformPrincipal {
  if (!principal.permissions.has(scope)) {
    throw new ScmError('INSUFFICIENT_SCOPE', {
      source: 'gateway',
      message: `This endpoint needs the ${scope} scope, which this token does not carry: add it to the app's permissions and request a token with it (the customer approves it in the consent flow).`,
    });
  }
  const approves = (grant: Grant, connectionId: string): boolean =>
    grant.connectionScopes.get(connectionId)?.has(scope) === true;
  const grants = principal.grants.map((grant) => ({
    ...grant,
    connections: grant.connections.filter((connection) => approves(grant, connection.id)),
    repositories: grant.repositories.filter((repository) =>
      approves(grant, repository.connectionId),
    ),
  }));
  const hadConnections = principal.grants.some((grant) => grant.connections.length > 0);
  if (hadConnections && !grants.some((grant) => grant.connections.length > 0)) {
    throw new ScmError('INSUFFICIENT_SCOPE', {
      source: 'gateway',
      message: `No customer approved the ${scope} scope for this app on a connected account: have the customer approve the app again with it (the consent flow).`,
    });
  }
  return { ...principal, grants, unscoped: principal };
}
