import { Router } from 'express';
import { parseLimit, sendCollection, sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { ConnectionsQuery, LogsQuery, RepositoriesQuery, SummaryQuery } from './schemas.js';
import {
  accountMe,
  accountProvider,
  listAccountConnections,
  listAccountRepositories,
  listUsageLogs,
  parseRange,
  usageSummary,
  visibleTenants,
} from './service.js';

const DEFAULT_SUMMARY_TOP = 10;
const DEFAULT_LOGS_TOP = 25;

function startOffset(query: { offset?: number | undefined; cursor?: number | undefined }): number {
  if (query.offset !== undefined && query.cursor !== undefined)
    throw gatewayError('INVALID_REQUEST', 'Send offset or cursor, not both.');
  return query.offset ?? query.cursor ?? 0;
}

function offsetPageInfo(limit: number, offset: number, fetched: number) {
  const hasNext = fetched > limit;
  const nextOffset = hasNext ? offset + limit : null;
  return {
    limit,
    offset,
    has_next_page: hasNext,
    next_cursor: nextOffset === null ? null : String(nextOffset),
    next_offset: nextOffset,
  };
}

/** `top`: 1–100 like `limit` (anything else INVALID_LIMIT), with its own default. */
function parseTop(value: unknown, fallback: number): number {
  return value === undefined ? fallback : parseLimit(value);
}

/** Session account API (seed: "Session Account API"): a signed-in user's own view. */
export function accountRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;

  router.get('/v1/account/me', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, await accountMe(services, session));
  });

  router.get('/v1/account/connections', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(ConnectionsQuery, req.query, 'query');
    const limit = parseLimit(query.limit);
    const offset = startOffset(query);
    const tenantIds = visibleTenants(session, query.tenantId);
    const rows = await listAccountConnections(services, {
      tenantIds,
      skip: offset,
      take: limit + 1,
    });
    sendCollection(res, rows.slice(0, limit), offsetPageInfo(limit, offset, rows.length));
  });

  router.get('/v1/account/repositories', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(RepositoriesQuery, req.query, 'query');
    const limit = parseLimit(query.limit);
    const offset = startOffset(query);
    const tenantIds = visibleTenants(session, query.tenantId);
    const provider = accountProvider(query.provider);
    const rows = await listAccountRepositories(services, {
      tenantIds,
      provider,
      skip: offset,
      take: limit + 1,
    });
    sendCollection(res, rows.slice(0, limit), offsetPageInfo(limit, offset, rows.length));
  });

  router.get('/v1/account/usage/summary', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(SummaryQuery, req.query, 'query');
    const top = parseTop(query.top, DEFAULT_SUMMARY_TOP);
    const range = parseRange(services.now(), query.from, query.to);
    sendJson(res, 200, await usageSummary(services, { tenantId: session.tenantId, range, top }));
  });

  router.get('/v1/account/usage/logs', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(LogsQuery, req.query, 'query');
    const top = parseTop(query.top, DEFAULT_LOGS_TOP);
    const offset = query.offset ?? 0;
    const range = parseRange(services.now(), query.from, query.to);
    const rows = await listUsageLogs(services, {
      tenantId: session.tenantId,
      range,
      filters: query,
      skip: offset,
      take: top + 1,
    });
    const hasNext = rows.length > top;
    sendJson(res, 200, {
      data: rows.slice(0, top),
      page_info: {
        limit: top,
        offset,
        has_next_page: hasNext,
        next_offset: hasNext ? offset + top : null,
      },
    });
  });

  return router;
}
