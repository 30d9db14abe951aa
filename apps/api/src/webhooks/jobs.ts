import type { ScmEvent } from '@scm/core';
import { Agent, type Dispatcher } from 'undici';
import type { SqliteDirect } from '../db/sqlite-direct.js';
import { syncInstallations } from '../integrations/app-flow.js';
import { guardedLookup } from '../integrations/host-url.js';
import type { SendOptions } from '../jobs/job-queue.js';
import type { GatewayServices } from '../services.js';
import { deliveryPayload, signStandardWebhook, standardWebhookKey } from './outbound-body.js';

// Outbound deliveries: each normalized event goes to each matching subscription, signed the Standard
// Webhooks way (https://www.standardwebhooks.com: `webhook-id`, `webhook-timestamp`,
// `webhook-signature`), retried with exponential backoff and jitter over about a day, logged per
// attempt, dead after the last one. A target that answers 410 Gone turns its subscription off.
// An attempt reads its delivery row (and, unless this process kept the body, the event's), POSTs,
// and records the outcome: on SQLite through the direct connection (two prepared statements), on
// PostgreSQL through Prisma.

export const DELIVER_JOB = 'webhooks.deliver';
export const SYNC_INSTALLATIONS_JOB = 'integrations.sync-installations';

/** 12 retries after the first attempt, from 30 s doubling: the last one about 17 hours later. */
export const DELIVERY_RETRIES = 12;

export const deliverJobOptions = (): SendOptions => ({
  retryLimit: DELIVERY_RETRIES,
  retryDelaySeconds: 30,
  retryBackoff: true,
});

const TIMEOUT_MS = 10_000;
/**
 * A delivery attempt takes at most TIMEOUT_MS: one whose process died is retried after a minute
 * rather than JOB_LEASE_SECONDS (15 minutes by default), unless that is shorter.
 */
const DELIVERY_LEASE_SECONDS = 60;

/** What an attempt needs of its delivery, its subscription and (when not kept) its event. */
interface DeliveryRow {
  id: string;
  status: string;
  eventId: string;
  eventIndex: number;
  receivedAt: Date;
  subscription: { id: string; active: boolean; secretEnc: string | null; callbackUrl: string };
}

interface Outcome {
  status: 'delivered' | 'disabled' | 'dead' | 'failed';
  lastStatus: number | null;
  lastError: string | null;
  lastLatencyMs: number;
  lastAttemptAt: Date;
}

/** The delivery log's reads and writes of an attempt, on the database at hand. */
interface DeliveryStore {
  load(deliveryId: string): Promise<DeliveryRow | null>;
  events(eventId: string): Promise<string | null>;
  disable(deliveryId: string): Promise<void>;
  record(deliveryId: string, outcome: Outcome): Promise<void>;
}

const LOAD_SQL = `SELECT d."id", d."status", d."eventId", d."eventIndex", e."receivedAt",
    s."id" AS "subscriptionId", s."active", s."secretEnc", s."callbackUrl"
  FROM "WebhookDelivery" d
  JOIN "WebhookEvent" e ON e."id" = d."eventId"
  JOIN "EventSubscription" s ON s."id" = d."subscriptionId"
  WHERE d."id" = ?`;
const RECORD_SQL = `UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1, "lastStatus" = ?,
    "lastError" = ?, "lastLatencyMs" = ?, "lastAttemptAt" = ?, "status" = ?,
    "deliveredAt" = CASE WHEN ? THEN ? ELSE "deliveredAt" END
  WHERE "id" = ?`;

function sqliteStore(sqlite: SqliteDirect): DeliveryStore {
  return {
    load: (deliveryId) =>
      sqlite.run((connection) => {
        const [row] = connection.all<{
          id: string;
          status: string;
          eventId: string;
          eventIndex: number;
          receivedAt: string;
          subscriptionId: string;
          active: number;
          secretEnc: string | null;
          callbackUrl: string;
        }>(LOAD_SQL, [deliveryId]);
        return row === undefined
          ? null
          : {
              id: row.id,
              status: row.status,
              eventId: row.eventId,
              eventIndex: row.eventIndex,
              receivedAt: new Date(row.receivedAt),
              subscription: {
                id: row.subscriptionId,
                active: row.active === 1,
                secretEnc: row.secretEnc,
                callbackUrl: row.callbackUrl,
              },
            };
      }),
    events: (eventId) =>
      sqlite.run(
        (connection) =>
          connection.all<{ events: string | null }>(
            `SELECT "events" FROM "WebhookEvent" WHERE "id" = ?`,
            [eventId],
          )[0]?.events ?? null,
      ),
    disable: async (deliveryId) => {
      await sqlite.run((connection) =>
        connection.run(`UPDATE "WebhookDelivery" SET "status" = 'disabled' WHERE "id" = ?`, [
          deliveryId,
        ]),
      );
    },
    record: async (deliveryId, outcome) => {
      const delivered = outcome.status === 'delivered';
      await sqlite.run((connection) =>
        connection.run(RECORD_SQL, [
          outcome.lastStatus,
          outcome.lastError,
          outcome.lastLatencyMs,
          outcome.lastAttemptAt,
          outcome.status,
          delivered,
          outcome.lastAttemptAt,
          deliveryId,
        ]),
      );
    },
  };
}

