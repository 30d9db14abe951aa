import type { AzureRouteKit, StoredSubscription } from '../route-kit.js';
import { renderIdentity } from './common.js';

/** Consumer inputs Azure never sends back in clear. */
const SECRET_INPUTS = new Set(['basicAuthPassword', 'httpHeaders']);

/** A service-hook `Subscription`; the password and the custom headers masked as Azure does. */
export function renderSubscription(
  kit: AzureRouteKit,
  subscription: StoredSubscription,
): Record<string, unknown> {
  const viewer = renderIdentity(kit, kit.dataset.viewer.login);
  const url = `${kit.collectionUrl()}/_apis/hooks/subscriptions/${subscription.id}`;
  return {
    id: subscription.id,
    url,
    status: 'enabled',
    publisherId: subscription.publisherId,
    eventType: subscription.eventType,
    subscriber: null,
    resourceVersion: subscription.resourceVersion,
    eventDescription: `Any ${subscription.eventType} event`,
    consumerId: subscription.consumerId,
    consumerActionId: subscription.consumerActionId,
    actionDescription: `To host ${new URL(subscription.consumerInputs.url ?? 'https://invalid').host}`,
    createdBy: viewer,
    createdDate: subscription.createdDate,
    modifiedBy: viewer,
    modifiedDate: subscription.createdDate,
    publisherInputs: subscription.publisherInputs,
    consumerInputs: Object.fromEntries(
      Object.entries(subscription.consumerInputs).map(([key, value]) => [
        key,
        SECRET_INPUTS.has(key) ? '********' : value,
      ]),
    ),
    _links: { self: { href: url } },
  };
}
