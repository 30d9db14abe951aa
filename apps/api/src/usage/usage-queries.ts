import type { GatewayServices } from '../services.js';

// The read side of the usage log for the developer dashboard: one app's requests over time, by
// endpoint and by status, and per-app totals. Grouped in the database (SQLite and PostgreSQL alike:
// Prisma's groupBy, no SQL dialect), over the (clientId, createdAt) and (tenantId, createdAt) indexes.

type Services = Pick<GatewayServices, 'prisma'>;

const HOUR_MS = 3600 * 1000;

/** The dashboard's ranges: how far back, in buckets of what size (aligned to UTC boundaries). */
export const USAGE_RANGES = {
  '24h': { label: 'Last 24 hours', bucketMs: HOUR_MS, buckets: 24 },
  '7d': { label: 'Last 7 days', bucketMs: 6 * HOUR_MS, buckets: 28 },
  '30d': { label: 'Last 30 days', bucketMs: 24 * HOUR_MS, buckets: 30 },
} as const;

export type UsageRangeKey = keyof typeof USAGE_RANGES;

export const USAGE_RANGE_KEYS = Object.keys(USAGE_RANGES) as UsageRangeKey[];

export interface UsageWindow {
  key: UsageRangeKey;
  from: Date;
  /** Exclusive: the end of the last bucket (the next boundary after now). */
  to: Date;
  buckets: { start: Date; end: Date }[];
}

/**
 * The buckets of a range ending at the first bucket boundary after `now` (boundaries are UTC:
 * hours, 6-hour blocks, midnights), so a bucket keeps its label while the page is reloaded.
 */
export function usageWindow(now: number, key: UsageRangeKey): UsageWindow {
  const { bucketMs, buckets } = USAGE_RANGES[key];
  const end = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const start = end - buckets * bucketMs;
  return {
    key,
    from: new Date(start),
    to: new Date(end),
    buckets: Array.from({ length: buckets }, (_, index) => ({
      start: new Date(start + index * bucketMs),
      end: new Date(start + (index + 1) * bucketMs),
    })),
  };
}

export interface UsageCount {
  requests: number;
  errors: number;
}

export interface AppUsage {
  totals: UsageCount & { avgDurationMs: number };
  series: (UsageCount & { start: Date; end: Date })[];
  byEndpoint: (UsageCount & { endpointKey: string; avgDurationMs: number })[];
  byStatus: { status: number; requests: number }[];
}

/** Endpoints listed at most on the dashboard (the busiest). */
const TOP_ENDPOINTS = 15;

/** One app's usage in a window: per bucket, per endpoint (the busiest) and per status. */
export async function appUsage(
  services: Services,
  input: { tenantId: string; clientId: string; window: UsageWindow },
): Promise<AppUsage> {
  const { prisma } = services;
  const { tenantId, clientId, window } = input;
  const where = { clientId, tenantId, createdAt: { gte: window.from, lt: window.to } };
  const [perBucket, endpoints, endpointErrors, average] = await Promise.all([
    Promise.all(
      window.buckets.map((bucket) =>
        prisma.usageLog.groupBy({
          by: ['status'],
          where: { clientId, tenantId, createdAt: { gte: bucket.start, lt: bucket.end } },
          _count: { _all: true },
          orderBy: { status: 'asc' },
        }),
      ),
    ),
    prisma.usageLog.groupBy({
      by: ['endpointKey'],
      where,
      _count: { _all: true },
      _avg: { durationMs: true },
      orderBy: [{ _count: { id: 'desc' } }, { endpointKey: 'asc' }],
      take: TOP_ENDPOINTS,
    }),
    prisma.usageLog.groupBy({
      by: ['endpointKey'],
      where: { ...where, status: { gte: 400 } },
      _count: { _all: true },
      orderBy: { endpointKey: 'asc' },
    }),
    prisma.usageLog.aggregate({ where, _avg: { durationMs: true } }),
  ]);
  const statuses = new Map<number, number>();
  const series = window.buckets.map((bucket, index) => {
    let requests = 0;
    let errors = 0;
    for (const group of perBucket[index] ?? []) {
      requests += group._count._all;
      if (group.status >= 400) errors += group._count._all;
      statuses.set(group.status, (statuses.get(group.status) ?? 0) + group._count._all);
    }
    return { start: bucket.start, end: bucket.end, requests, errors };
  });
  const errorsOf = new Map(endpointErrors.map((group) => [group.endpointKey, group._count._all]));
  return {
    totals: {
      requests: series.reduce((sum, point) => sum + point.requests, 0),
      errors: series.reduce((sum, point) => sum + point.errors, 0),
      avgDurationMs: Math.round(average._avg.durationMs ?? 0),
    },
    series,
    byEndpoint: endpoints.map((group) => ({
      endpointKey: group.endpointKey,
      requests: group._count._all,
      errors: errorsOf.get(group.endpointKey) ?? 0,
      avgDurationMs: Math.round(group._avg.durationMs ?? 0),
    })),
    byStatus: [...statuses]
      .map(([status, requests]) => ({ status, requests }))
      .sort((a, b) => a.status - b.status),
  };
}

/** Requests and errors per app of the tenant since `since`. */
export async function usageByApp(
  services: Services,
  input: { tenantId: string; since: Date },
): Promise<Map<string, UsageCount>> {
  const where = { tenantId: input.tenantId, createdAt: { gte: input.since } };
  const [all, failed] = await Promise.all([
    services.prisma.usageLog.groupBy({
      by: ['clientId'],
      where,
      _count: { _all: true },
      orderBy: { clientId: 'asc' },
    }),
    services.prisma.usageLog.groupBy({
      by: ['clientId'],
      where: { ...where, status: { gte: 400 } },
      _count: { _all: true },
      orderBy: { clientId: 'asc' },
    }),
  ]);
  const errors = new Map(failed.map((group) => [group.clientId, group._count._all]));
  const counts = new Map<string, UsageCount>();
  for (const group of all) {
    if (group.clientId === null) continue;
    counts.set(group.clientId, {
      requests: group._count._all,
      errors: errors.get(group.clientId) ?? 0,
    });
  }
  return counts;
}

/** Tokens per authorization whose usage "last use" looks at (the newest: a token lives an hour). */
const LAST_USE_TOKENS = 100;

/**
 * When each authorization's tokens last read through the unified API (null: never, or not since
 * its newest tokens were issued), from the usage log.
 */
export async function lastUseByAuthorization(
  services: Services,
  input: { clientId: string; authorizationIds: readonly string[] },
): Promise<Map<string, Date | null>> {
  const { prisma } = services;
  const entries = await Promise.all(
    input.authorizationIds.map(async (authorizationId) => {
      const tokens = await prisma.accessToken.findMany({
        where: { authorizationId, clientId: input.clientId },
        select: { id: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: LAST_USE_TOKENS,
      });
      if (tokens.length === 0) return [authorizationId, null] as const;
      const last = await prisma.usageLog.findFirst({
        where: { clientId: input.clientId, tokenId: { in: tokens.map((token) => token.id) } },
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true },
      });
      return [authorizationId, last?.createdAt ?? null] as const;
    }),
  );
  return new Map(entries);
}
