import { readList } from '../../json-list.js';
import {
  createOAuthClient,
  findTenantClient,
  listTenantClients,
  presentClient,
  rotateOAuthClientSecret,
  softDeleteOAuthClient,
  updateOAuthClient,
  type AppView,
  type UpdateOAuthClientInput,
} from '../../oauth-clients/service.js';
import { Prisma } from '../../generated/sqlite/client.js';
import type { GatewayServices } from '../../services.js';
import {
  appUsage,
  lastUseByAuthorization,
  usageByApp,
  usageWindow,
  type AppUsage,
  type UsageCount,
  type UsageRangeKey,
  type UsageWindow,
} from '../../usage/usage-queries.js';

// What the developer dashboard reads and changes. Every app is looked up within the session's
// tenant: another tenant's app, a deleted one and an unknown id are the same RESOURCE_NOT_FOUND.

const DAY_MS = 24 * 3600 * 1000;
/** The overview's usage column covers this many days. */
export const OVERVIEW_DAYS = 7;
/** Customers listed on an app's page at most (the most recently changed first). */
export const CUSTOMERS_SHOWN = 50;
/** Repository names listed per customer; the rest are counted. */
const REPOSITORIES_SHOWN = 10;

export interface SubscriptionSummary {
  total: number;
  active: number;
  /** The app's newest delivery: its state (pending, delivered, failed, dead, disabled) and when. */
  lastDelivery: { status: string; at: string; httpStatus: number | null } | null;
}

export interface OverviewApp extends AppView {
  usage: UsageCount;
  activeCustomers: number;
  subscriptions: SubscriptionSummary;
}

export interface TeamSummary {
  roles: { role: string; count: number }[];
  pendingInvitations: number;
}

export interface CustomerView {
  authorizationId: string;
  customerRef: string | null;
  customerName: string | null;
  status: string;
  permissions: string[];
  allRepositories: boolean;
  repositories: string[];
  repositoryCount: number;
  connections: { provider: string; host: string; accountLogin: string; status: string }[];
  lastUsedAt: string | null;
  updatedAt: string;
}

export interface AppPage {
  app: AppView;
  window: UsageWindow;
  usage: AppUsage;
  customers: CustomerView[];
  customerCount: number;
  subscriptions: SubscriptionSummary;
}

/**
 * The last delivery of each app's subscriptions, in two queries whatever the tenant's size: the
 * newest delivery id per subscription (a correlated subquery that walks the
 * `(subscriptionId, createdAt)` index backwards, the same SQL on SQLite and PostgreSQL), then
 * those rows. Filtering deliveries by app instead sorts every delivery of the app's 30 days.
 */
async function lastDeliveries(
  services: GatewayServices,
  tenantId: string,
  clientIds: readonly string[],
): Promise<Map<string, LastDeliveryRow>> {
  const { prisma } = services;
  const last = new Map<string, LastDeliveryRow>();
  if (clientIds.length === 0) return last;
  // Only the listed apps' subscriptions (the (tenantId, clientId) index), not a deleted app's.
  const newest = await prisma.$queryRaw<{ clientId: string; lastId: string | null }[]>`
    SELECT s."clientId" AS "clientId",
      (SELECT d."id" FROM "WebhookDelivery" d WHERE d."subscriptionId" = s."id"
        ORDER BY d."createdAt" DESC, d."id" DESC LIMIT 1) AS "lastId"
    FROM "EventSubscription" s
    WHERE s."tenantId" = ${tenantId} AND s."clientId" IN (${Prisma.join(clientIds)})`;
  const clientOf = new Map<string, string>();
  for (const row of newest) if (row.lastId !== null) clientOf.set(row.lastId, row.clientId);
  const rows = await prisma.webhookDelivery.findMany({
    where: { id: { in: [...clientOf.keys()] } },
    select: { id: true, status: true, createdAt: true, lastAttemptAt: true, lastStatus: true },
  });
  for (const row of rows) {
    const clientId = clientOf.get(row.id);
    if (clientId === undefined) continue;
    const seen = last.get(clientId);
    const newer =
      seen === undefined ||
      row.createdAt.getTime() > seen.createdAt.getTime() ||
      (row.createdAt.getTime() === seen.createdAt.getTime() && row.id > seen.id);
    if (newer) last.set(clientId, row);
  }
  return last;
}

