import { ScmError } from '../errors/scm-error.js';
import type { WebhookRequest } from '../provider.js';
import { getHeader } from './get-header.js';

/** The raw body as text (UTF-8), whether the framework handed over a string or bytes. */
export function webhookBodyText(rawBody: WebhookRequest['rawBody']): string {
  return typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
}

/** A delivery the provider could not have sent: `INVALID_REQUEST`, blamed on the client. */
export function invalidWebhook(provider: string, message: string): ScmError {
  return new ScmError('INVALID_REQUEST', { provider, source: 'client', message });
}

export interface ReadWebhookDeliveryOptions {
  provider: string;
  /** The header that names the event (`X-Gitlab-Event`, `X-Event-Key`, …). */
  eventHeader: string;
}

/**
 * The first step of every provider's `parse`: the event name from its header and the JSON body.
 * A missing or empty event header, or a body that is not JSON, is `INVALID_REQUEST`.
 */
export function readWebhookDelivery(
  request: WebhookRequest,
  options: ReadWebhookDeliveryOptions,
): { event: string; payload: unknown } {
  const event = getHeader(request.headers, options.eventHeader)?.trim();
  if (event === undefined || event === '')
    throw invalidWebhook(options.provider, `Missing ${options.eventHeader} header`);
  try {
    return { event, payload: JSON.parse(webhookBodyText(request.rawBody)) as unknown };
  } catch {
    throw invalidWebhook(options.provider, 'Webhook body is not JSON');
  }
}
