import { ScmError, systemClock, type ScmEvent, type WebhookRequest } from '@scm/core';
import { hashSecret, newTimeOrderedId } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import {
  providerEntry,
  type GatewayProviderId,
  type WebhookSource,
} from '../providers/catalogue.js';
import type { GatewayServices } from '../services.js';
import { createEventWriter, type EventWriter, type EventWriterDeps } from './event-writer.js';
import { createWebhookBuffers, type WebhookBuffers } from './buffer-budget.js';
import {
  createOutboundBodies,
  MAX_RENDERED_CHARS,
  renderEvents,
  type OutboundBodies,
} from './outbound-body.js';
import { createSourceCache, type SourceCache } from './source-cache.js';

// Inbound webhooks (/v1/webhooks/{provider}): find what the delivery belongs to, verify it before
// anything reads it, accept each provider delivery id once, and store the event with one delivery
// row and one job per matching subscription in one transaction. The answer comes after the commit,
// so a delivery answered 202 is never lost, whatever happens to the process next. Deliveries that
// arrive together are committed together (event-writer.ts), and who may sign them is cached for
// two seconds (source-cache.ts): see bench/README.md for what that buys.

/** Where a delivery came from, with the secret it must be signed with. */
interface Candidate {
  secret: string;
  tenantId: string;
  connectionId: string | null;
  subscriptionId: string | null;
  /** A GitHub App integration: installation events resync its installations. */
  appIntegration: boolean;
  /** The hook's own subscription, as fan-out needs it (a hook-sourced delivery goes to it alone). */
  subscription?: Subscribed;
}

/** A subscription as fan-out matches it (its event names parsed once). */
interface Subscribed {
  id: string;
  eventNames: readonly string[];
  repositoryId: string;
  active: boolean;
}

const subscribed = (row: {
  id: string;
  events: string;
  repositoryId: string;
  active: boolean;
}): Subscribed => ({
  id: row.id,
  eventNames: JSON.parse(row.events) as string[],
  repositoryId: row.repositoryId,
  active: row.active,
});

const SUBSCRIPTION_FIELDS = {
  id: true,
  tenantId: true,
  connectionId: true,
  hookSecretEnc: true,
  events: true,
  repositoryId: true,
  active: true,
} as const;

/** The per-process state of inbound webhooks (services.inbound). */
export interface InboundWebhooks {
  sources: SourceCache<Candidate[]>;
  writer: EventWriter;
  /** The bodies of stored events' deliveries, for this process's workers (outbound-body.ts). */
  bodies: OutboundBodies;
  /** Inbound body bytes the routes may hold at once (`WEBHOOK_BUFFER_MB`). */
  buffers: WebhookBuffers;
}

export function createInboundWebhooks(
  deps: Omit<EventWriterDeps, 'bodies' | 'newId'> & { now: () => number; bufferBytes: number },
): InboundWebhooks {
  const bodies = createOutboundBodies();
  return {
    sources: createSourceCache<Candidate[]>(deps.now),
    // Delivery rows, like events and jobs, get time-ordered ids (crypto/tokens.ts): appended to
    // their key's index rather than scattered over it.
    writer: createEventWriter({ ...deps, newId: (prefix) => newTimeOrderedId(prefix), bodies }),
    bodies,
    buffers: createWebhookBuffers(deps.bufferBytes),
  };
}

/** The longest app or hook id a delivery may name (GitHub's are numbers, Bitbucket's UUIDs). */
const MAX_SOURCE_ID_LENGTH = 100;

function candidatesFor(
  services: GatewayServices,
  provider: GatewayProviderId,
  request: WebhookRequest,
): Promise<Candidate[]> {
  const source = providerEntry(provider).webhooks.source(request.headers);
  if (source === undefined) return Promise.resolve([]);
  // App and hook ids are numbers or UUIDs: a longer one (headers run to 16 KB) is no source, and
  // neither costs a lookup nor becomes a 16 KB cache key.
  const id = source.kind === 'app' ? source.appId : source.kind === 'hook' ? source.hookId : '';
  if (id.length > MAX_SOURCE_ID_LENGTH) return Promise.resolve([]);
  const key =
    source.kind === 'app'
      ? `app\n${source.appId}`
      : source.kind === 'hook'
        ? `hook\n${source.hookId}`
        : `secret\n${hashSecret(source.secret)}`;
  return services.inbound.sources.get(`${provider}\n${key}`, () =>
    loadCandidates(services, provider, source),
  );
}

