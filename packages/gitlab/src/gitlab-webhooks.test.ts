import type { Clock, WebhookRequest } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createGitLabWebhooks, parseGitLabEvent, signGitLabWebhook } from './gitlab-webhooks.js';

const clock: Clock = { now: () => Date.UTC(2026, 0, 1, 12), sleep: () => Promise.resolve() };
const seconds = Math.floor(clock.now() / 1000);
const SIGNING = `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`;
const OLD_SIGNING = `whsec_${Buffer.from('o'.repeat(32)).toString('base64')}`;

function delivery(
  event: string,
  payload: unknown,
  headers: Record<string, string> = {},
): WebhookRequest {
  return { headers: { 'X-Gitlab-Event': event, ...headers }, rawBody: JSON.stringify(payload) };
}

function signed(body: string, token = SIGNING, sent = seconds): WebhookRequest {
  return {
    headers: {
      'X-Gitlab-Event': 'Push Hook',
      'webhook-id': 'msg-1',
      'webhook-timestamp': String(sent),
      'webhook-signature': signGitLabWebhook(token, 'msg-1', sent, body),
    },
    rawBody: body,
  };
}

describe('verify', () => {
  it('compares X-Gitlab-Token against every configured secret (rotation)', async () => {
    const webhooks = createGitLabWebhooks({ secrets: ['old', 'new'], signingTokens: [], clock });
    const request = (token?: string): WebhookRequest => ({
      headers: token === undefined ? {} : { 'X-Gitlab-Token': token },
      rawBody: '{}',
    });
    expect(await webhooks.verify(request('old'))).toEqual({ ok: true });
    expect(await webhooks.verify(request('new'))).toEqual({ ok: true });
    expect(await webhooks.verify(request('older'))).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    expect(await webhooks.verify(request())).toEqual({ ok: false, reason: 'missing_signature' });
    expect(
      await createGitLabWebhooks({ secrets: [], signingTokens: [], clock }).verify(request('old')),
    ).toEqual({ ok: false, reason: 'no_secret_configured' });
  });

  it('verifies signed webhooks with any configured signing token and within the tolerance', async () => {
    const body = '{"object_kind":"push"}';
    const webhooks = createGitLabWebhooks({
      secrets: ['tok'],
      signingTokens: [OLD_SIGNING, SIGNING],
      clock,
    });
    expect(await webhooks.verify(signed(body))).toEqual({ ok: true });
    expect(await webhooks.verify(signed(body, OLD_SIGNING))).toEqual({ ok: true });
    expect(await webhooks.verify({ ...signed(body), rawBody: `${body} ` })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    expect(await webhooks.verify(signed(body, SIGNING, seconds - 3600))).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    expect(
      await webhooks.verify(
        signed(body, `whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`),
      ),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
    // With a signing token configured, the shared token alone is not enough (no downgrade).
    expect(await webhooks.verify({ headers: { 'X-Gitlab-Token': 'tok' }, rawBody: body })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });

  it('accepts a header listing several signatures, one of them valid', async () => {
    const body = '{}';
    const request = signed(body);
    const headers = {
      ...request.headers,
      'webhook-signature': `v1,bm9wZQ== ${String(request.headers['webhook-signature'])}`,
    };
    expect(
      await createGitLabWebhooks({ secrets: [], signingTokens: [SIGNING], clock }).verify({
        ...request,
        headers,
      }),
    ).toEqual({ ok: true });
  });
});

describe('parse', () => {
  const project = {
    id: 9,
    path_with_namespace: 'acme/platform/api',
    web_url: 'https://gitlab.example.com/acme/platform/api',
  };

  it('takes the delivery id from Idempotency-Key, then X-Gitlab-Event-UUID, and the time from the clock when the body has none', () => {
    const body = { ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'b'.repeat(40), project };
    expect(
      parseGitLabEvent(
        delivery('Push Hook', body, { 'Idempotency-Key': 'idem', 'X-Gitlab-Event-UUID': 'uuid' }),
        clock,
      ),
    ).toMatchObject({ deliveryId: 'idem', occurredAt: '2026-01-01T12:00:00Z' });
    expect(
      parseGitLabEvent(delivery('Push Hook', body, { 'x-gitlab-event-uuid': 'uuid' }), clock)
        .deliveryId,
    ).toBe('uuid');
  });

  it('refuses a body that is not JSON, a missing event header and a malformed hook', () => {
    expect(() =>
      parseGitLabEvent({ headers: { 'X-Gitlab-Event': 'Push Hook' }, rawBody: '{nope' }, clock),
    ).toThrow(/not JSON/);
    expect(() => parseGitLabEvent({ headers: {}, rawBody: '{}' }, clock)).toThrow(/x-gitlab-event/);
    expect(() => parseGitLabEvent(delivery('Push Hook', { project }), clock)).toThrow(
      /Malformed Push Hook/,
    );
  });
});
