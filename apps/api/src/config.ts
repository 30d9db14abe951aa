import { resolve } from 'node:path';
import { z } from 'zod';
import { parseRateLimits, type RateLimitSettings } from './rate-limits.js';
import { PROVIDER_CATALOGUE, PROVIDER_IDS } from './providers/catalogue.js';

/**
 * The gateway's whole configuration, read once from the environment. This is the only file of
 * apps/api that reads `process.env`; everything else receives a `GatewayConfig`.
 */
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const providerEnv = (prefix: string) => ({
  [`${prefix}_CLIENT_ID`]: z.string().min(1).optional(),
  [`${prefix}_CLIENT_SECRET`]: z.string().min(1).optional(),
  [`${prefix}_API_URL`]: z.url().optional(),
  [`${prefix}_WEB_URL`]: z.url().optional(),
  [`${prefix}_OAUTH_SCOPES`]: z.string().optional(),
});

/** `<PREFIX>_CLIENT_ID`, … for every provider of the catalogue. */
const PROVIDER_ENV: ReturnType<typeof providerEnv> = Object.fromEntries(
  PROVIDER_CATALOGUE.flatMap((entry) => Object.entries(providerEnv(entry.envPrefix))),
);

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  SGG_ENCRYPTION_KEY: z.string().optional(),
  SGG_ADMIN_API_KEY: z.string().min(24).optional(),
  /** Serves GET /metrics (Prometheus) to `Authorization: Bearer <METRICS_TOKEN>`; unset: no /metrics. */
  METRICS_TOKEN: z.string().min(16).optional(),
  ENFORCE_PLATFORM_AUTH: boolean.default(true),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  CURSOR_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  UPSTREAM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** The whole of one provider request, retries and their waits included. */
  UPSTREAM_DEADLINE_MS: z.coerce.number().int().positive().default(15_000),
  /** Megabytes of provider answers kept to revalidate with ETags (If-None-Match); 0: no cache. */
  UPSTREAM_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  /** How often expired states, codes, sessions, tokens and rate-limit windows are deleted; 0: never. */
  JANITOR_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(600),
  /** A background job's run presumed lost (its process died) after this long; then retried. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_399).default(900),
  /** PostgreSQL (pg-boss): how often lost runs are looked for (its maintenance interval). */
  JOB_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_399).default(60),
  /** SIGTERM/SIGINT: how long requests in flight may finish before their connections are cut. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Gateway processes (node:cluster workers) sharing the port; more than 1 needs PostgreSQL. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  CORS_ORIGINS: z.string().default('*'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Overrides of the throttles' defaults (src/rate-limits.ts): `login_account=10/15m,token=60/1m`. */
  RATE_LIMITS: z.string().optional(),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
  WEBHOOK_BUFFER_MB: z.coerce.number().int().min(25).max(65_536).default(256),
  ...PROVIDER_ENV,
  /** More hosts (GHES, self-managed GitLab): a JSON array of ProviderHostConfig. */
  SGG_PROVIDER_HOSTS: z.string().optional(),
  /**
   * Host names a tenant may register as a provider host although they resolve to a private,
   * loopback or link-local address (and may use http): `ghe.corp.internal,127.0.0.1`. Empty: none.
   */
  SGG_PRIVATE_HOSTS: z.string().default(''),
});

export const ProviderHostConfigSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  host: z.string().min(1),
  apiBaseUrl: z.url(),
  webBaseUrl: z.url(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  /** Provider OAuth scopes to request; each provider's gateway default otherwise. */
  scopes: z.array(z.string().min(1)).optional(),
  isDefault: z.boolean().optional(),
});
export type ProviderHostConfig = z.infer<typeof ProviderHostConfigSchema>;

