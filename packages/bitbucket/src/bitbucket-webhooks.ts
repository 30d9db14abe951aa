import {
  getHeader,
  readWebhookDelivery,
  verifyHmacSignature,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type WebhookRequest,
} from '@scm/core';
import { BITBUCKET_PROVIDER_ID, timestamp } from './map-common.js';
import { mapBitbucketEvents } from './map-event.js';

/** developer.atlassian.com/cloud/bitbucket/manage-webhooks/#event-payloads and #secure-webhooks. */
export const EVENT_HEADER = 'x-event-key';
export const DELIVERY_HEADER = 'x-request-uuid';
export const SIGNATURE_HEADER = 'x-hub-signature';

/**
 * Bitbucket deliveries: `X-Event-Key` names the event, `X-Request-UUID` the delivery, and when the
 * webhook has a secret, `X-Hub-Signature: sha256=<HMAC of the raw body>`. Verification accepts
 * every configured secret (rotation) and rejects a missing or wrong signature; `parse` reads the
 * delivery and maps it (map-event.ts).
 */
export function createBitbucketWebhooks(options: {
  secrets: readonly string[];
  clock: Clock;
}): ProviderWebhooks {
  const parseAll = (request: WebhookRequest): ScmEvent[] => {
    const { event: eventKey, payload } = readWebhookDelivery(request, {
      provider: BITBUCKET_PROVIDER_ID,
      eventHeader: EVENT_HEADER,
    });
    return mapBitbucketEvents(eventKey, payload, {
      deliveryId: getHeader(request.headers, DELIVERY_HEADER) ?? null,
      receivedAt: timestamp(new Date(options.clock.now()).toISOString()) ?? '',
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
    // A repo:push may change several refs: `parse` gives the first push, `parseAll` every event.
    parse: (request) => parseAll(request)[0] as ScmEvent,
    parseAll,
  };
}
