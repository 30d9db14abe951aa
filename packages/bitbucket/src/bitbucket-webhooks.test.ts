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

  it('routes commit status events to checks, with lower-case headers too', () => {
    const webhooks = createBitbucketWebhooks({ secrets: [secret], clock: systemClock });
    const lower = Object.fromEntries(
      Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
    );
    expect(webhooks.parse({ headers: lower, rawBody: body })).toMatchObject({
      type: 'check',
      action: 'updated',
      deliveryId: 'd-1',
      name: 'CI',
      sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      occurredAt: '2024-05-01T12:03:00Z',
      repository: { id: '{r-1}', fullName: 'acme/api', webUrl: null },
      sender: { id: '{u-1}', login: 'ada', name: 'Ada' },
    });
  });

  it('reads a deleted branch as a branch event and an unknown key as unknown', () => {
    const webhooks = createBitbucketWebhooks({ secrets: [secret], clock: systemClock });
    const deleted = JSON.stringify({
      repository: { full_name: 'acme/api' },
      push: {
        changes: [
          {
            old: { type: 'branch', name: 'gone', target: { hash: 'b'.repeat(40) } },
            new: null,
            closed: true,
          },
        ],
      },
    });
    expect(
      webhooks.parse({ headers: { 'X-Event-Key': 'repo:push' }, rawBody: deleted }),
    ).toMatchObject({
      type: 'branch',
      change: 'deleted',
      name: 'gone',
      sha: 'b'.repeat(40),
      deliveryId: null,
    });
    expect(
      webhooks.parse({ headers: { ...headers, 'X-Event-Key': 'issue:created' }, rawBody: body }),
    ).toMatchObject({
      type: 'unknown',
      providerEvent: 'issue:created',
    });
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