export interface GatewayConfig {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  encryptionKey: string | undefined;
  adminApiKey: string | undefined;
  /** METRICS_TOKEN: the bearer token of GET /metrics; undefined: the route is not served. */
  metricsToken: string | undefined;
  enforcePlatformAuth: boolean;
  accessTokenTtlSeconds: number;
  cursorTtlSeconds: number;
  sessionTtlSeconds: number;
  upstreamTimeoutMs: number;
  upstreamMaxRetries: number;
  /** Total budget of one provider request, retries and backoff included (UPSTREAM_TIMEOUT after). */
  upstreamDeadlineMs: number;
  /** UPSTREAM_CACHE_MB in bytes: the adapters' conditional-request cache; 0: none. */
  upstreamCacheBytes: number;
  /** 0 turns the janitor's timer off. */
  janitorIntervalSeconds: number;
  /** JOB_LEASE_SECONDS, JOB_MAINTENANCE_INTERVAL_SECONDS: see src/jobs/job-queue.ts. */
  jobLeaseSeconds: number;
  jobMaintenanceIntervalSeconds: number;
  /** SHUTDOWN_TIMEOUT_MS: the graceful drain's budget for requests in flight (src/ops/shutdown.ts). */
  shutdownTimeoutMs: number;
  /** WEB_CONCURRENCY: worker processes `pnpm start` runs (src/ops/cluster.ts); 1 on SQLite. */
  webConcurrency: number;
  corsOrigins: '*' | string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  providerHosts: ProviderHostConfig[];
  /** SGG_PRIVATE_HOSTS: host names tenants may register although private (src/integrations/host-url.ts). */
  privateHosts: string[];
  rateLimits: RateLimitSettings;
  /** scrypt calls at once, and how many may wait for one (beyond that: RATE_LIMITED). */
  passwordHashing: { concurrency: number; queue: number };
  /** Webhook body megabytes held in memory at once, across requests. */
  webhookBufferMb: number;
}

/** `defaults` apply where the environment says nothing (the demo logs only warnings by default). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Record<string, string> = {},
): GatewayConfig {
  const parsed = EnvSchema.safeParse({ ...defaults, ...env });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data as z.infer<typeof EnvSchema> & Record<string, string | undefined>;
  const hosts: ProviderHostConfig[] = PROVIDER_CATALOGUE.map(
    ({ id: provider, envPrefix: prefix, defaultHost: defaults, webFollowsApi }) => {
      const apiBaseUrl = e[`${prefix}_API_URL`] ?? defaults.apiBaseUrl;
      const webBaseUrl =
        e[`${prefix}_WEB_URL`] ?? (webFollowsApi ? apiBaseUrl : defaults.webBaseUrl);
      const clientId = e[`${prefix}_CLIENT_ID`];
      const clientSecret = e[`${prefix}_CLIENT_SECRET`];
      const scopes = e[`${prefix}_OAUTH_SCOPES`]?.split(/[\s,]+/).filter(Boolean);
      return {
        provider,
        host:
          new URL(webBaseUrl).host === new URL(defaults.webBaseUrl).host
            ? defaults.host
            : new URL(webBaseUrl).host,
        apiBaseUrl,
        webBaseUrl,
        ...(clientId === undefined ? {} : { clientId }),
        ...(clientSecret === undefined ? {} : { clientSecret }),
        ...(scopes === undefined || scopes.length === 0 ? {} : { scopes }),
        isDefault: true,
      };
    },
  );
  if (e.SGG_PROVIDER_HOSTS !== undefined && e.SGG_PROVIDER_HOSTS !== '') {
    let extra: unknown;
    try {
      extra = JSON.parse(e.SGG_PROVIDER_HOSTS);
    } catch {
      throw new Error('Invalid configuration:\n  SGG_PROVIDER_HOSTS: not JSON');
    }
    hosts.push(...z.array(ProviderHostConfigSchema).parse(extra));
  }
  const publicUrl = (
    e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`
  ).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL === '' ? undefined : e.DATABASE_URL,
    encryptionKey: e.SGG_ENCRYPTION_KEY,
    adminApiKey: e.SGG_ADMIN_API_KEY,
    metricsToken: e.METRICS_TOKEN,
    enforcePlatformAuth: e.ENFORCE_PLATFORM_AUTH,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    cursorTtlSeconds: e.CURSOR_TTL_SECONDS,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    upstreamMaxRetries: e.UPSTREAM_MAX_RETRIES,
    upstreamDeadlineMs: e.UPSTREAM_DEADLINE_MS,
    upstreamCacheBytes: e.UPSTREAM_CACHE_MB * 1024 * 1024,
    janitorIntervalSeconds: e.JANITOR_INTERVAL_SECONDS,
    jobLeaseSeconds: e.JOB_LEASE_SECONDS,
    jobMaintenanceIntervalSeconds: e.JOB_MAINTENANCE_INTERVAL_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    webConcurrency: e.WEB_CONCURRENCY,
    corsOrigins:
      e.CORS_ORIGINS === '*'
        ? '*'
        : e.CORS_ORIGINS.split(',')
            .map((o) => o.trim())
            .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    providerHosts: hosts,
    privateHosts: e.SGG_PRIVATE_HOSTS.split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
    rateLimits: parseRateLimits(e.RATE_LIMITS),
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY, queue: e.PASSWORD_HASH_QUEUE },
    webhookBufferMb: e.WEBHOOK_BUFFER_MB,
  };
}
