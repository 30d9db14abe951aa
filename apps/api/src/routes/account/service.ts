import type { SessionUser } from '../../auth/sessions.js';
import { gatewayError } from '../../http/errors.js';
import { readList } from '../../json-list.js';
import { DOCUMENTED_PROVIDER_IDS, PROVIDER_IDS } from '../../providers/catalogue.js';
import type { GatewayServices } from '../../services.js';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_RANGE_DAYS = 30;

/**
 * The seed's provider filter values: the catalogue's, and those the seed documents before the
 * gateway has their adapter (they match nothing yet).
 */
const ACCOUNT_PROVIDERS: readonly string[] = [
  ...PROVIDER_IDS,
  ...DOCUMENTED_PROVIDER_IDS.filter((id) => !(PROVIDER_IDS as readonly string[]).includes(id)),
];

type Services = Pick<GatewayServices, 'prisma'>;

interface Bucket {
  count: number;
  errors: number;
  avgDurationMs: number;
}

export interface UsageRange {
  gte: Date;
  lt: Date;
  from: Date;
  to: Date;
}

/** The tenants a query may read: all of the user's, or the one asked for if the user belongs to it. */
export function visibleTenants(session: SessionUser, tenantId: string | undefined): string[] {
  const mine = session.memberships.map((membership) => membership.tenantId);
  if (tenantId === undefined) return mine;
  if (!mine.includes(tenantId))
    throw gatewayError('INSUFFICIENT_SCOPE', 'You are not a member of this tenant.');
  return [tenantId];
}

/** A provider filter value, lower-cased; UNSUPPORTED_PROVIDER for one the seed does not know. */
export function accountProvider(value: string | undefined): string | undefined {
  const provider = value?.toLowerCase();
  if (provider !== undefined && !ACCOUNT_PROVIDERS.includes(provider)) {
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `Provider "${provider.slice(0, 40)}" is not supported; use ${ACCOUNT_PROVIDERS.join(', ')}.`,
    );
  }
  return provider;
}

/**
 * `from` is inclusive; `to` is inclusive for an instant and covers the whole day for a date.
 * Defaults: the last 30 days up to now.
 */
export function parseRange(
  now: number,
  from: string | undefined,
  to: string | undefined,
): UsageRange {
  const end = to === undefined ? new Date(now) : new Date(to);
  const lt =
    to !== undefined && !to.includes('T')
      ? new Date(end.getTime() + DAY_MS)
      : new Date(end.getTime() + 1);
  const start =
    from === undefined ? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : new Date(from);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw gatewayError('INVALID_REQUEST', 'from and to must be ISO 8601 dates.');
  if (start.getTime() >= lt.getTime())
    throw gatewayError('INVALID_REQUEST', 'from must be before to.');
  return { gte: start, lt, from: start, to: end };
}

const round = (value: number | null | undefined): number =>
  value == null ? 0 : Math.round(value * 100) / 100;

/** Joins the top groups with their error counts (a second groupBy over status >= 400). */
function buckets<K>(
  groups: readonly { key: K; count: number; avg: number | null }[],
  errorGroups: readonly { key: K; count: number }[],
): (Bucket & { key: K })[] {
  const errors = new Map(errorGroups.map((group) => [group.key, group.count]));
  return groups.map((group) => ({
    key: group.key,
    count: group.count,
    errors: errors.get(group.key) ?? 0,
    avgDurationMs: round(group.avg),
  }));
}

/** The signed-in user, their memberships (with tenant names) and the session. */
export async function accountMe(services: Services, session: SessionUser) {
  const tenants = await services.prisma.tenant.findMany({
    where: { id: { in: session.memberships.map((m) => m.tenantId) } },
  });
  const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
  return {
    user: session.user,
    memberships: session.memberships.map((membership) => ({
      tenantId: membership.tenantId,
      tenantName: byId.get(membership.tenantId)?.name ?? null,
      tenantSlug: byId.get(membership.tenantId)?.slug ?? null,
      role: membership.role,
    })),
    session: {
      id: session.sessionId,
      expiresAt: session.expiresAt.toISOString(),
      tenantId: session.tenantId,
      role: session.role,
    },
  };
}

