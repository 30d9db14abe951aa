import { createMemoryCache, systemClock, type Logger } from '@scm/core';
import { createCursorCodec, type CursorCodec } from '@scm/cursor';
import type { Dispatcher } from 'undici';
import type { GatewayConfig } from './config.js';
import { createPasswordHasher, type PasswordHasher } from './crypto/passwords.js';
import { createSecretBox, deriveKey, type SecretBox } from './crypto/secret-box.js';
import { createSigner, type Signer } from './crypto/signed-value.js';
import { newId } from './crypto/tokens.js';
import type { Database } from './db/database.js';
import { createFirewallService, type FirewallService } from './firewall-service.js';
import { createJanitor, type Janitor } from './maintenance/janitor.js';
import { createJobQueue } from './jobs/create-job-queue.js';
import type { JobQueue } from './jobs/job-queue.js';
import { createThrottles, type Throttles } from './http/throttle.js';
import type { PrismaClient } from './generated/sqlite/client.js';
import { createPlatformAuth, type PlatformAuth } from './auth/platform-auth.js';
import { createProviderHosts, type ProviderHosts } from './providers/provider-hosts.js';
import { createExclusiveRefresh } from './providers/exclusive-refresh.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/registry.js';
import { createSessions, type Sessions } from './auth/sessions.js';
import { createUsageRecorder, type UsageRecorder } from './usage/usage-recorder.js';
import { createMetrics, type GatewayMetrics } from './ops/metrics.js';
import { createInboundWebhooks, type InboundWebhooks } from './webhooks/ingest.js';
import { retryHookRemovals } from './webhooks/remove-hooks.js';
import { sweepWebhookEvents } from './webhooks/retention.js';

/** What `createApp` is built from. Tests pass their own database, keys, dispatcher and config. */
export interface GatewayDeps {
  config: GatewayConfig;
  db: Database;
  logger: Logger;
  /** 32 bytes; every other key (token encryption, cursors, firewall markers, cookies) derives from it. */
  masterKey: Buffer;
  adminApiKey: string;
  /** Dispatcher for every provider call (tests may inject one); a shared keep-alive pool otherwise. */
  dispatcher?: Dispatcher | undefined;
  now?: () => number;
  /** Prometheus metrics; a registry of its own when omitted (main.ts adds process metrics). */
  metrics?: GatewayMetrics;
}

export interface GatewayServices {
  config: GatewayConfig;
  db: Database;
  prisma: PrismaClient;
  logger: Logger;
  adminApiKey: string;
  secretBox: SecretBox;
  /** Signs short-lived browser values (consent sessions, CSRF tokens). */
  signer: Signer;
  cursors: CursorCodec;
  firewall: FirewallService;
  hosts: ProviderHosts;
  providers: ProviderRegistry;
  platformAuth: PlatformAuth;
  sessions: Sessions;
  usage: UsageRecorder;
  /** Deletes expired states, codes, sessions, tokens and rate-limit windows (see maintenance/janitor.ts). */
  janitor: Janitor;
  /** Background jobs: pg-boss on PostgreSQL, the Job table on SQLite (see jobs/job-queue.ts). */
  jobs: JobQueue;
  /** Prometheus metrics (GET /metrics when METRICS_TOKEN is set). */
  metrics: GatewayMetrics;
  /** Inbound webhooks: who may sign a delivery (cached 2 s), and the group-commit writer. */
  inbound: InboundWebhooks;
  /** scrypt, at most `config.passwordHashing.concurrency` at once. */
  passwords: PasswordHasher;
  /** Rate limits on logins, signups, the admin key and the token endpoints (shared across processes). */
  throttles: Throttles;
  newId: (prefix: string) => string;
  now: () => number;
  close(): Promise<void>;
}