interface LastDeliveryRow {
  id: string;
  status: string;
  createdAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
}

async function subscriptionSummaries(
  services: GatewayServices,
  tenantId: string,
  clientIds: readonly string[],
): Promise<Map<string, SubscriptionSummary>> {
  const [groups, latest] = await Promise.all([
    services.prisma.eventSubscription.groupBy({
      by: ['clientId', 'active'],
      where: { tenantId, clientId: { in: [...clientIds] } },
      _count: { _all: true },
      orderBy: [{ clientId: 'asc' }, { active: 'asc' }],
    }),
    lastDeliveries(services, tenantId, clientIds),
  ]);
  const summaries = new Map<string, SubscriptionSummary>();
  for (const clientId of clientIds) {
    const mine = groups.filter((group) => group.clientId === clientId);
    const last = latest.get(clientId);
    summaries.set(clientId, {
      total: mine.reduce((sum, group) => sum + group._count._all, 0),
      active: mine.find((group) => group.active)?._count._all ?? 0,
      lastDelivery:
        last === undefined
          ? null
          : {
              status: last.status,
              at: (last.lastAttemptAt ?? last.createdAt).toISOString(),
              httpStatus: last.lastStatus,
            },
    });
  }
  return summaries;
}

/** The tenant's members by role and its pending invitations: the dashboard's team line. */
async function teamSummary(services: GatewayServices, tenantId: string): Promise<TeamSummary> {
  const { prisma } = services;
  const [roles, pendingInvitations] = await Promise.all([
    prisma.membership.groupBy({
      by: ['role'],
      where: { tenantId },
      _count: { _all: true },
      orderBy: { role: 'asc' },
    }),
    prisma.invitation.count({
      where: {
        tenantId,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date(services.now()) },
      },
    }),
  ]);
  return {
    roles: roles.map((group) => ({ role: group.role, count: group._count._all })),
    pendingInvitations,
  };
}

/** The dashboard's first page: the tenant's apps with their last week's usage, customers and hooks. */
export async function loadOverview(
  services: GatewayServices,
  tenantId: string,
): Promise<{ tenantName: string | null; apps: OverviewApp[]; team: TeamSummary }> {
  const { prisma } = services;
  const [tenant, rows, team] = await Promise.all([
    prisma.tenant.findUnique({ where: { id: tenantId }, select: { name: true } }),
    listTenantClients(services, tenantId),
    teamSummary(services, tenantId),
  ]);
  const clientIds = rows.map((row) => row.id);
  const [usage, customers, subscriptions] = await Promise.all([
    usageByApp(services, { tenantId, since: new Date(services.now() - OVERVIEW_DAYS * DAY_MS) }),
    prisma.authorization.groupBy({
      by: ['clientId'],
      where: { tenantId, clientId: { in: clientIds }, status: 'active' },
      _count: { _all: true },
      orderBy: { clientId: 'asc' },
    }),
    subscriptionSummaries(services, tenantId, clientIds),
  ]);
  const customerCounts = new Map(customers.map((group) => [group.clientId, group._count._all]));
  return {
    tenantName: tenant?.name ?? null,
    team,
    apps: rows.map((row) => ({
      ...presentClient(row, services),
      usage: usage.get(row.id) ?? { requests: 0, errors: 0 },
      activeCustomers: customerCounts.get(row.id) ?? 0,
      subscriptions: summaryOf(subscriptions, row.id),
    })),
  };
}

function emptySummary(): SubscriptionSummary {
  return { total: 0, active: 0, lastDelivery: null };
}

function summaryOf(
  summaries: Map<string, SubscriptionSummary>,
  clientId: string,
): SubscriptionSummary {
  return summaries.get(clientId) ?? emptySummary();
}

/** One live app of the tenant (RESOURCE_NOT_FOUND for any other). */
export async function findApp(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
): Promise<AppView> {
  return presentClient(await findTenantClient(services, tenantId, clientId), services);
}