async function loadCandidates(
  services: GatewayServices,
  provider: GatewayProviderId,
  source: WebhookSource,
): Promise<Candidate[]> {
  const { prisma, secretBox } = services;
  if (source.kind === 'app') {
    const apps = await prisma.gitHubApp.findMany({
      where: { appId: source.appId, connection: { provider } },
      select: { tenantId: true, connectionId: true, webhookSecretEnc: true },
    });
    return apps.flatMap((app) =>
      app.webhookSecretEnc === null
        ? []
        : [
            {
              secret: secretBox.decrypt(app.webhookSecretEnc),
              tenantId: app.tenantId,
              connectionId: app.connectionId,
              subscriptionId: null,
              appIntegration: true,
            },
          ],
    );
  }
  const subscriptions =
    source.kind === 'hook'
      ? await prisma.eventSubscription.findMany({
          where: { provider, providerHookId: source.hookId },
          select: SUBSCRIPTION_FIELDS,
        })
      : await prisma.eventSubscription.findMany({
          where: { provider, hookSecretHash: hashSecret(source.secret) },
          select: SUBSCRIPTION_FIELDS,
        });
  const fromSubscriptions = subscriptions.flatMap((subscription) =>
    subscription.hookSecretEnc === null
      ? []
      : [
          {
            secret: secretBox.decrypt(subscription.hookSecretEnc),
            tenantId: subscription.tenantId,
            connectionId: subscription.connectionId,
            subscriptionId: subscription.id,
            appIntegration: false,
            subscription: subscribed(subscription),
          },
        ],
  );
  if (source.kind !== 'secret') return fromSubscriptions;
  const integration = await prisma.connection.findUnique({
    where: { webhookSecretHash: hashSecret(source.secret) },
    select: { id: true, tenantId: true, provider: true, webhookSecretEnc: true },
  });
  return integration === null ||
    integration.provider !== provider ||
    integration.webhookSecretEnc === null
    ? fromSubscriptions
    : [
        ...fromSubscriptions,
        {
          secret: secretBox.decrypt(integration.webhookSecretEnc),
          tenantId: integration.tenantId,
          connectionId: integration.id,
          subscriptionId: null,
          appIntegration: false,
        },
      ];
}

const bodyText = (rawBody: WebhookRequest['rawBody']): string =>
  typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');

const matches = (subscribed: readonly string[], eventName: string, event: ScmEvent): boolean =>
  subscribed.length === 0 ||
  subscribed.includes('*') ||
  subscribed.includes(event.type) ||
  subscribed.includes(eventName);

export interface IngestAnswer {
  status: 200 | 202;
  body: { id: string; status: 'accepted' | 'duplicate'; deliveries: number };
}

/**
 * Verifies, deduplicates, stores and fans out one delivery. Unsigned, wrongly signed or unknown
 * deliveries are refused (AUTH_REQUIRED / INVALID_CREDENTIALS, 401) and logged without their body.
 */
