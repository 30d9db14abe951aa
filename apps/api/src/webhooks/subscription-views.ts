import type { WebhookDelivery, WebhookEvent } from '../generated/sqlite/client.js';
import type { GatewayServices } from '../services.js';
import { presentSubscription, type SubscriptionView } from './subscriptions.js';

// The delivery log as apps and developers see it (the API's `/v1/subscriptions/:id/deliveries` and
// the dashboard's subscriptions page), and the dashboard's read of a tenant's subscriptions.

/** What a delivery row needs of its event: the id, the provider's name, the normalized list. */
export const DELIVERY_EVENT_SELECT = { id: true, eventName: true, events: true } as const;

type DeliveryRow = WebhookDelivery & { event: Pick<WebhookEvent, 'id' | 'eventName' | 'events'> };

/** The normalized event's type (`scm.push`), as the subscriber receives it, or null if unknown. */
function eventType(event: DeliveryRow['event'], index: number): string | null {
  try {
    const events = JSON.parse(event.events ?? '[]') as unknown;
    const item: unknown = Array.isArray(events) ? events[index] : undefined;
    const type =
      typeof item === 'object' && item !== null && 'type' in item ? item.type : undefined;
    return typeof type === 'string' ? `scm.${type}` : null;
  } catch {
    return null;
  }
}

/** One line of the delivery log: its id is the `webhook-id` the subscriber receives. */
export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.event.id,
    eventType: eventType(row.event, row.eventIndex),
    providerEvent: row.event.eventName,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    latencyMs: row.lastLatencyMs,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export type DeliveryView = ReturnType<typeof presentDelivery>;

/** Subscriptions the dashboard lists at most, newest first. */
const DASHBOARD_SUBSCRIPTIONS = 200;
/** Deliveries shown per subscription on the dashboard. */
const DASHBOARD_DELIVERIES = 5;

/**
 * The tenant's subscriptions grouped by developer app (client id), each with its last deliveries,
 * for the dashboard (read-only).
 */
export async function loadAppSubscriptions(
  services: GatewayServices,
  tenantId: string,
): Promise<Map<string, (SubscriptionView & { deliveries: DeliveryView[] })[]>> {
  const rows = await services.prisma.eventSubscription.findMany({
    where: { tenantId, clientId: { not: null } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: DASHBOARD_SUBSCRIPTIONS,
    include: {
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: DASHBOARD_DELIVERIES,
        include: { event: { select: DELIVERY_EVENT_SELECT } },
      },
    },
  });
  const byApp = new Map<string, (SubscriptionView & { deliveries: DeliveryView[] })[]>();
  for (const row of rows) {
    if (row.clientId === null) continue;
    const list = byApp.get(row.clientId) ?? [];
    list.push({ ...presentSubscription(row), deliveries: row.deliveries.map(presentDelivery) });
    byApp.set(row.clientId, list);
  }
  return byApp;
}
