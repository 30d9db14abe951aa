import { createHmac } from 'node:crypto';
import { ScmError, ScmEventSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createGitHubWebhooks } from './github-webhooks.js';

const SECRET = 'current-secret';
const NOW = Date.parse('2026-01-02T03:04:05Z');
const clock = { now: () => NOW, sleep: () => Promise.resolve() };

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const pingBody = JSON.stringify({
  zen: 'Design for failure.',
  hook_id: 1,
  repository: { id: 42, full_name: 'acme/api', html_url: 'https://github.com/acme/api' },
  sender: { id: 7, login: 'octocat', avatar_url: 'https://avatars.example/7' },
});

describe('createGitHubWebhooks().verify', () => {
  const webhooks = createGitHubWebhooks({ secrets: ['previous-secret', SECRET] });

  it('accepts a delivery signed with any configured secret (rotation)', async () => {
    for (const secret of ['previous-secret', SECRET]) {
      const result = await webhooks.verify({
        headers: { 'X-Hub-Signature-256': sign(secret, pingBody) },
        rawBody: pingBody,
      });
      expect(result).toEqual({ ok: true });
    }
  });

  it('verifies the exact bytes, a byte-order mark included', async () => {
    const withBom = `\uFEFF${pingBody}`;
    const request = {
      headers: { 'x-hub-signature-256': sign(SECRET, withBom) },
      rawBody: new TextEncoder().encode(withBom),
    };
    expect(await webhooks.verify(request)).toEqual({ ok: true });
    expect(
      await webhooks.verify({ ...request, rawBody: new TextEncoder().encode(pingBody) }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('accepts the raw body as bytes', async () => {
    const result = await webhooks.verify({
      headers: { 'x-hub-signature-256': sign(SECRET, pingBody) },
      rawBody: new TextEncoder().encode(pingBody),
    });
    expect(result).toEqual({ ok: true });
  });

  it('rejects a signature made with another secret', async () => {
    const result = await webhooks.verify({
      headers: { 'x-hub-signature-256': sign('someone-else', pingBody) },
      rawBody: pingBody,
    });
    expect(result).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('treats a missing or empty signature header as a rejection, never a pass', async () => {
    for (const headers of [
      {},
      { 'x-hub-signature-256': '' },
      { 'x-hub-signature-256': undefined },
    ]) {
      expect(await webhooks.verify({ headers, rawBody: pingBody })).toEqual({
        ok: false,
        reason: 'missing_signature',
      });
    }
  });

  it('does not accept the legacy SHA-1 header in place of SHA-256', async () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(pingBody).digest('hex')}`;
    expect(
      await webhooks.verify({ headers: { 'x-hub-signature': sha1 }, rawBody: pingBody }),
    ).toEqual({ ok: false, reason: 'missing_signature' });
    expect(
      await webhooks.verify({ headers: { 'x-hub-signature-256': sha1 }, rawBody: pingBody }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('refuses every delivery when no secret is configured', async () => {
    for (const secrets of [[], ['']]) {
      const result = await createGitHubWebhooks({ secrets }).verify({
        headers: { 'x-hub-signature-256': sign('', pingBody) },
        rawBody: pingBody,
      });
      expect(result).toEqual({ ok: false, reason: 'no_secret_configured' });
    }
  });

  it('rejects an empty body without throwing', async () => {
    expect(
      await webhooks.verify({ headers: { 'x-hub-signature-256': sign(SECRET, '') }, rawBody: '' }),
    ).toEqual({ ok: false, reason: 'invalid_signature' });
  });
});

describe('createGitHubWebhooks().parse', () => {
  const webhooks = createGitHubWebhooks({ secrets: [SECRET], clock });

  it('fills the envelope from the payload and headers', () => {
    const event = webhooks.parse({
      headers: { 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': 'delivery-1' },
      rawBody: pingBody,
    });
    expect(ScmEventSchema.parse(event)).toEqual({
      provider: 'github',
      type: 'ping',
      deliveryId: 'delivery-1',
      occurredAt: '2026-01-02T03:04:05Z',
      action: null,
      repository: { id: '42', fullName: 'acme/api', webUrl: 'https://github.com/acme/api' },
      sender: {
        id: '7',
        login: 'octocat',
        name: null,
        email: null,
        avatarUrl: 'https://avatars.example/7',
      },
      installationId: null,
      raw: JSON.parse(pingBody) as unknown,
    });
    expect(
      webhooks.parseAll({
        headers: { 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': 'delivery-1' },
        rawBody: pingBody,
      }),
    ).toEqual([event]);
  });

  it('reads a form-encoded delivery', () => {
    const event = webhooks.parse({
      headers: { 'x-github-event': 'ping' },
      rawBody: new URLSearchParams({ payload: pingBody }).toString(),
    });
    expect(event.type).toBe('ping');
    expect(event.deliveryId).toBeNull();
    expect(event.repository?.fullName).toBe('acme/api');
  });

  it('maps a merged pull request to state merged and a push of a new branch with before null', () => {
    const pr = webhooks.parse({
      headers: { 'x-github-event': 'pull_request' },
      rawBody: JSON.stringify({
        action: 'closed',
        number: 5,
        pull_request: {
          number: 5,
          title: 'Add x',
          state: 'closed',
          merged: true,
          html_url: 'https://github.com/acme/api/pull/5',
          updated_at: '2026-01-01T00:00:00+02:00',
          head: { ref: 'feature', sha: 'a'.repeat(40) },
          base: { ref: 'main' },
        },
      }),
    });
    expect(pr).toMatchObject({
      type: 'pull_request',
      action: 'closed',
      state: 'merged',
      occurredAt: '2025-12-31T22:00:00Z',
    });
    const push = webhooks.parse({
      headers: { 'x-github-event': 'push' },
      rawBody: JSON.stringify({
        ref: 'refs/heads/feature',
        before: '0'.repeat(40),
        after: 'b'.repeat(40),
        commits: [],
      }),
    });
    expect(push).toMatchObject({ type: 'push', before: null, after: 'b'.repeat(40) });
  });

  it('keeps an event it does not normalize as unknown with its payload', () => {
    const body = JSON.stringify({ action: 'started', starred_at: null });
    const event = webhooks.parse({
      headers: { 'x-github-event': 'watch', 'x-github-delivery': 'd-2' },
      rawBody: body,
    });
    expect(event).toMatchObject({
      type: 'unknown',
      providerEvent: 'watch',
      action: 'started',
      deliveryId: 'd-2',
      repository: null,
    });
    expect(event.raw).toEqual(JSON.parse(body));
  });

  it('fails with INVALID_REQUEST on a missing event header, a non-JSON body or a malformed payload', () => {
    const cases = [
      { headers: {}, rawBody: pingBody },
      { headers: { 'x-github-event': 'ping' }, rawBody: 'not json' },
      { headers: { 'x-github-event': 'push' }, rawBody: JSON.stringify({ ref: 3 }) },
    ];
    for (const request of cases) {
      let caught: unknown;
      try {
        webhooks.parse(request);
      } catch (error) {
        caught = error;
      }
      expect(ScmError.isInstance(caught) && caught.code).toBe('INVALID_REQUEST');
    }
  });

  it('handles a 100k-character hostile sha in linear time', () => {
    const hostile = `${'0'.repeat(100_000)}x`;
    const started = performance.now();
    const push = webhooks.parse({
      headers: { 'x-github-event': 'push' },
      rawBody: JSON.stringify({
        ref: 'refs/heads/x',
        before: hostile,
        after: hostile,
        commits: [],
      }),
    });
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(push).toMatchObject({ before: hostile, after: hostile });
  });
});
