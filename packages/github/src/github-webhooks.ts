import {
  getHeader,
  invalidWebhook,
  systemClock,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type VerifyResult,
  type WebhookRequest,
} from '@scm/core';
import { verify } from '@octokit/webhooks-methods';
import { GITHUB_PROVIDER_ID } from './map-common.js';
import { mapGitHubEvents } from './map-event.js';

export const GITHUB_SIGNATURE_HEADER = 'x-hub-signature-256';
export const GITHUB_EVENT_HEADER = 'x-github-event';
export const GITHUB_DELIVERY_HEADER = 'x-github-delivery';

export interface GitHubWebhooksOptions {
  /**
   * Every secret deliveries may be signed with: the current one, plus the previous one while it
   * is being rotated out. Empty strings are ignored; with none left every delivery is refused.
   */
  secrets: readonly string[];
  /** Gives `occurredAt` to events whose payload carries no time. */
  clock?: Clock | undefined;
}

// `@octokit/webhooks-methods` signs strings. A byte-order mark is kept so the text re-encodes to the
// bytes GitHub signed; bytes that are not UTF-8 cannot round-trip and fail verification (GitHub
// only sends UTF-8 JSON).
function bodyText(rawBody: WebhookRequest['rawBody']): string {
  return typeof rawBody === 'string'
    ? rawBody
    : new TextDecoder('utf-8', { ignoreBOM: true }).decode(rawBody);
}

/**
 * Verifies `X-Hub-Signature-256` (HMAC-SHA256 of the raw body) against each configured secret.
 * Only the SHA-256 header counts: the legacy SHA-1 `X-Hub-Signature` alone is a missing signature.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
async function verifyDelivery(
  secrets: readonly string[],
  request: WebhookRequest,
): Promise<VerifyResult> {
  if (secrets.length === 0) return { ok: false, reason: 'no_secret_configured' };
  const signature = getHeader(request.headers, GITHUB_SIGNATURE_HEADER)?.trim();
  if (signature === undefined || signature === '')
    return { ok: false, reason: 'missing_signature' };
  const body = bodyText(request.rawBody);
  // webhooks-methods refuses an empty payload; GitHub never signs one.
  if (body === '') return { ok: false, reason: 'invalid_signature' };
  // Every secret is tried, so the time taken does not tell which one matched.
  const results = await Promise.all(secrets.map((secret) => verify(secret, body, signature)));
  return results.includes(true) ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

/**
 * GitHub webhook deliveries: `verify` checks the signature, `parse` turns a verified delivery
 * into a normalized `ScmEvent` (events it does not normalize become `unknown`, raw payload kept).
 */
export function createGitHubWebhooks(options: GitHubWebhooksOptions): ProviderWebhooks {
  const secrets = options.secrets.filter((secret) => secret !== '');
  const clock = options.clock ?? systemClock;
  const parseAll = (request: WebhookRequest): ScmEvent[] => {
    const event = getHeader(request.headers, GITHUB_EVENT_HEADER)?.trim();
    if (event === undefined || event === '')
      throw invalidWebhook(GITHUB_PROVIDER_ID, 'The delivery has no X-GitHub-Event header.');
    let payload: unknown;
    try {
      payload = JSON.parse(bodyText(request.rawBody).replace(/^\uFEFF/, '')) as unknown;
    } catch {
      // A form-encoded delivery (content type application/x-www-form-urlencoded) carries the
      // JSON in a `payload` field.
      payload = formPayload(bodyText(request.rawBody));
    }
    return mapGitHubEvents(payload, {
      event,
      deliveryId: getHeader(request.headers, GITHUB_DELIVERY_HEADER)?.trim() || null,
      receivedAt: new Date(clock.now()).toISOString().replace('.000Z', 'Z'),
    });
  };
  return {
    verify: (request) => verifyDelivery(secrets, request),
    // GitHub sends one event per delivery (a ref created by a push comes as its own delivery).
    parse: (request) => parseAll(request)[0] as ScmEvent,
    parseAll,
  };
}

// https://docs.github.com/en/webhooks/using-webhooks/creating-webhooks (content type `form`).
function formPayload(body: string): unknown {
  const json = new URLSearchParams(body).get('payload');
  if (json === null)
    throw invalidWebhook(
      GITHUB_PROVIDER_ID,
      'The webhook body is neither JSON nor a form with a payload.',
    );
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw invalidWebhook(GITHUB_PROVIDER_ID, 'The webhook payload field is not JSON.');
  }
}
