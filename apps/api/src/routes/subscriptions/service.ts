import { coversSubscription, type Grant } from '../../auth/platform-auth.js';
import type { PageInfo } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../../http/keyset-page.js';
import { readList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import { DELIVER_JOB, deliverJobOptions } from '../../webhooks/jobs.js';
import {
  DELIVERY_EVENT_SELECT,
  presentDelivery,
  type DeliveryView,
} from '../../webhooks/subscription-views.js';
import {
  assertTargetUrl,
  deleteUpstreamHook,
  DISCONNECTED_REASON,
  presentSubscription,
  recreateUpstreamHook,
  type SubscriptionView,
} from '../../webhooks/subscriptions.js';
import type { UpdateSubscriptionInput } from './schemas.js';

/**
 * Whose subscriptions a caller manages: its app's, in its tenant, while the caller's approvals
 * still cover them (`coversSubscription`: the connection with `events:subscribe`, the
 * repository) — the same as creating one needs. A legacy `x-connection-id` caller (no app)
 * manages the app-less subscriptions of its connections only.
 */
export interface SubscriptionOwner {
  tenantId: string;
  clientId: string | null;
  /** The caller's grants, narrowed to `events:subscribe` (`requireScope`). */
  grants: readonly Grant[];
}

const ownerWhere = (owner: SubscriptionOwner) => ({
  tenantId: owner.tenantId,
  clientId: owner.clientId,
  connectionId: {
    in: [...new Set(owner.grants.flatMap((grant) => grant.connections.map((c) => c.id)))],
  },
});

const notFound = () => gatewayError('RESOURCE_NOT_FOUND', 'No such subscription.');

/**
 * One subscription of the owner with its connection (RESOURCE_NOT_FOUND for anyone else's, and for
 * one the owner's approvals no longer cover unless `uncovered` allows it: deleting one is always
 * allowed).
 */
async function findOwned(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
  uncovered: 'refuse' | 'allow' = 'refuse',
) {
  const row = await services.prisma.eventSubscription.findFirst({
    where: {
      id,
      tenantId: owner.tenantId,
      clientId: owner.clientId,
      ...(owner.clientId === null ? { connectionId: ownerWhere(owner).connectionId } : {}),
    },
    include: { connection: { include: { providerHost: true } } },
  });
  if (row === null || (uncovered === 'refuse' && !coversSubscription(owner.grants, row)))
    throw notFound();
  return row;
}

/** One keyset page of the owner's subscriptions, newest first. */
export async function listSubscriptions(
  services: GatewayServices,
  owner: SubscriptionOwner,
  page: KeysetPage,
): Promise<{ data: SubscriptionView[]; pageInfo: PageInfo }> {
  const { rows, pageInfo } = await page.fill(
    (after, take) =>
      services.prisma.eventSubscription.findMany({
        where: { ...ownerWhere(owner), ...after },
        orderBy: KEYSET_ORDER,
        take,
      }),
    (row) => coversSubscription(owner.grants, row),
  );
  return {
    data: rows.map(presentSubscription),
    pageInfo,
  };
}

export async function getSubscription(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
): Promise<SubscriptionView> {
  return presentSubscription(await findOwned(services, owner, id));
}

const sameEvents = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Changes the target (validated like at creation), the events or `active`. A new event list, or
 * turning a subscription back on, replaces the upstream hook (a hook only sends what it was created
 * with, and may have been created inactive); the old hook is removed after the row points at the
 * new one.
 */
export async function updateSubscription(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
  patch: UpdateSubscriptionInput,
): Promise<SubscriptionView> {
  const row = await findOwned(services, owner, id);
  if (patch.active === true && !row.active && row.disabledReason === DISCONNECTED_REASON) {
    // Turned off when the workspace disconnected the integration: off while it stays disconnected.
    const disconnected = await services.prisma.workspaceIntegration.count({
      where: { tenantId: row.tenantId, connectionId: row.connectionId, status: 'disconnected' },
    });
    if (disconnected > 0)
      throw gatewayError(
        'INVALID_REQUEST',
        'The workspace disconnected the integration this subscription uses: it stays off until the workspace connects it again.',
      );
  }
  if (patch.callbackUrl !== undefined) await assertTargetUrl(services, patch.callbackUrl);
  const events = patch.events ?? readList(row.events);
  const replaceHook =
    !sameEvents(events, readList(row.events)) || (patch.active === true && !row.active);
  const scm = services.providers.forConnection(row.connection);
  const providerHookId = replaceHook
    ? await recreateUpstreamHook(services, scm, row, events)
    : row.providerHookId;
  const updated = await services.prisma.eventSubscription.update({
    where: { id: row.id },
    data: {
      providerHookId,
      ...(patch.callbackUrl === undefined ? {} : { callbackUrl: patch.callbackUrl }),
      ...(patch.events === undefined ? {} : { events: JSON.stringify(events) }),
      ...(patch.active === undefined
        ? {}
        : { active: patch.active, ...(patch.active ? { disabledReason: null } : {}) }),
    },
  });
  services.inbound.sources.invalidate();
  if (replaceHook) {
    try {
      await deleteUpstreamHook(scm, row);
    } catch (error) {
      // The subscription works through its new hook; the old one's deliveries now name an unknown
      // hook and are refused. Logged (ids only) for the operator.
      services.logger.warn('could not remove a replaced upstream webhook', {
        subscriptionId: row.id,
        provider: row.provider,
        repositoryId: row.repositoryId,
        providerHookId: row.providerHookId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return presentSubscription(updated);
}

/** Removes the upstream hook (a 404 counts as removed), then the subscription and its log. */
export async function deleteSubscription(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const row = await findOwned(services, owner, id, 'allow');
  await deleteUpstreamHook(services.providers.forConnection(row.connection), row);
  await services.prisma.eventSubscription.deleteMany({ where: { id: row.id } });
  services.inbound.sources.invalidate();
  return { id: row.id, deleted: true };
}

/** One keyset page of a subscription's delivery log, newest first. */
export async function listDeliveries(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
  page: KeysetPage,
): Promise<{ data: DeliveryView[]; pageInfo: PageInfo }> {
  const subscription = await findOwned(services, owner, id);
  const { rows, pageInfo } = page.finish(
    await services.prisma.webhookDelivery.findMany({
      where: { subscriptionId: subscription.id, ...page.after },
      orderBy: KEYSET_ORDER,
      take: page.take,
      include: { event: { select: DELIVERY_EVENT_SELECT } },
    }),
  );
  return { data: rows.map(presentDelivery), pageInfo };
}

/** Statuses a delivery can be sent again from (pending is already on its way). */
const REDELIVERABLE = ['delivered', 'dead', 'failed', 'disabled'];

/**
 * Sends one delivery again: back to pending and a new job, in one transaction. The subscriber gets
 * the same `webhook-id` (the delivery's id), so it can tell a redelivery from a new event.
 */
export async function redeliver(
  services: GatewayServices,
  owner: SubscriptionOwner,
  id: string,
  deliveryId: string,
): Promise<DeliveryView> {
  const { prisma, jobs } = services;
  const subscription = await findOwned(services, owner, id);
  const delivery = await prisma.webhookDelivery.findFirst({
    where: { id: deliveryId, subscriptionId: subscription.id },
    select: { id: true, status: true },
  });
  if (delivery === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such delivery.');
  if (!subscription.active)
    throw gatewayError(
      'INVALID_REQUEST',
      'The subscription is inactive: turn it on (active: true) before redelivering.',
    );
  if (!REDELIVERABLE.includes(delivery.status))
    throw gatewayError('INVALID_REQUEST', 'The delivery is already pending.');
  await prisma.$transaction(async (tx) => {
    // Guarded by the status read above: two redeliveries at once queue one job.
    const reset = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: delivery.status },
      data: { status: 'pending' },
    });
    if (reset.count === 0)
      throw gatewayError('INVALID_REQUEST', 'The delivery is already pending.');
    await jobs.send(
      DELIVER_JOB,
      { deliveryId: delivery.id },
      { ...deliverJobOptions(), transaction: tx },
    );
  });
  const row = await prisma.webhookDelivery.findUniqueOrThrow({
    where: { id: delivery.id },
    include: { event: { select: DELIVERY_EVENT_SELECT } },
  });
  return presentDelivery(row);
}