function prismaStore(prisma: GatewayServices['prisma']): DeliveryStore {
  return {
    async load(deliveryId) {
      // Only what the attempt needs (not the event's sealed body or the subscription's hook fields).
      const row = await prisma.webhookDelivery.findUnique({
        where: { id: deliveryId },
        select: {
          id: true,
          status: true,
          eventId: true,
          eventIndex: true,
          event: { select: { receivedAt: true } },
          subscription: { select: { id: true, active: true, secretEnc: true, callbackUrl: true } },
        },
      });
      return row === null ? null : { ...row, receivedAt: row.event.receivedAt };
    },
    async events(eventId) {
      const row = await prisma.webhookEvent.findUnique({
        where: { id: eventId },
        select: { events: true },
      });
      return row?.events ?? null;
    },
    async disable(deliveryId) {
      await prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: { status: 'disabled' },
      });
    },
    async record(deliveryId, outcome) {
      await prisma.webhookDelivery.updateMany({
        where: { id: deliveryId },
        data: {
          attempts: { increment: 1 },
          ...outcome,
          ...(outcome.status === 'delivered' ? { deliveredAt: outcome.lastAttemptAt } : {}),
        },
      });
    },
  };
}

/** Signing keys and parsed callback URLs kept at most (then all are forgotten). */
const MAX_KEYS = 10_000;

/** The per-process state of outbound deliveries. */
export interface DeliveryContext {
  dispatcher: Dispatcher;
  store: DeliveryStore;
  /** Signing keys by the sealed secret they come from (a new secret is a new entry). */
  keys: Map<string, { key: Buffer; at: number }>;
  /** Callback URLs, parsed once: origin and path. */
  targets: Map<string, { origin: string; path: string }>;
}

export function createDeliveryContext(
  services: GatewayServices,
  dispatcher: Dispatcher,
): DeliveryContext {
  const { sqlite } = services.db;
  return {
    dispatcher,
    store: sqlite === undefined ? prismaStore(services.prisma) : sqliteStore(sqlite),
    keys: new Map(),
    targets: new Map(),
  };
}

/** A decrypted signing key is kept a minute (like the inbound sources, for a short while). */
const KEY_TTL_MS = 60_000;

function signingKey(services: GatewayServices, context: DeliveryContext, sealed: string): Buffer {
  const now = Date.now();
  const kept = context.keys.get(sealed);
  if (kept !== undefined && now - kept.at < KEY_TTL_MS && now >= kept.at) return kept.key;
  if (context.keys.size >= MAX_KEYS) context.keys.clear();
  const key = standardWebhookKey(services.secretBox.decrypt(sealed));
  context.keys.set(sealed, { key, at: now });
  return key;
}

/** What is read of a target's answer before the rest is dropped (undici's `dump` default). */
const ANSWER_LIMIT = 128 * 1024;

/**
 * POSTs a delivery; answers the target's status once its answer is read (and dropped). undici's
 * `dispatch` with a handler of our own instead of `request`: no response stream is built for a
 * body nobody reads (~25 µs of CPU per delivery). Throws on a connection error or a timeout.
 */
export function postDelivery(
  context: DeliveryContext,
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<number> {
  let target = context.targets.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (context.targets.size >= MAX_KEYS) context.targets.clear();
    context.targets.set(url, target);
  }
  const { origin, path } = target;
  return new Promise<number>((resolve, reject) => {
    let status = 0;
    let read = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    context.dispatcher.dispatch(
      {
        origin,
        path,
        method: 'POST',
        headers,
        body,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      },
      {
        // Its presence is what makes undici take the handler for the current (non-legacy) kind.
        onRequestStart: () => undefined,
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: (controller, chunk) => {
          read += chunk.length;
          if (read <= ANSWER_LIMIT) return;
          // Enough of an answer nobody reads: the status stands, the rest is dropped.
          settle(() => {
            resolve(status);
          });
          controller.abort(new Error('answer too long; dropped'));
        },
        onResponseEnd: () => {
          settle(() => {
            resolve(status);
          });
        },
        onResponseError: (_controller, error) => {
          settle(() => {
            reject(error);
          });
        },
      },
    );
  });
}