/** An app's page: the app, its usage in the range, its customers and its subscriptions. */
export async function loadAppPage(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
  range: UsageRangeKey,
): Promise<AppPage> {
  const { prisma } = services;
  const app = await findApp(services, tenantId, clientId);
  const window = usageWindow(services.now(), range);
  const [usage, authorizations, customerCount, subscriptions] = await Promise.all([
    appUsage(services, { tenantId, clientId, window }),
    prisma.authorization.findMany({
      where: { tenantId, clientId },
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      take: CUSTOMERS_SHOWN,
      include: {
        customer: { select: { customerRef: true, name: true } },
        connections: {
          include: {
            connection: {
              select: {
                provider: true,
                accountLogin: true,
                status: true,
                providerHost: { select: { host: true } },
              },
            },
          },
        },
        repositories: {
          select: { fullName: true },
          orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
          take: REPOSITORIES_SHOWN,
        },
        _count: { select: { repositories: true } },
      },
    }),
    prisma.authorization.count({ where: { tenantId, clientId } }),
    subscriptionSummaries(services, tenantId, [clientId]),
  ]);
  const lastUse = await lastUseByAuthorization(services, {
    clientId,
    authorizationIds: authorizations.map((row) => row.id),
  });
  return {
    app,
    window,
    usage,
    customerCount,
    subscriptions: summaryOf(subscriptions, clientId),
    customers: authorizations.map((row) => ({
      authorizationId: row.id,
      customerRef: row.customer?.customerRef ?? null,
      customerName: row.customer?.name ?? null,
      status: row.status,
      permissions: readList(row.permissions),
      allRepositories: row.allRepositories,
      repositories: row.repositories.map((repository) => repository.fullName),
      repositoryCount: row._count.repositories,
      connections: row.connections.map(({ connection }) => ({
        provider: connection.provider,
        host: connection.providerHost.host,
        accountLogin: connection.accountLogin,
        status: connection.status,
      })),
      lastUsedAt: lastUse.get(row.id)?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
    })),
  };
}

/** Creates an app owned by the session's user; the secret is returned this once. */
export async function createApp(
  services: GatewayServices,
  owner: { tenantId: string; userId: string },
  input: {
    name: string;
    description?: string | null | undefined;
    allowedRedirectUris: string[];
    defaultPermissions: string[];
  },
): Promise<{ app: AppView; clientSecret: string }> {
  const { client, clientSecret } = await createOAuthClient(services, {
    tenantId: owner.tenantId,
    ownerUserId: owner.userId,
    name: input.name,
    description: input.description ?? null,
    allowedRedirectUris: input.allowedRedirectUris,
    defaultPermissions: input.defaultPermissions,
  });
  return { app: presentClient(client, services), clientSecret };
}

export async function updateApp(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
  patch: UpdateOAuthClientInput,
): Promise<AppView> {
  await findTenantClient(services, tenantId, clientId);
  return presentClient(await updateOAuthClient(services, clientId, patch), services);
}

/** A new secret for the tenant's app; the old one stops working now. */
export async function rotateAppSecret(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
): Promise<{ app: AppView; clientSecret: string }> {
  await findTenantClient(services, tenantId, clientId);
  const { client, clientSecret } = await rotateOAuthClientSecret(services, clientId);
  return { app: presentClient(client, services), clientSecret };
}

/** What deleting the app would cut: its active grants and live tokens (the confirmation page). */
export async function deletionImpact(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
): Promise<{ app: AppView; activeCustomers: number; liveTokens: number; subscriptions: number }> {
  const { prisma } = services;
  const app = await findApp(services, tenantId, clientId);
  const now = new Date(services.now());
  const [activeCustomers, liveTokens, subscriptions] = await Promise.all([
    prisma.authorization.count({ where: { tenantId, clientId, status: 'active' } }),
    prisma.accessToken.count({ where: { clientId, revokedAt: null, expiresAt: { gt: now } } }),
    prisma.eventSubscription.count({ where: { tenantId, clientId } }),
  ]);
  return { app, activeCustomers, liveTokens, subscriptions };
}

/** Deletes the tenant's app and revokes everything it held. */
export async function deleteApp(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
): Promise<void> {
  await findTenantClient(services, tenantId, clientId);
  await softDeleteOAuthClient(services, clientId);
}
