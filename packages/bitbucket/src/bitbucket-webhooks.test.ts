import { signHmacSha256, systemClock } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createBitbucketWebhooks } from './bitbucket-webhooks.js';

const secret = 'whsec-test';
const body = JSON.stringify({
  actor: { type: 'user', uuid: '{u-1}', nickname: 'ada', display_name: 'Ada' },
  repository: { type: 'repository', uuid: '{r-1}', full_name: 'acme/api' },
  commit_status: {
    key: 'ci',
    name: 'CI',
    state: 'FAILED',
    commit: { hash: 'a'.repeat(40) },
    created_on: '2024-05-01T12:00:00+00:00',
    updated_on: '2024-05-01T12:03:00.123+00:00',
  },
});
const headers = {
  'X-Event-Key': 'repo:commit_status_updated',
  'X-Request-UUID': 'd-1',
  'X-Hub-Signature': signHmacSha256(secret, body),
};

describe('createBitbucketWebhooks', () => {
  it('verifies X-Hub-Signature with any configured secret (rotation)', async () => {
    const webhooks = createBitbucketWebhooks({ secrets: ['old', secret], clock: systemClock });
    expect(await webhooks.verify({ headers, rawBody: body })).toEqual({ ok: true });
    expect(await webhooks.verify({ headers, rawBody: new TextEncoder().encode(body) })).toEqual({
      ok: true,
    });
  });

  it('with a secret configured, rejects a delivery without a valid signature', async () => {
    const webhooks = createBitbucketWebhooks({ secrets: [secret], clock: systemClock });
    const { 'X-Hub-Signature': _signature, ...unsigned } = headers;
    expect(await webhooks.verify({ headers: unsigned, rawBody: body })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(
      await webhooks.verify({
        headers: { ...headers, 'X-Hub-Signature': signHmacSha256('other', body) },
        rawBody: body,
      }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
    // Bitbucket signs with SHA-256 only; a sha1 header is not accepted.
    expect(
      await webhooks.verify({
        headers: { ...headers, 'X-Hub-Signature': `sha1=${'0'.repeat(40)}` },
        rawBody: body,
      }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
    expect(
      await createBitbucketWebhooks({ secrets: [], clock: systemClock }).verify({
        headers,
        rawBody: body,
      }),
    ).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
  });

  it('parses a delivery: its event key and delivery id from the headers, in any case', () => {
    const webhooks = createBitbucketWebhooks({ secrets: [secret], clock: systemClock });
    const lower = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
    );
    for (const request of [
      { headers, rawBody: body },
      { headers: lower, rawBody: new TextEncoder().encode(body) },
    ]) {
      expect(webhooks.parse(request)).toMatchObject({
        type: 'check',
        action: 'updated',
        deliveryId: 'd-1',
        name: 'CI',
        sha: 'a'.repeat(40),
        repository: { id: '{r-1}', fullName: 'acme/api' },
      });
    }
  });

  it('dates an event whose body carries no time by when it was received', () => {
    const receivedAt = Date.parse('2030-01-02T03:04:05.678Z');
    const webhooks = createBitbucketWebhooks({
      secrets: [secret],
      clock: { now: () => receivedAt, sleep: () => Promise.resolve() },
    });
    const request = { headers: { 'X-Event-Key': 'repo:fork' }, rawBody: body };
    expect(webhooks.parse(request)).toMatchObject({
      type: 'unknown',
      occurredAt: '2030-01-02T03:04:05Z',
      deliveryId: null,
    });
    expect(webhooks.parseAll(request)).toEqual([webhooks.parse(request)]);
  });

  it('refuses a body that is not JSON, a missing event key, and a malformed event', () => {
    const webhooks = createBitbucketWebhooks({ secrets: [secret], clock: systemClock });
    expect(() => webhooks.parse({ headers, rawBody: '{nope' })).toThrow(/not JSON/);
    expect(() => webhooks.parse({ headers: {}, rawBody: body })).toThrow(/x-event-key/);
    expect(() =>
      webhooks.parse({ headers: { 'X-Event-Key': 'pullrequest:created' }, rawBody: body }),
    ).toThrow(/Malformed pullrequest:created/);
  });
});
