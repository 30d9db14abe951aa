import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  getHeader,
  readWebhookDelivery,
  verifySharedToken,
  type Clock,
  type ProviderWebhooks,
  type ScmEvent,
  type VerifyResult,
  type WebhookRequest,
} from '@scm/core';
import { GITLAB_PROVIDER_ID } from './map-common.js';
import { mapGitLabEvents } from './map-event.js';

export const TOKEN_HEADER = 'x-gitlab-token';
export const EVENT_HEADER = 'x-gitlab-event';
/** Signed webhooks follow the Standard Webhooks scheme (https://www.standardwebhooks.com/). */
export const SIGNATURE_HEADER = 'webhook-signature';
export const SIGNATURE_ID_HEADER = 'webhook-id';
export const SIGNATURE_TIMESTAMP_HEADER = 'webhook-timestamp';
// Idempotency-Key is the same for retries of one delivery; X-Gitlab-Event-UUID is per event.
const DELIVERY_HEADERS = ['idempotency-key', 'webhook-id', 'x-gitlab-event-uuid'];

function bodyBytes(rawBody: WebhookRequest['rawBody']): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
}

/** A signing token `whsec_<base64>` is a base64 key (Standard Webhooks); anything else is used as text. */
function signingKey(token: string): Buffer {
  return token.startsWith('whsec_')
    ? Buffer.from(token.slice('whsec_'.length), 'base64')
    : Buffer.from(token, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, as GitLab signs. */
export function signGitLabWebhook(
  signingToken: string,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  const mac = createHmac('sha256', signingKey(signingToken))
    .update(`${id}.${timestampSeconds}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
  return `v1,${mac}`;
}

function verifySignature(
  request: WebhookRequest,
  tokens: readonly string[],
  nowMs: number,
  toleranceSeconds: number,
): VerifyResult {
  const signature = getHeader(request.headers, SIGNATURE_HEADER)?.trim();
  if (signature === undefined || signature === '')
    return { ok: false, reason: 'missing_signature' };
  const id = getHeader(request.headers, SIGNATURE_ID_HEADER);
  const sent = getHeader(request.headers, SIGNATURE_TIMESTAMP_HEADER);
  if (id === undefined || id === '' || sent === undefined || !/^\d{1,12}$/.test(sent))
    return { ok: false, reason: 'invalid_signature' };
  // A replayed delivery carries an old timestamp; the signature covers it, so it cannot be moved.
  if (Math.abs(nowMs / 1000 - Number(sent)) > toleranceSeconds)
    return { ok: false, reason: 'invalid_signature' };
  const body = bodyBytes(request.rawBody);
  // The header may list several space-separated signatures (one per active signing token).
  const received = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .slice(0, 8)
    .map((part) => Buffer.from(part, 'utf8'));
  let matched = false;
  // Every pair is compared, so the time taken does not reveal which one matched.
  for (const token of tokens) {
    const expected = Buffer.from(signGitLabWebhook(token, id, Number(sent), body), 'utf8');
    for (const candidate of received) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected))
        matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}

export interface GitLabWebhooksOptions {
  /** Accepted `X-Gitlab-Token` values. */
  secrets: readonly string[];
  /** Signing tokens; when any is set, a valid `webhook-signature` is required. */
  signingTokens: readonly string[];
  toleranceSeconds?: number | undefined;
  clock: Clock;
}

/**
 * GitLab webhooks (https://docs.gitlab.com/user/project/integrations/webhooks/): the secret token
 * comes back verbatim in `X-Gitlab-Token` and is compared in constant time against every accepted
 * secret. Hooks with a signing token are also signed (`webhook-signature`, `webhook-id`,
 * `webhook-timestamp`; gitlab-org/gitlab!230944); a receiver that knows the signing token
 * requires the signature, so a token-only delivery cannot downgrade it.
 */
export function createGitLabWebhooks(options: GitLabWebhooksOptions): ProviderWebhooks {
  const signingTokens = options.signingTokens.filter((token) => token !== '');
  const tolerance = options.toleranceSeconds ?? 300;
  return {
    verify: (request) => {
      if (signingTokens.length > 0)
        return Promise.resolve(
          verifySignature(request, signingTokens, options.clock.now(), tolerance),
        );
      return Promise.resolve(
        verifySharedToken({
          secrets: options.secrets,
          token: getHeader(request.headers, TOKEN_HEADER),
        }),
      );
    },
    parse: (request) => parseGitLabEvent(request, options.clock),
    parseAll: (request) => parseGitLabEvents(request, options.clock),
  };
}

/**
 * Parses a (verified) GitLab delivery into its normalized event: the first of
 * `parseGitLabEvents` (for a push that created or deleted a ref, the push).
 */
export function parseGitLabEvent(request: WebhookRequest, clock: Clock): ScmEvent {
  return parseGitLabEvents(request, clock)[0] as ScmEvent;
}

/**
 * Parses a (verified) GitLab delivery into every normalized event it carries: the
 * `X-Gitlab-Event` header, the JSON body and the delivery id, mapped by map-event.ts.
 */
export function parseGitLabEvents(request: WebhookRequest, clock: Clock): ScmEvent[] {
  const { event, payload } = readWebhookDelivery(request, {
    provider: GITLAB_PROVIDER_ID,
    eventHeader: EVENT_HEADER,
  });
  let deliveryId: string | null = null;
  for (const name of DELIVERY_HEADERS) {
    const value = getHeader(request.headers, name);
    if (value !== undefined && value !== '') {
      deliveryId = value.slice(0, 200);
      break;
    }
  }
  return mapGitLabEvents(event, payload, {
    deliveryId,
    receivedAt: new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
}
