import {
  getHeader,
  readWebhookDelivery,
  verifyHmacSignature,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type WebhookRequest,
} from '@scm/core';
import { EXAMPLE_PROVIDER_ID } from './map-common.js';
import { mapExampleEvents } from './map-event.js';

export const SIGNATURE_HEADER = 'x-example-signature';
export const EVENT_HEADER = 'x-example-event';
export const DELIVERY_HEADER = 'x-example-delivery';

/**
 * Example deliveries carry `X-Example-Signature: sha256=<hmac of the raw body>`,
 * `X-Example-Event` and `X-Example-Delivery`. `verify` checks the signature against every
 * configured secret (rotation); `parse` reads the delivery and maps it (map-event.ts).
 */
export function createExampleWebhooks(options: {
  secrets: readonly string[];
  clock: Clock;
}): ProviderWebhooks {
  const parseAll = (request: WebhookRequest): ScmEvent[] => {
    const { event, payload } = readWebhookDelivery(request, {
      provider: EXAMPLE_PROVIDER_ID,
      eventHeader: EVENT_HEADER,
    });
    return mapExampleEvents(event, payload, {
      deliveryId: getHeader(request.headers, DELIVERY_HEADER) ?? null,
      receivedAt: new Date(options.clock.now()).toISOString(),
    });
  };
  return {
    verify: (request) =>
      Promise.resolve(
        verifyHmacSignature({
          secrets: options.secrets,
          body: request.rawBody,
          signature: getHeader(request.headers, SIGNATURE_HEADER),
        }),
      ),
    // `parse` is the delivery's own event; `parseAll` adds the ref event a push implies.
    parse: (request) => parseAll(request)[0] as ScmEvent,
    parseAll,
  };
}
