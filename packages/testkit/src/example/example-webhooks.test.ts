import { signHmacSha256, systemClock } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createExampleWebhooks } from './example-webhooks.js';

const secret = 'whsec-test';
const body = JSON.stringify({
  occurred_at: '2024-05-01T12:00:00Z',
  repo: { id: 9, slug: 'acme/api' },
  hook_id: 'h1',
});
const headers = {
  'X-Example-Event': 'ping',
  'X-Example-Signature': signHmacSha256(secret, body),
  'X-Example-Delivery': 'd-1',
};

describe('createExampleWebhooks', () => {
  it('verifies with any configured secret (rotation) and rejects without one', async () => {
    expect(
      await createExampleWebhooks({ secrets: ['old', secret], clock: systemClock }).verify({
        headers,
        rawBody: body,
      }),
    ).toEqual({ ok: true });
    expect(
      await createExampleWebhooks({ secrets: [], clock: systemClock }).verify({
        headers,
        rawBody: body,
      }),
    ).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
  });

  it('parses bytes as well as strings, with header names in any case', () => {
    const webhooks = createExampleWebhooks({ secrets: [secret], clock: systemClock });
    const lower = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const event = webhooks.parse({ headers: lower, rawBody: new TextEncoder().encode(body) });
    expect(event).toMatchObject({
      type: 'ping',
      deliveryId: 'd-1',
      occurredAt: '2024-05-01T12:00:00Z',
      repository: { id: '9', fullName: 'acme/api' },
    });
  });

  it('refuses a body that is not JSON or an event without its header', () => {
    const webhooks = createExampleWebhooks({ secrets: [secret], clock: systemClock });
    expect(() => webhooks.parse({ headers, rawBody: '{nope' })).toThrow(/not JSON/);
    expect(() => webhooks.parse({ headers: {}, rawBody: body })).toThrow(/x-example-event/);
    expect(() =>
      webhooks.parse({ headers: { ...headers, 'X-Example-Event': 'push' }, rawBody: body }),
    ).toThrow(/Malformed push/);
  });
});
