import type { ScmEvent } from '@scm/core';
import { Webhook } from 'standardwebhooks';
import { Agent, request, type Dispatcher } from 'undici';
import { syncInstallations } from '../integrations/app-flow.js';
import { guardedLookup } from '../integrations/host-url.js';
import type { SendOptions } from '../jobs/job-queue.js';
import type { GatewayServices } from '../services.js';

// Outbound deliveries: each normalized event goes to each matching subscription, signed the Standard
// Webhooks way (https://www.standardwebhooks.com: `webhook-id`, `webhook-timestamp`,
// `webhook-signature`), retried with exponential backoff and jitter over about a day, logged per
// attempt, dead after the last one. A target that answers 410 Gone turns its subscription off.

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

/** The body a subscriber receives: the Standard Webhooks envelope around the normalized event. */
export function deliveryPayload(event: ScmEvent, occurredAt: Date) {
  return { type: `scm.${event.type}`, timestamp: occurredAt.toISOString(), data: event };
}

/**
 * One attempt of one delivery. Throws to have the queue retry it (its backoff); resolves when the
 * delivery is done: delivered, dead, or its subscription off.
 */
export async function attemptDelivery(
  services: GatewayServices,
  dispatcher: Dispatcher,
  input: { deliveryId: string; attempt: number },
): Promise<void> {
  const { prisma, secretBox } = services;
  // Only what the attempt needs (not the event's sealed body or the subscription's hook fields).
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: input.deliveryId },
    select: {
      id: true,
      status: true,
      eventIndex: true,
      event: { select: { events: true, receivedAt: true } },
      subscription: { select: { id: true, active: true, secretEnc: true, callbackUrl: true } },
    },
  });
  if (delivery === null || delivery.status === 'delivered' || delivery.status === 'dead') return;
  const { subscription, event } = delivery;
  if (!subscription.active || subscription.secretEnc === null) {
    await prisma.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: 'disabled' },
    });
    return;
  }
  const events = JSON.parse(event.events ?? '[]') as ScmEvent[];
  const normalized = events[delivery.eventIndex];
  if (normalized === undefined) return;
  const body = JSON.stringify(deliveryPayload(normalized, event.receivedAt));
  const timestamp = new Date(services.now());
  // The delivery row's id is the message id: a redelivery carries the same one (receivers dedupe).
  const signature = new Webhook(secretBox.decrypt(subscription.secretEnc)).sign(
    delivery.id,
    timestamp,
    body,
  );
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await request(subscription.callbackUrl, {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'scm-gateway-webhooks/0.1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    status = response.statusCode;
    await response.body.dump();
  } catch (cause) {
    error = cause instanceof Error ? cause.message.slice(0, 300) : 'request failed';
  }
  const latency = Math.round(performance.now() - started);
  const ok = status !== null && status >= 200 && status < 300;
  const gone = status === 410;
  const last = input.attempt > DELIVERY_RETRIES;
  await prisma.webhookDelivery.updateMany({
    where: { id: delivery.id },
    data: {
      attempts: { increment: 1 },
      lastStatus: status,
      lastError: ok ? null : (error ?? `the target answered ${status ?? 'nothing'}`),
      lastLatencyMs: latency,
      lastAttemptAt: timestamp,
      status: ok ? 'delivered' : gone ? 'disabled' : last ? 'dead' : 'failed',
      ...(ok ? { deliveredAt: timestamp } : {}),
    },
  });
  if (gone)
    await prisma.eventSubscription.update({
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
  await services.jobs.work(
    DELIVER_JOB,
    (job) =>
      attemptDelivery(services, dispatcher, {
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
