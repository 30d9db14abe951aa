import { EnvSchema } from '../../config.js';
import { PROVIDER_CATALOGUE } from '../../providers/catalogue.js';
import { docsPage, sample, type DocsContext } from './docs-layout.js';
import { html, type SafeHtml } from './html.js';

/**
 * The configuration, one row per variable of the gateway's environment schema (src/config.ts):
 * `names` must cover EnvSchema exactly (the docs test checks it). `defaultText` stands in for a
 * default that is computed at start-up; otherwise the schema's own default is shown.
 */
export const ENV_ROWS: readonly { names: string[]; defaultText?: string; meaning: string }[] = [
  { names: ['PORT', 'HOST'], meaning: 'Where the gateway listens (the demo too).' },
  {
    names: ['PUBLIC_URL'],
    defaultText: 'http://HOST:PORT',
    meaning: 'The URL in OAuth redirects, callback URLs and these docs’ examples.',
  },
  {
    names: ['DATA_DIR'],
    meaning: 'The SQLite file and generated keys; created 0700, key files and the database 0600.',
  },
  {
    names: ['DATABASE_URL'],
    defaultText: 'SQLite DATA_DIR/gateway.db',
    meaning: '`file:…` (SQLite) or `postgres://…` (PostgreSQL); migrated on start.',
  },
  {
    names: ['SGG_ENCRYPTION_KEY'],
    defaultText: 'generated into DATA_DIR/encryption.key, with a warning',
    meaning: '32 bytes, base64 or hex. Keep it: sealed provider tokens cannot be read without it.',
  },
  {
    names: ['SGG_ADMIN_API_KEY'],
    defaultText: 'generated into DATA_DIR/admin-api-key',
    meaning: 'The x-admin-api-key of the admin routes (at least 24 characters).',
  },
  {
    names: ['METRICS_TOKEN'],
    meaning:
      'At least 16 characters: serves Prometheus metrics at GET /metrics to this bearer token.',
  },
  {
    names: ['ENFORCE_PLATFORM_AUTH'],
    meaning: '`false` opens the internal connection routes and the legacy x-connection-id mode.',
  },
  {
    names: ['ACCESS_TOKEN_TTL_SECONDS', 'CURSOR_TTL_SECONDS', 'SESSION_TTL_SECONDS'],
    meaning: 'Lifetimes of access tokens, cursors and sign-in sessions.',
  },
  {
    names: ['UPSTREAM_TIMEOUT_MS', 'UPSTREAM_MAX_RETRIES', 'UPSTREAM_DEADLINE_MS'],
    meaning:
      'Provider calls: each attempt, the retries after a 5xx or network error, and the whole call (UPSTREAM_TIMEOUT after it).',
  },
  {
    names: ['UPSTREAM_CACHE_MB'],
    meaning:
      'Provider answers kept in memory to revalidate with If-None-Match (per credential); 0 turns it off.',
  },
  {
    names: ['JANITOR_INTERVAL_SECONDS'],
    meaning: 'How often expired rows are deleted; 0 turns it off.',
  },
  {
    names: ['JOB_LEASE_SECONDS', 'JOB_MAINTENANCE_INTERVAL_SECONDS'],
    meaning: 'Background jobs: a run presumed lost after the lease runs again.',
  },
  {
    names: ['SHUTDOWN_TIMEOUT_MS'],
    meaning: 'On SIGTERM/SIGINT, how long requests in flight may finish.',
  },
  {
    names: ['WEB_CONCURRENCY'],
    meaning: 'Gateway processes sharing the port; more than one needs PostgreSQL.',
  },
  { names: ['CORS_ORIGINS'], meaning: 'Comma-separated origins allowed by CORS.' },
  { names: ['LOG_LEVEL'], meaning: 'JSON lines on stdout; secrets are redacted.' },
  {
    names: ['RATE_LIMITS'],
    meaning:
      'Throttle overrides, name=limit/window: login_account=10/15m,login_ip=50/15m,signup_ip=20/15m,admin_key_ip=20/15m,token=60/1m,token_ip=100/15m,auth_start_ip=60/15m.',
  },
  {
    names: ['PASSWORD_HASH_CONCURRENCY', 'PASSWORD_HASH_QUEUE'],
    meaning: 'scrypt calls at once, and how many may wait (beyond: RATE_LIMITED).',
  },
  {
    names: ['WEBHOOK_BUFFER_MB'],
    meaning:
      'Webhook body megabytes held at once across requests, counted as they arrive: 256 by default, at least 25; content-encoded bodies get a quarter of it, at least 25, of their own (beyond: RATE_LIMITED, retry after 1 s).',
  },
  ...PROVIDER_CATALOGUE.map((entry) => ({
    names: ['CLIENT_ID', 'CLIENT_SECRET', 'API_URL', 'WEB_URL', 'OAUTH_SCOPES'].map(
      (suffix) => `${entry.envPrefix}_${suffix}`,
    ),
    defaultText: `${entry.displayName}'s public service`,
    meaning: `The gateway's own OAuth app at ${entry.displayName}, and its API and web URLs for a self-managed server.`,
  })),
  {
    names: ['SGG_PROVIDER_HOSTS'],
    meaning:
      'More provider hosts (GitHub Enterprise, self-managed GitLab…) as a JSON array of { provider, host, apiBaseUrl, webBaseUrl, clientId, clientSecret }.',
  },
  {
    names: ['SGG_PRIVATE_HOSTS'],
    meaning:
      'Host names that may resolve to private or loopback addresses (and use http) as provider hosts or webhook targets; everything else must be a public https host.',
  },
];

