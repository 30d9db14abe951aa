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

  it('routes Tag Push, Pipeline, Job, Deployment and Release hooks', () => {
    const sha = 'c'.repeat(40);
    expect(
      parseGitLabEvent(
        delivery('Tag Push Hook', {
          ref: 'refs/tags/v1.0.0',
          before: '0'.repeat(40),
          after: sha,
          checkout_sha: sha,
          project,
        }),
        clock,
      ),
    ).toMatchObject({
      type: 'tag',
      name: 'v1.0.0',
      change: 'created',
      sha,
      repository: { fullName: 'acme/platform/api', id: '9' },
    });
    expect(
      parseGitLabEvent(
        delivery('Tag Push Hook', {
          ref: 'refs/tags/v1.0.0',
          before: sha,
          after: '0'.repeat(40),
          project,
        }),
        clock,
      ),
    ).toMatchObject({ type: 'tag', change: 'deleted', sha: null });
    expect(
      parseGitLabEvent(
        delivery('Pipeline Hook', {
          object_kind: 'pipeline',
          object_attributes: {
            id: 31,
            iid: 3,
            sha,
            status: 'failed',
            finished_at: '2026-01-01 10:00:00 UTC',
          },
          project,
        }),
        clock,
      ),
    ).toMatchObject({
      type: 'check',
      name: 'pipeline #3',
      status: 'completed',
      conclusion: 'failure',
      occurredAt: '2026-01-01T10:00:00Z',
    });
    expect(
      parseGitLabEvent(
        delivery('Job Hook', {
          object_kind: 'build',
          build_name: 'rspec',
          build_status: 'running',
          sha,
        }),
        clock,
      ),
    ).toMatchObject({ type: 'check', name: 'rspec', status: 'in_progress', repository: null });
    expect(
      parseGitLabEvent(
        delivery('Deployment Hook', {
          object_kind: 'deployment',
          status: 'success',
          environment: 'production',
          short_sha: 'cccccccc',
          commit_url: `https://gitlab.example.com/acme/platform/api/-/commit/${sha}`,
          project,
        }),
        clock,
      ),
    ).toMatchObject({ type: 'deployment', environment: 'production', state: 'success', sha });
    expect(
      parseGitLabEvent(
        delivery('Release Hook', {
          object_kind: 'release',
          tag: 'v1.0.0',
          name: 'One',
          action: 'create',
          project,
        }),
        clock,
      ),
    ).toMatchObject({ type: 'release', tagName: 'v1.0.0', name: 'One', action: 'create' });
  });

  it('routes System Hooks by their event name, and keeps the rest as unknown with the payload', () => {
    const push = parseGitLabEvent(
      delivery('System Hook', {
        event_name: 'push',
        object_kind: 'push',
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: 'd'.repeat(40),
        project,
        commits: [],
      }),
      clock,
    );
    expect(push).toMatchObject({ type: 'push', before: null, after: 'd'.repeat(40) });
    const created = parseGitLabEvent(
      delivery('System Hook', { event_name: 'project_create', path_with_namespace: 'x/y' }),
      clock,
    );
    expect(created).toMatchObject({
      type: 'unknown',
      providerEvent: 'System Hook: project_create',
      raw: { event_name: 'project_create' },
    });
    expect(
      parseGitLabEvent(delivery('Wiki Page Hook', { object_kind: 'wiki_page', project }), clock),
    ).toMatchObject({ type: 'unknown', providerEvent: 'Wiki Page Hook' });
  });

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

describe('hostile input', () => {
  it('parses 100k-character URLs and refs quickly', () => {
    const long = `https://x.test${'/merge_requests/1'.repeat(6_000)}#${'a'.repeat(100_000)}`;
    const noNumber = `https://x.test${'/merge_requests/1'.repeat(6_000)}/x`;
    const started = performance.now();
    expect(
      parseGitLabEvent(
        delivery('Merge Request Hook', { object_attributes: { url: long, action: 'open' } }),
        clock,
      ),
    ).toMatchObject({ type: 'pull_request', number: 1 });
    expect(() =>
      parseGitLabEvent(
        delivery('Merge Request Hook', { object_attributes: { url: noNumber, action: 'open' } }),
        clock,
      ),
    ).toThrow(/without a number/);
    parseGitLabEvent(
      delivery('Deployment Hook', {
        status: 'success',
        commit_url: `/commit/${'a'.repeat(100_000)}`,
      }),
      clock,
    );
    parseGitLabEvent(
      delivery('Pipeline Hook', {
        object_attributes: { id: 1, status: 'success', finished_at: `${'9'.repeat(100_000)} UTC` },
      }),
      clock,
    );
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