/** Up to `take` connections of the tenants, newest first (never their tokens). */
export async function listAccountConnections(
  services: Services,
  input: { tenantIds: string[]; skip: number; take: number },
) {
  // `select`, not `include`: the encrypted tokens are never even read.
  const rows = await services.prisma.connection.findMany({
    where: { tenantId: { in: input.tenantIds } },
    select: {
      id: true,
      tenantId: true,
      customerId: true,
      provider: true,
      accountId: true,
      accountLogin: true,
      accountName: true,
      scopes: true,
      status: true,
      expiresAt: true,
      createdAt: true,
      providerHost: { select: { host: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: input.skip,
    take: input.take,
  });
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenantId,
    customerId: row.customerId,
    provider: row.provider,
    host: row.providerHost.host,
    accountId: row.accountId,
    accountLogin: row.accountLogin,
    accountName: row.accountName,
    scopes: readList(row.scopes),
    status: row.status,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Up to `take` approved repositories of the tenants' active authorizations, by full name. */
export async function listAccountRepositories(
  services: Services,
  input: { tenantIds: string[]; provider: string | undefined; skip: number; take: number },
) {
  const rows = await services.prisma.authorizationRepository.findMany({
    where: {
      authorization: { tenantId: { in: input.tenantIds }, status: 'active' },
      ...(input.provider === undefined ? {} : { provider: input.provider }),
    },
    include: {
      authorization: { select: { tenantId: true, clientId: true, customerId: true } },
      connection: {
        select: { accountLogin: true, status: true, providerHost: { select: { host: true } } },
      },
    },
    orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
    skip: input.skip,
    take: input.take,
  });
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.authorization.tenantId,
    authorizationId: row.authorizationId,
    clientId: row.authorization.clientId,
    customerId: row.authorization.customerId,
    connectionId: row.connectionId,
    provider: row.provider,
    host: row.connection.providerHost.host,
    accountLogin: row.connection.accountLogin,
    connectionStatus: row.connection.status,
    repositoryId: row.repositoryId,
    fullName: row.fullName,
  }));
}

/** Every UsageLog row a tenant's tokens produced in the range; grouped in the database (SQLite and PostgreSQL). */
export async function usageSummary(
  services: Services,
  input: { tenantId: string; range: UsageRange; top: number },
) {
  const { prisma } = services;
  const { tenantId, range, top } = input;
  const where = { tenantId, createdAt: { gte: range.gte, lt: range.lt } };
  const failed = { ...where, status: { gte: 400 } };
  const [
    totals,
    errorTotal,
    endpoints,
    endpointErrors,
    clients,
    clientErrors,
    providers,
    providerErrors,
    statuses,
  ] = await Promise.all([
    prisma.usageLog.aggregate({ where, _count: { _all: true }, _avg: { durationMs: true } }),
    prisma.usageLog.count({ where: failed }),
    prisma.usageLog.groupBy({
      by: ['endpointKey'],
      where,
      _count: { _all: true },
      _avg: { durationMs: true },
      orderBy: [{ _count: { id: 'desc' } }, { endpointKey: 'asc' }],
      take: top,
    }),
    prisma.usageLog.groupBy({
      by: ['endpointKey'],
      where: failed,
      _count: { _all: true },
      orderBy: { endpointKey: 'asc' },
    }),
    prisma.usageLog.groupBy({
      by: ['clientId'],
      where,
      _count: { _all: true },
      _avg: { durationMs: true },
      orderBy: [{ _count: { id: 'desc' } }, { clientId: 'asc' }],
      take: top,
    }),
    prisma.usageLog.groupBy({
      by: ['clientId'],
      where: failed,
      _count: { _all: true },
      orderBy: { clientId: 'asc' },
    }),
    prisma.usageLog.groupBy({
      by: ['provider'],
      where,
      _count: { _all: true },
      _avg: { durationMs: true },
      orderBy: [{ _count: { id: 'desc' } }, { provider: 'asc' }],
      take: top,
    }),
    prisma.usageLog.groupBy({
      by: ['provider'],
      where: failed,
      _count: { _all: true },
      orderBy: { provider: 'asc' },
    }),
    prisma.usageLog.groupBy({
      by: ['status'],
      where,
      _count: { _all: true },
      _avg: { durationMs: true },
      orderBy: [{ _count: { id: 'desc' } }, { status: 'asc' }],
      take: top,
    }),
  ]);
  const clientIds = clients
    .map((group) => group.clientId)
    .filter((id): id is string => id !== null);
  const names = new Map(
    (
      await prisma.oAuthClient.findMany({
        where: { id: { in: clientIds }, tenantId },
        select: { id: true, name: true },
      })
    ).map((client) => [client.id, client.name]),
  );
  return {
    tenantId,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    top,
    totals: {
      requests: totals._count._all,
      errors: errorTotal,
      avgDurationMs: round(totals._avg.durationMs),
    },
    byEndpoint: buckets(
      endpoints.map((g) => ({ key: g.endpointKey, count: g._count._all, avg: g._avg.durationMs })),
      endpointErrors.map((g) => ({ key: g.endpointKey, count: g._count._all })),
    ).map(({ key, ...bucket }) => ({ endpointKey: key, ...bucket })),
    byClient: buckets(
      clients.map((g) => ({ key: g.clientId, count: g._count._all, avg: g._avg.durationMs })),
      clientErrors.map((g) => ({ key: g.clientId, count: g._count._all })),
    ).map(({ key, ...bucket }) => ({
      clientId: key,
      clientName: key === null ? null : (names.get(key) ?? null),
      ...bucket,
    })),
    byProvider: buckets(
      providers.map((g) => ({ key: g.provider, count: g._count._all, avg: g._avg.durationMs })),
      providerErrors.map((g) => ({ key: g.provider, count: g._count._all })),
    ).map(({ key, ...bucket }) => ({ provider: key, ...bucket })),
    byStatus: statuses.map((g) => ({
      status: g.status,
      count: g._count._all,
      avgDurationMs: round(g._avg.durationMs),
    })),
  };
}

export interface UsageLogFilters {
  clientId?: string | undefined;
  endpointKey?: string | undefined;
  provider?: string | undefined;
  repositoryId?: string | undefined;
}

/** Up to `take` usage log rows of the tenant in the range, newest first. */
export async function listUsageLogs(
  services: Services,
  input: {
    tenantId: string;
    range: UsageRange;
    filters: UsageLogFilters;
    skip: number;
    take: number;
  },
) {
  const { filters } = input;
  const rows = await services.prisma.usageLog.findMany({
    where: {
      tenantId: input.tenantId,
      createdAt: { gte: input.range.gte, lt: input.range.lt },
      ...(filters.clientId === undefined ? {} : { clientId: filters.clientId }),
      ...(filters.endpointKey === undefined ? {} : { endpointKey: filters.endpointKey }),
      ...(filters.provider === undefined ? {} : { provider: filters.provider }),
      ...(filters.repositoryId === undefined ? {} : { repositoryId: filters.repositoryId }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: input.skip,
    take: input.take,
  });
  return rows.map((row) => ({
    id: row.id,
    requestId: row.requestId,
    clientId: row.clientId,
    endpointKey: row.endpointKey,
    method: row.method,
    provider: row.provider,
    repositoryId: row.repositoryId,
    status: row.status,
    errorCode: row.errorCode,
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
  }));
}