/** The rows, each with only the variables this build's schema has. */
function documentedRows(): typeof ENV_ROWS {
  return ENV_ROWS.map((row) => ({
    ...row,
    names: row.names.filter((name) => Object.hasOwn(EnvSchema.shape, name)),
  })).filter((row) => row.names.length > 0);
}

/** The schema's default of `name`, as text ('—' when it has none). */
function schemaDefault(name: string, defaults: Record<string, unknown>): string {
  const value = defaults[name];
  if (typeof value === 'string') return value === '' ? '—' : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '—';
}

/** `/docs/self-hosting`: starting it, SQLite or PostgreSQL, the container, every variable. */
export function selfHostingPage(context: DocsContext): SafeHtml {
  const defaults = EnvSchema.parse({}) as Record<string, unknown>;
  return docsPage(
    '/docs/self-hosting',
    html`<p>The gateway is one Node.js process (Node 20.19 or later; in production Node 24 LTS, which the container runs: Node 20 is past its end of life) and one database. It applies its migrations on start, generates the keys it needs when none are given, and prints where they are.</p>`,
    [
      {
        id: 'start',
        title: 'Start it',
        body: html`${sample(`pnpm install
pnpm start   # builds and starts the gateway on SQLite, no configuration
pnpm demo    # the gateway plus GitHub, GitLab and Bitbucket simulators on 127.0.0.1, seeded`)}
<p>It listens on <code>http://127.0.0.1:3000</code> by default. Readiness is <code>GET /ready</code> (database, migrations, jobs), liveness <code>GET /health</code>:</p>
${sample(`curl -s "${context.baseUrl}/ready"`)}`,
      },
      {
        id: 'sqlite',
        title: 'SQLite',
        body: html`<p>The default: <code>DATA_DIR/gateway.db</code>, with background jobs drained in the process. Right for one process; keep <code>DATA_DIR</code> on a persistent disk, with its generated keys.</p>`,
      },
      {
        id: 'postgresql',
        title: 'PostgreSQL',
        body: html`<p>Set <code>DATABASE_URL=postgres://…</code>. Several gateway processes may share the database: rate limits, firewall settings and the job queue (pg-boss, in its own <code>pgboss</code> schema) are shared through it. To migrate as a deploy step of its own:</p>
${sample(`pnpm --filter @scm/api build
DATABASE_URL=postgres://… pnpm --filter @scm/api migrate`)}
<p>The repository's <code>Dockerfile</code> and <code>compose.yaml</code> run it in a container on PostgreSQL 16:</p>
${sample(`SGG_ENCRYPTION_KEY=$(openssl rand -base64 32) docker compose up --build`)}`,
      },
      {
        id: 'configuration',
        title: 'Configuration',
        body: html`<p>Environment variables, all optional:</p>
<table><thead><tr><th>Variable</th><th>Default</th><th>Meaning</th></tr></thead><tbody>${documentedRows().map(
          (row) =>
            html`<tr><td>${row.names.map((name, index) => html`${index === 0 ? '' : html`<br>`}<code>${name}</code>`)}</td><td>${row.defaultText ?? row.names.map((name) => schemaDefault(name, defaults)).join(', ')}</td><td>${row.meaning.replace(/`/g, '')}</td></tr>`,
        )}</tbody></table>`,
      },
      {
        id: 'operations',
        title: 'Operations',
        body: html`<ul>
<li>Logs: one JSON object per line on stdout, each carrying the request's <code>requestId</code> (the <code>x-request-id</code> of its answer).</li>
<li>Metrics: with <code>METRICS_TOKEN</code>, <code>GET /metrics</code> in the Prometheus format.</li>
<li>Shutdown: SIGTERM drains requests in flight (up to <code>SHUTDOWN_TIMEOUT_MS</code>), stops the jobs and writes the queued usage logs.</li>
<li>Behind a reverse proxy, the client address is the proxy's (<code>trust proxy</code> is off): raise the per-address rate limits.</li>
</ul>`,
      },
    ],
  );
}