export async function ingestDelivery(
  services: GatewayServices,
  provider: GatewayProviderId,
  request: WebhookRequest,
): Promise<IngestAnswer> {
  const support = providerEntry(provider).webhooks;
  // Names read from the body (Azure) wait until the delivery is verified: an unsigned body is
  // never parsed (a 25 MB body of tiny JSON values costs seconds and hundreds of MB to parse).
  const names = () => support.names(request.headers, request.rawBody);
  const clock = { now: services.now, sleep: (ms: number) => systemClock.sleep(ms) };
  const candidates = await candidatesFor(services, provider, request);
  let source: Candidate | undefined;
  for (const candidate of candidates) {
    const verified = await support.create({ secrets: [candidate.secret], clock }).verify(request);
    if (verified.ok) {
      source = candidate;
      break;
    }
  }
  if (source === undefined) {
    const fromHeaders = support.namesInBody ? undefined : names();
    services.logger.warn('webhook delivery refused', {
      provider,
      deliveryId: fromHeaders?.deliveryId?.slice(0, 100) ?? null,
      event: fromHeaders?.eventName?.slice(0, 100) ?? null,
      reason: candidates.length === 0 ? 'unknown or unsigned' : 'invalid signature',
    });
    throw candidates.length === 0
      ? gatewayError(
          'AUTH_REQUIRED',
          'The delivery is unsigned or comes from no known hook or app.',
        )
      : gatewayError('INVALID_CREDENTIALS', 'The delivery’s signature does not verify.');
  }
  const { deliveryId, eventName: namedEvent } = names();
  const eventName = namedEvent ?? 'unknown';
  if (deliveryId === undefined || deliveryId === '')
    throw gatewayError('INVALID_REQUEST', 'The delivery carries no delivery id header.');

  let events: ScmEvent[] | null = null;
  let reason: string | null = null;
  try {
    events = support.create({ secrets: [source.secret], clock }).parseAll(request);
  } catch (error) {
    reason = ScmError.isInstance(error) ? error.message : 'The body did not parse.';
  }
  const subscriptions =
    events === null
      ? []
      : source.subscription !== undefined
        ? source.subscription.active
          ? [source.subscription]
          : []
        : (
            await services.prisma.eventSubscription.findMany({
              where: {
                tenantId: source.tenantId,
                provider,
                active: true,
                repositoryId: {
                  in: events.flatMap((event) =>
                    event.repository?.id === null || event.repository === null
                      ? []
                      : [event.repository.id],
                  ),
                },
              },
              select: { id: true, events: true, repositoryId: true, active: true },
            })
          ).map(subscribed);
  const id = newTimeOrderedId('whe');
  // Each event serialised once: the stored column, and the bodies of its deliveries. Events that
  // come to more than MAX_RENDERED_CHARS are not delivered; the body is kept sealed instead.
  const rendered = events === null ? null : (renderEvents(events) ?? null);
  const tooLarge = events !== null && rendered === null;
  const fanout = (tooLarge ? [] : (events ?? [])).flatMap((event, index) =>
    subscriptions
      .filter(
        (subscription) =>
          (source.subscriptionId !== null || event.repository?.id === subscription.repositoryId) &&
          matches(subscription.eventNames, eventName, event),
      )
      .map((subscription) => ({ subscriptionId: subscription.id, eventIndex: index })),
  );
  const resync =
    source.appIntegration &&
    source.connectionId !== null &&
    (events ?? []).some(
      (event) => event.type === 'installation' || eventName.startsWith('installation'),
    );
  const written = await services.inbound.writer.write({
    event: {
      id,
      tenantId: source.tenantId,
      provider,
      deliveryId,
      eventName: eventName.slice(0, 200),
      connectionId: source.connectionId,
      subscriptionId: source.subscriptionId,
      status: events === null ? 'unparsable' : tooLarge ? 'too_large' : 'processed',
      reason: tooLarge
        ? `Its ${String(events?.length ?? 0)} normalized events come to more than ${String(MAX_RENDERED_CHARS / 1024 / 1024)} MB of JSON (each carries the delivery as raw); none was delivered and the body is kept.`
        : reason,
      events: rendered === null ? null : rendered.column,
      // Kept (sealed) only when it did not parse or was too large to deliver, so it can be looked
      // at: nothing vanishes.
      bodyEnc: rendered === null ? services.secretBox.encrypt(bodyText(request.rawBody)) : null,
    },
    ...(rendered === null || fanout.length === 0 ? {} : { rendered: rendered.events }),
    fanout,
    resyncConnectionId: resync ? source.connectionId : null,
  });
  // A redelivery (or the same delivery twice at once): the first one stored it, once.
  if (!written.stored)
    return { status: 200, body: { id: written.id, status: 'duplicate', deliveries: 0 } };
  return { status: 202, body: { id, status: 'accepted', deliveries: fanout.length } };
}