/** The body of the delivery: kept by this process since ingest, or built from the stored event. */
async function bodyOf(
  services: GatewayServices,
  store: DeliveryStore,
  delivery: DeliveryRow,
): Promise<string | undefined> {
  const kept = services.inbound.bodies.take(delivery.eventId, delivery.eventIndex);
  if (kept !== undefined) return kept;
  const events = JSON.parse((await store.events(delivery.eventId)) ?? '[]') as ScmEvent[];
  const normalized = events[delivery.eventIndex];
  if (normalized === undefined) return undefined;
  return JSON.stringify(deliveryPayload(normalized, delivery.receivedAt));
}

/**
 * One attempt of one delivery. Throws to have the queue retry it (its backoff); resolves when the
 * delivery is done: delivered, dead, or its subscription off.
 */
export async function attemptDelivery(
  services: GatewayServices,
  context: DeliveryContext,
  input: { deliveryId: string; attempt: number },
): Promise<void> {
  const { store } = context;
  const delivery = await store.load(input.deliveryId);
  if (delivery === null || delivery.status === 'delivered' || delivery.status === 'dead') return;
  const { subscription } = delivery;
  if (!subscription.active || subscription.secretEnc === null) {
    await store.disable(delivery.id);
    return;
  }
  const text = await bodyOf(services, store, delivery);
  if (text === undefined) return;
  // Encoded once: what is signed is what is sent.
  const body = Buffer.from(text, 'utf8');
  const timestamp = new Date(services.now());
  // The delivery row's id is the message id: a redelivery carries the same one (receivers dedupe).
  const signature = signStandardWebhook(
    signingKey(services, context, subscription.secretEnc),
    delivery.id,
    timestamp,
    body,
  );
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = await postDelivery(context, subscription.callbackUrl, body, {
      'content-type': 'application/json',
      'user-agent': 'scm-gateway-webhooks/0.1',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    });
  } catch (cause) {
    error = cause instanceof Error ? cause.message.slice(0, 300) : 'request failed';
  }
  const latency = Math.round(performance.now() - started);
  const ok = status !== null && status >= 200 && status < 300;
  const gone = status === 410;
  const last = input.attempt > DELIVERY_RETRIES;
  await store.record(delivery.id, {
    lastStatus: status,
    lastError: ok ? null : (error ?? `the target answered ${status ?? 'nothing'}`),
    lastLatencyMs: latency,
    lastAttemptAt: timestamp,
    status: ok ? 'delivered' : gone ? 'disabled' : last ? 'dead' : 'failed',
  });
  if (gone)
    await services.prisma.eventSubscription.update({
      where: { id: subscription.id },
      data: { active: false, disabledReason: 'The target answered 410 Gone.' },
    });
  if (gone) services.inbound.sources.invalidate();
  if (!ok && !gone && !last)
    throw new Error(`delivery ${delivery.id} attempt ${input.attempt} failed: ${status ?? error}`);
}

/** Registers the webhook plane's workers; returns what closes their connection pool. */
export async function startWebhookWorkers(services: GatewayServices): Promise<() => Promise<void>> {
  // Targets are checked like provider hosts at every connection (a name that later resolves to a
  // private address is refused), unless the operator allow-lists them.
  const dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    connections: 32,
    connect: { lookup: guardedLookup({ allowPrivateHosts: services.config.privateHosts }) },
  });
  const context = createDeliveryContext(services, dispatcher);
  await services.jobs.work(
    DELIVER_JOB,
    (job) =>
      attemptDelivery(services, context, {
        deliveryId: String(job.data.deliveryId),
        attempt: job.attempt,
      }),
    {
      concurrency: 8,
      leaseSeconds: Math.min(services.config.jobLeaseSeconds, DELIVERY_LEASE_SECONDS),
    },
  );
  await services.jobs.work(SYNC_INSTALLATIONS_JOB, async (job) => {
    await syncInstallations(services, String(job.data.connectionId));
  });
  return () => dispatcher.close();
}
