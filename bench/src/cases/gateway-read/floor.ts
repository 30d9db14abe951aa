// The floor of the gateway-read bench, in its own process: the minimal route (minimal.ts) plus the
// work the gateway's contract makes every read do, each done the cheapest way we know — so the
// bench can say how close to the minimal route any gateway with these duties can get, and how much
// of the gap is the gateway's own making. Per read, on top of minimal.ts:
//
// - a request id (`x-request-id`) and the gateway's security and CORS headers (the same names and values,
//   copied by the parent from one gateway answer, `FLOOR_HEADERS`), set with `setHeader`;
// - the bearer token hashed (SHA-256) and its principal looked up in a Map (the gateway caches the
//   principal; a miss is a database read, not counted here);
// - the provider's rate-limit headers passed on (`x-ratelimit-*`);
// - a signed cursor for the next page (HMAC-SHA256 over the page token and the read's scope);
// - the access-log line (JSON, the gateway's fields) written to stdout, one write per event-loop
//   turn, and the request counter, latency histogram and upstream counter in prom-client;
// - a usage row per read, queued and written every 250 ms or 200 rows with the gateway's own
//   statement into a SQLite file made from the gateway's migration (usage-log-table.ts).
//
// Left out, as choices rather than duties: validating the provider's answer (the gateway parses it
// with zod at the edge), retries and a deadline per call, the canonical error mapping, scope and
// repository approval checks beyond the principal lookup.
import { createHmac, hash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Response } from 'express';
import { Agent } from 'undici';
import { newTimeOrderedId, sqliteJsonRow } from '@scm/api';
import { openUsageLog, requireFromApi } from '../usage-log-table.js';
import { serveUntilStopped } from './serve.js';
import { mapBranches, mapCommits } from './wire.js';

const upstream = process.env.UPSTREAM ?? '';
const token = process.env.UPSTREAM_TOKEN ?? '';
const bearer = process.env.FLOOR_BEARER ?? '';
const fixedHeaders = JSON.parse(process.env.FLOOR_HEADERS ?? '[]') as [string, string][];
/**
 * `FLOOR_WITHOUT=headers,usage,…`: duties to leave out, to see what each costs (`headers` — the
 * security and CORS headers; `auth`, `ratelimit`, `cursor`, `log`, `metrics`, `usage`).
 */
const without = new Set((process.env.FLOOR_WITHOUT ?? '').split(',').filter(Boolean));
const does = (duty: string): boolean => !without.has(duty);
const DUTIES = ['headers', 'auth', 'ratelimit', 'cursor', 'log', 'metrics', 'usage'];
for (const duty of without)
  if (!DUTIES.includes(duty))
    throw new Error(`FLOOR_WITHOUT: ${duty} is not one of ${DUTIES.join(', ')}`);

interface Labelled {
  inc(labels: Record<string, string>): void;
  observe(labels: Record<string, string>, value: number): void;
}
type MetricClass = new (options: Record<string, unknown>) => Labelled;
const prom = requireFromApi('prom-client') as {
  Registry: new () => object;
  Counter: MetricClass;
  Histogram: MetricClass;
};

