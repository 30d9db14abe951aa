import { Router } from 'express';
import { z } from 'zod';
import type { SessionUser } from '../../auth/sessions.js';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import { readList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import { DOCUMENTED_PROVIDER_IDS, PROVIDER_IDS } from '../../providers/catalogue.js';

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_RANGE_DAYS = 30;
const DEFAULT_SUMMARY_TOP = 10;
const DEFAULT_LOGS_TOP = 25;
const MAX_OFFSET = 1_000_000;
/**
 * The seed's provider filter values: the catalogue's, and those the seed documents before the
 * gateway has their adapter (they match nothing yet).
 */
const ACCOUNT_PROVIDERS: readonly string[] = [...PROVIDER_IDS, ...DOCUMENTED_PROVIDER_IDS.filter((id) => !(PROVIDER_IDS as readonly string[]).includes(id))];

const Id = z.string().min(1).max(128);
const Text = z.string().min(1).max(256);
const Unparsed = z.unknown().optional();
/** A decimal offset; `cursor` is the same number as returned in `page_info.next_cursor`. */
const Offset = z
  .string()
  .regex(/^[0-9]{1,7}$/, 'must be a non-negative integer')
  .transform(Number)
  .refine((value) => value <= MAX_OFFSET, { message: `must be at most ${MAX_OFFSET}` });
/** An ISO 8601 instant (with Z or an offset) or a calendar date (UTC). */
const IsoInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const ConnectionsQuery = z.object({ tenantId: Id.optional(), limit: Unparsed, offset: Offset.optional(), cursor: Offset.optional() }).strict();
const RepositoriesQuery = z
  .object({ tenantId: Id.optional(), provider: Text.optional(), limit: Unparsed, offset: Offset.optional(), cursor: Offset.optional() })
  .strict();
const SummaryQuery = z.object({ from: IsoInstant.optional(), to: IsoInstant.optional(), top: Unparsed }).strict();
const LogsQuery = z
  .object({
    from: IsoInstant.optional(),
    to: IsoInstant.optional(),
    top: Unparsed,
    offset: Offset.optional(),
    clientId: Id.optional(),
    endpointKey: Text.optional(),
    provider: Text.optional(),
    repositoryId: Text.optional(),
  })
  .strict();

interface Bucket {
  count: number;
  errors: number;
  avgDurationMs: number;
}

/** The tenants a query may read: all of the user's, or the one asked for if the user belongs to it. */
function visibleTenants(session: SessionUser, tenantId: string | undefined): string[] {
  const mine = session.memberships.map((membership) => membership.tenantId);
  if (tenantId === undefined) return mine;
  if (!mine.includes(tenantId)) throw gatewayError('INSUFFICIENT_SCOPE', 'You are not a member of this tenant.');
  return [tenantId];
}

function startOffset(query: { offset?: number | undefined; cursor?: number | undefined }): number {
  if (query.offset !== undefined && query.cursor !== undefined) throw gatewayError('INVALID_REQUEST', 'Send offset or cursor, not both.');
  return query.offset ?? query.cursor ?? 0;
}

function offsetPageInfo(limit: number, offset: number, fetched: number) {
  const hasNext = fetched > limit;
  const nextOffset = hasNext ? offset + limit : null;
  return { limit, offset, has_next_page: hasNext, next_cursor: nextOffset === null ? null : String(nextOffset), next_offset: nextOffset };
}

/** `top`: 1–100 like `limit` (anything else INVALID_LIMIT), with its own default. */
function parseTop(value: unknown, fallback: number): number {
  return value === undefined ? fallback : parseLimit(value);
}

/**
 * `from` is inclusive; `to` is inclusive for an instant and covers the whole day for a date.
 * Defaults: the last 30 days up to now.
 */
function parseRange(now: number, from: string | undefined, to: string | undefined): { gte: Date; lt: Date; from: Date; to: Date } {
  const end = to === undefined ? new Date(now) : new Date(to);
  const lt = to !== undefined && !to.includes('T') ? new Date(end.getTime() + DAY_MS) : new Date(end.getTime() + 1);
  const start = from === undefined ? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : new Date(from);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw gatewayError('INVALID_REQUEST', 'from and to must be ISO 8601 dates.');
  if (start.getTime() >= lt.getTime()) throw gatewayError('INVALID_REQUEST', 'from must be before to.');
  return { gte: start, lt, from: start, to: end };
}

const round = (value: number | null | undefined): number => (value == null ? 0 : Math.round(value * 100) / 100);

/** Joins the top groups with their error counts (a second groupBy over status >= 400). */
function buckets<K>(
  groups: readonly { key: K; count: number; avg: number | null }[],
  errorGroups: readonly { key: K; count: number }[],
): (Bucket & { key: K })[] {
  const errors = new Map(errorGroups.map((group) => [group.key, group.count]));
  return groups.map((group) => ({ key: group.key, count: group.count, errors: errors.get(group.key) ?? 0, avgDurationMs: round(group.avg) }));
}

/** Session account API (seed: "Session Account API"): a signed-in user's own view. */
export function accountRouter(services: GatewayServices): Router {
  const router = Router();
  const { prisma, sessions } = services;

  router.get('/v1/account/me', async (req, res) => {
    const session = await sessions.require(req);
    const tenants = await prisma.tenant.findMany({ where: { id: { in: session.memberships.map((m) => m.tenantId) } } });
    const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
    sendJson(res, 200, {
      user: session.user,
      memberships: session.memberships.map((membership) => ({
        tenantId: membership.tenantId,
        tenantName: byId.get(membership.tenantId)?.name ?? null,
        tenantSlug: byId.get(membership.tenantId)?.slug ?? null,
        role: membership.role,
      })),
      session: { id: session.sessionId, expiresAt: session.expiresAt.toISOString(), tenantId: session.tenantId, role: session.role },
    });
  });

  router.get('/v1/account/connections', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(ConnectionsQuery, req.query, 'query');
    const limit = parseLimit(query.limit);
    const offset = startOffset(query);
    const tenantIds = visibleTenants(session, query.tenantId);
    // `select`, not `include`: the encrypted tokens are never even read.
    const rows = await prisma.connection.findMany({
      where: { tenantId: { in: tenantIds } },
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
      skip: offset,
      take: limit + 1,
    });
    const data = rows.slice(0, limit).map((row) => ({
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
    sendCollection(res, data, offsetPageInfo(limit, offset, rows.length));
  });

  router.get('/v1/account/repositories', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(RepositoriesQuery, req.query, 'query');
    const limit = parseLimit(query.limit);
    const offset = startOffset(query);
    const tenantIds = visibleTenants(session, query.tenantId);
    const provider = query.provider?.toLowerCase();
    if (provider !== undefined && !ACCOUNT_PROVIDERS.includes(provider)) {
      throw gatewayError('UNSUPPORTED_PROVIDER', `Provider "${provider.slice(0, 40)}" is not supported; use ${ACCOUNT_PROVIDERS.join(', ')}.`);
    }
    const rows = await prisma.authorizationRepository.findMany({
      where: {
        authorization: { tenantId: { in: tenantIds }, status: 'active' },
        ...(provider === undefined ? {} : { provider }),
      },
      include: {
        authorization: { select: { tenantId: true, clientId: true, customerId: true } },
        connection: { select: { accountLogin: true, status: true, providerHost: { select: { host: true } } } },
      },
      orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
      skip: offset,
      take: limit + 1,
    });
    const data = rows.slice(0, limit).map((row) => ({
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
    sendCollection(res, data, offsetPageInfo(limit, offset, rows.length));
  });

  router.get('/v1/account/usage/summary', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(SummaryQuery, req.query, 'query');
    const top = parseTop(query.top, DEFAULT_SUMMARY_TOP);
    const range = parseRange(services.now(), query.from, query.to);
    // Every UsageLog row a tenant's tokens produced; grouped in the database (SQLite and PostgreSQL).
    const where = { tenantId: session.tenantId, createdAt: { gte: range.gte, lt: range.lt } };
    const failed = { ...where, status: { gte: 400 } };
    const [totals, errorTotal, endpoints, endpointErrors, clients, clientErrors, providers, providerErrors, statuses] = await Promise.all([
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
      prisma.usageLog.groupBy({ by: ['endpointKey'], where: failed, _count: { _all: true }, orderBy: { endpointKey: 'asc' } }),
      prisma.usageLog.groupBy({
        by: ['clientId'],
        where,
        _count: { _all: true },
        _avg: { durationMs: true },
        orderBy: [{ _count: { id: 'desc' } }, { clientId: 'asc' }],
        take: top,
      }),
      prisma.usageLog.groupBy({ by: ['clientId'], where: failed, _count: { _all: true }, orderBy: { clientId: 'asc' } }),
      prisma.usageLog.groupBy({
        by: ['provider'],
        where,
        _count: { _all: true },
        _avg: { durationMs: true },
        orderBy: [{ _count: { id: 'desc' } }, { provider: 'asc' }],
        take: top,
      }),
      prisma.usageLog.groupBy({ by: ['provider'], where: failed, _count: { _all: true }, orderBy: { provider: 'asc' } }),
      prisma.usageLog.groupBy({
        by: ['status'],
        where,
        _count: { _all: true },
        _avg: { durationMs: true },
        orderBy: [{ _count: { id: 'desc' } }, { status: 'asc' }],
        take: top,
      }),
    ]);
    const clientIds = clients.map((group) => group.clientId).filter((id): id is string => id !== null);
    const names = new Map(
      (await prisma.oAuthClient.findMany({ where: { id: { in: clientIds }, tenantId: session.tenantId }, select: { id: true, name: true } })).map(
        (client) => [client.id, client.name],
      ),
    );
    sendJson(res, 200, {
      tenantId: session.tenantId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      top,
      totals: { requests: totals._count._all, errors: errorTotal, avgDurationMs: round(totals._avg.durationMs) },
      byEndpoint: buckets(
        endpoints.map((g) => ({ key: g.endpointKey, count: g._count._all, avg: g._avg.durationMs })),
        endpointErrors.map((g) => ({ key: g.endpointKey, count: g._count._all })),
      ).map(({ key, ...bucket }) => ({ endpointKey: key, ...bucket })),
      byClient: buckets(
        clients.map((g) => ({ key: g.clientId, count: g._count._all, avg: g._avg.durationMs })),
        clientErrors.map((g) => ({ key: g.clientId, count: g._count._all })),
      ).map(({ key, ...bucket }) => ({ clientId: key, clientName: key === null ? null : (names.get(key) ?? null), ...bucket })),
      byProvider: buckets(
        providers.map((g) => ({ key: g.provider, count: g._count._all, avg: g._avg.durationMs })),
        providerErrors.map((g) => ({ key: g.provider, count: g._count._all })),
      ).map(({ key, ...bucket }) => ({ provider: key, ...bucket })),
      byStatus: statuses.map((g) => ({ status: g.status, count: g._count._all, avgDurationMs: round(g._avg.durationMs) })),
    });
  });

  router.get('/v1/account/usage/logs', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(LogsQuery, req.query, 'query');
    const top = parseTop(query.top, DEFAULT_LOGS_TOP);
    const offset = query.offset ?? 0;
    const range = parseRange(services.now(), query.from, query.to);
    const rows = await prisma.usageLog.findMany({
      where: {
        tenantId: session.tenantId,
        createdAt: { gte: range.gte, lt: range.lt },
        ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
        ...(query.endpointKey === undefined ? {} : { endpointKey: query.endpointKey }),
        ...(query.provider === undefined ? {} : { provider: query.provider }),
        ...(query.repositoryId === undefined ? {} : { repositoryId: query.repositoryId }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: offset,
      take: top + 1,
    });
    const hasNext = rows.length > top;
    sendJson(res, 200, {
      data: rows.slice(0, top).map((row) => ({
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
      })),
      page_info: { limit: top, offset, has_next_page: hasNext, next_offset: hasNext ? offset + top : null },
    });
  });

  return router;
}