export async function createServices(deps: GatewayDeps): Promise<GatewayServices> {
  const { config, db, logger, masterKey } = deps;
  const now = deps.now ?? Date.now;
  const prisma = db.prisma;
  const metrics = deps.metrics ?? createMetrics();
  if (db.wal !== undefined) metrics.watchSqliteWal(db.wal);
  const secretBox = createSecretBox(masterKey);
  const cursors = createCursorCodec({
    keys: { current: { id: 'k1', secret: deriveKey(masterKey, 'scm-gateway/cursors/v1') } },
    ttlSeconds: config.cursorTtlSeconds,
    clock: { now },
  });
  const firewall = await createFirewallService(
    prisma,
    deriveKey(masterKey, 'scm-gateway/firewall/v1').toString('base64url'),
    { logger },
  );
  const hosts = await createProviderHosts(prisma, secretBox, config.providerHosts);
  const platformAuth = createPlatformAuth(prisma, now);
  const providers = createProviderRegistry({
    secretBox,
    logger,
    timeoutMs: config.upstreamTimeoutMs,
    maxRetries: config.upstreamMaxRetries,
    deadlineMs: config.upstreamDeadlineMs,
    dispatcher: deps.dispatcher,
    tenantHostPolicy: { allowPrivateHosts: config.privateHosts },
    userAgent: 'scm-gateway/0.1',
    observe: (provider) => metrics.upstreamInterceptor(provider),
    cache:
      config.upstreamCacheBytes === 0
        ? undefined
        : createMemoryCache({ max: 20_000, maxBytes: config.upstreamCacheBytes }),
    clock: { now, sleep: (ms, signal) => systemClock.sleep(ms, signal) },
    onTokensRefreshed: async (connectionId, tokens) => {
      await prisma.connection.update({
        where: { id: connectionId },
        data: {
          accessTokenEnc: secretBox.encrypt(tokens.accessToken),
          refreshTokenEnc:
            tokens.refreshToken === null ? null : secretBox.encrypt(tokens.refreshToken),
          expiresAt: tokens.expiresAt === null ? null : new Date(tokens.expiresAt),
        },
      });
      // Cached principals hold the connection row; the next request must see the new tokens.
      platformAuth.invalidate();
    },
    exclusiveRefresh:
      db.provider === 'postgresql' ? createExclusiveRefresh(prisma, secretBox) : undefined,
  });
  const usage = createUsageRecorder(db, logger);
  // The janitor retries webhook removals that failed, through the services built below.
  const built: { services?: GatewayServices } = {};
  const janitor = createJanitor(prisma, logger, now, {
    codeRetentionMs: Math.max(3600, config.accessTokenTtlSeconds) * 1000,
    extraTasks: [
      {
        name: 'webhookRemovals',
        run: () =>
          built.services === undefined ? Promise.resolve(0) : retryHookRemovals(built.services),
      },
      {
        name: 'webhookEvents',
        run: () =>
          built.services === undefined ? Promise.resolve(0) : sweepWebhookEvents(built.services),
      },
    ],
  });
  janitor.start(config.janitorIntervalSeconds * 1000);
  const jobs = createJobQueue(db, {
    logger,
    leaseSeconds: config.jobLeaseSeconds,
    maintenanceIntervalSeconds: config.jobMaintenanceIntervalSeconds,
  });
  await jobs.start();
  const services: GatewayServices = {
    config,
    db,
    prisma,
    logger,
    adminApiKey: deps.adminApiKey,
    secretBox,
    signer: createSigner(deriveKey(masterKey, 'scm-gateway/signed-values/v1'), now),
    cursors,
    firewall,
    hosts,
    providers,
    platformAuth,
    sessions: createSessions(
      prisma,
      { ttlSeconds: config.sessionTtlSeconds, publicUrl: config.publicUrl },
      now,
    ),
    usage,
    janitor,
    jobs,
    metrics,
    inbound: createInboundWebhooks({
      prisma,
      provider: db.provider,
      sqlite: db.sqlite,
      jobs,
      logger,
      now,
      bufferBytes: config.webhookBufferMb * 1024 * 1024,
    }),
    passwords: createPasswordHasher(config.passwordHashing),
    throttles: createThrottles({
      prisma,
      now,
      logger,
      rateLimits: config.rateLimits,
      adminApiKey: deps.adminApiKey,
    }),
    newId,
    now,
    async close() {
      await firewall.close();
      await janitor.stop();
      await jobs.stop();
      await usage.close();
      await providers.close();
    },
  };
  built.services = services;
  return services;
}