const agent = new Agent({ connections: 64 });
const upstreamHeaders = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${token}`,
  'user-agent': 'bench-floor',
};

// The principal cache: token hash → principal, as the gateway's auth cache holds it.
const hashOf = (value: string): string => hash('sha256', value);
const ANYONE = { tenantId: 'tenant_bench', clientId: 'client_bench', tokenId: 'atk_bench' };
const principals = new Map([[hashOf(bearer), ANYONE]]);

// Metrics, as the gateway labels them.
const registry = new prom.Registry();
const requests = new prom.Counter({
  name: 'requests_total',
  help: 'requests',
  labelNames: ['method', 'route', 'status'],
  registers: [registry],
});
const latency = new prom.Histogram({
  name: 'request_duration_seconds',
  help: 'latency',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const upstreamCalls = new prom.Counter({
  name: 'upstream_requests_total',
  help: 'upstream',
  labelNames: ['provider', 'status'],
  registers: [registry],
});

// The usage log: the gateway's table (its migration) and batch statement.
const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-floor-'));
const db = openUsageLog(join(dataDir, 'usage.db'));
// The rows' tenant, as the gateway's rows name one (a foreign key).
db.exec(`INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('tenant_bench', 'Bench', 'bench')`);
let usage: unknown[][] = [];
const writeUsage = (): void => {
  if (usage.length === 0) return;
  const now = new Date();
  const rows = usage.map((row) =>
    sqliteJsonRow([newTimeOrderedId('use', now.getTime()), ...row, now]),
  );
  usage = [];
  db.run([JSON.stringify(rows)]);
};
const usageTimer = setInterval(writeUsage, 250);

// The access log: one write per event-loop turn.
let pendingLines = '';
const writeLines = (): void => {
  const lines = pendingLines;
  pendingLines = '';
  process.stdout.write(lines);
};

const cursorKey = randomBytes(32);
const signCursor = (page: string, scope: string): string => {
  const payload = Buffer.from(JSON.stringify({ p: page, s: scope })).toString('base64url');
  return `${payload}.${createHmac('sha256', cursorKey).update(payload).digest('base64url')}`;
};

/** Everything the contract asks of a read, around `read` (which fetches and maps the page). */
function duties(
  endpointKey: string,
  route: string,
  read: (repo: string, limit: number, res: Response) => Promise<{ data: unknown[]; more: boolean }>,
) {
  return async (req: express.Request<{ id: string }>, res: Response): Promise<void> => {
    const started = performance.now();
    const requestId = newTimeOrderedId('req');
    res.setHeader('x-request-id', requestId);
    if (does('headers')) for (const [name, value] of fixedHeaders) res.setHeader(name, value);
    const auth = req.headers.authorization ?? '';
    const principal = !does('auth')
      ? ANYONE
      : auth.startsWith('Bearer ')
        ? principals.get(hashOf(auth.slice(7)))
        : undefined;
    if (principal === undefined) {
      res.status(401).json({ error: { code: 'INVALID_CREDENTIALS' } });
      return;
    }
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const labels = { method: 'GET', route, status: String(res.statusCode) };
      if (does('metrics')) {
        requests.inc(labels);
        latency.observe(labels, seconds);
      }
      if (does('log')) {
        if (pendingLines === '') setImmediate(writeLines);
        pendingLines += `${JSON.stringify({
          level: 'info',
          time: new Date().toISOString(),
          requestId,
          method: 'GET',
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
          msg: 'request',
        })}\n`;
      }
      if (!does('usage')) return;
      usage.push([
        requestId,
        principal.tenantId,
        principal.clientId,
        principal.tokenId,
        endpointKey,
        'GET',
        'github',
        req.params.id,
        res.statusCode,
        null,
        Math.round(seconds * 1000),
      ]);
      if (usage.length >= 200) writeUsage();
    });
    const limit = Number(req.query.limit ?? 25);
    const page = await read(req.params.id, limit, res);
    res.json({
      data: page.data,
      page_info: {
        limit,
        has_next_page: page.more,
        next_cursor: !page.more
          ? null
          : does('cursor')
            ? signCursor('2', `${endpointKey}:${req.params.id}:${limit}`)
            : '2',
      },
    });
  };
}

async function fetchPage(
  path: string,
  res: Response,
): Promise<{ items: unknown[]; more: boolean }> {
  const response = await agent.request({
    origin: upstream,
    path,
    method: 'GET',
    headers: upstreamHeaders,
  });
  if (does('metrics'))
    upstreamCalls.inc({ provider: 'github', status: String(response.statusCode) });
  const items = (await response.body.json()) as unknown[];
  if (does('ratelimit'))
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
      const value = response.headers[name];
      if (typeof value === 'string') res.setHeader(name, value);
    }
  const link = response.headers.link;
  return { items, more: typeof link === 'string' && link.includes('rel="next"') };
}

const app = express();
app.get(
  '/v1/repositories/github/:id/branches',
  duties(
    'repositories.branches',
    '/v1/repositories/:provider/:repoId/branches',
    async (repo, limit, res) => {
      const page = await fetchPage(`/repositories/${repo}/branches?per_page=${limit}&page=1`, res);
      return {
        data: mapBranches(page.items),
        more: page.more,
      };
    },
  ),
);
app.get(
  '/v1/repositories/github/:id/commits',
  duties(
    'repositories.commits',
    '/v1/repositories/:provider/:repoId/commits',
    async (repo, limit, res) => {
      const page = await fetchPage(`/repositories/${repo}/commits?per_page=${limit}&page=1`, res);
      return {
        data: mapCommits(page.items),
        more: page.more,
      };
    },
  ),
);

await serveUntilStopped(app, agent, () => {
  clearInterval(usageTimer);
  writeUsage();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});
