import {
  getHeader,
  invalidWebhook,
  verifySharedToken,
  webhookBodyText,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type VerifyResult,
  type WebhookRequest,
} from '@scm/core';
import { WireHookEnvelopeSchema } from './azure-schemas.js';
import { AZURE_PROVIDER_ID } from './map-common.js';
import { mapAzureEvents } from './map-event.js';

/** The custom header `createWebhook` puts the secret in (the subscription's `httpHeaders`). */
export const AZURE_WEBHOOK_SECRET_HEADER = 'x-scm-webhook-secret';

export interface AzureWebhooksOptions {
  /** Accepted secrets; list the old and the new one while rotating. */
  secrets: readonly string[];
  /** The custom header carrying the secret. Default `x-scm-webhook-secret`. */
  secretHeader?: string | undefined;
  /**
   * The organization, first segment of the events' repository full names (as the listings name
   * them). Azure's payloads do not name it; without it full names are `project/repository`, which
   * the adapter also accepts.
   */
  organization?: string | undefined;
  clock: Clock;
}

/**
 * What a service hook delivery says about itself, read from its body (Azure sends no delivery or
 * event header): its event type, and a delivery id for deduplication — the subscription and
 * notification ids (`<subscriptionId>.<notificationId>`: unique per subscription and kept when
 * Azure retries, where the event id is shared by every subscription to the event), else the event
 * id. Undefined when the body is not a service hook delivery.
 */
export function readAzureDelivery(
  rawBody: WebhookRequest['rawBody'],
): { deliveryId: string; eventType: string } | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(webhookBodyText(rawBody)) as unknown;
  } catch {
    return undefined;
  }
  const envelope = WireHookEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return undefined;
  const { subscriptionId, notificationId, id, eventType } = envelope.data;
  const notification =
    subscriptionId !== null &&
    subscriptionId !== undefined &&
    subscriptionId !== '' &&
    notificationId !== null &&
    notificationId !== undefined
      ? `${subscriptionId}.${String(notificationId)}`
      : undefined;
  return { deliveryId: notification ?? id, eventType };
}

/** The password of an HTTP Basic `Authorization` header; undefined when there is none. */
function basicPassword(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || value === undefined) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/**
 * Azure DevOps signs no service hook delivery: there is no body signature to check
 * (https://learn.microsoft.com/azure/devops/service-hooks/services/webhooks). What a subscription
 * can carry is HTTP Basic credentials and custom headers, both configured on it; `verify` accepts
 * a delivery when the secret it presents (the Basic password, the secret header, or both) matches
 * one of `secrets`, compared in constant time. Every credential presented must match. `parse`
 * reads the `eventType` from the body (Azure sends no event header) and maps it (map-event.ts).
 */
export function createAzureWebhooks(options: AzureWebhooksOptions): ProviderWebhooks {
  const secretHeader = options.secretHeader ?? AZURE_WEBHOOK_SECRET_HEADER;

  const verify = (request: WebhookRequest): VerifyResult => {
    const presented = [
      basicPassword(getHeader(request.headers, 'authorization')),
      getHeader(request.headers, secretHeader),
    ].filter((value): value is string => value !== undefined && value !== '');
    if (options.secrets.every((secret) => secret === ''))
      return { ok: false, reason: 'no_secret_configured' };
    if (presented.length === 0) return { ok: false, reason: 'missing_signature' };
    for (const token of presented) {
      const result = verifySharedToken({ secrets: options.secrets, token });
      if (!result.ok) return result;
    }
    return { ok: true };
  };

  const parseAll = (request: WebhookRequest): ScmEvent[] => {
    let payload: unknown;
    try {
      payload = JSON.parse(webhookBodyText(request.rawBody)) as unknown;
    } catch {
      throw invalidWebhook(AZURE_PROVIDER_ID, 'Webhook body is not JSON');
    }
    const envelope = WireHookEnvelopeSchema.safeParse(payload);
    if (!envelope.success)
      throw invalidWebhook(AZURE_PROVIDER_ID, 'Not an Azure DevOps service hook delivery');
    // The event id: Azure keeps it when it retries a notification.
    return mapAzureEvents(envelope.data, payload, {
      deliveryId: envelope.data.id,
      receivedAt: new Date(options.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      organization: options.organization,
    });
  };

  return {
    verify: (request) => Promise.resolve(verify(request)),
    // `parse` is the delivery's own event; `parseAll` adds the ref events a push implies.
    parse: (request) => parseAll(request)[0] as ScmEvent,
    parseAll,
  };
}
