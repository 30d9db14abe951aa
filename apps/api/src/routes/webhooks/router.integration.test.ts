import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { ScmEvent, WebhookRequest } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { githubSimulatorHost, gitlabSimulatorHost } from '../../../demo/simulator-hosts.js';
import {
  bearer,
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { startReceiver, type Receiver } from '../../test-support/receiver.js';

interface Posted {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a test's own assertion of the body's shape
  json: <T>() => T;
}

// Seed 000's webhook endpoints and GitFlare's subscriptions, end to end: the provider's delivery
// reaches the gateway, is verified and stored, and the subscriber on loopback receives the
// normalized event once, signed the Standard Webhooks way.
describe('webhooks: ingest, verify, deduplicate, fan out', () => {
  let github: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let gw: TestGateway;
  let receiver: Receiver;
  let developer: { token: string; tenantId: string };
  let platformToken: string;
  let clockOffset = 0;

  beforeAll(async () => {
    [github, gitlab] = await Promise.all([
      startGitHubSimulator({ seed: 81 }),
      startGitLabSimulator({ seed: 82 }),
    ]);
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(github), gitlabSimulatorHost(gitlab)],
      now: () => Date.now() + clockOffset,
    });
    receiver = await startReceiver((path) => (path === '/gone' ? 410 : 204));
    developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'events:subscribe',
    ]);
    const manual = await request(`${gw.url}/v1/connections/manual`, {
      method: 'POST',
      headers: { 'x-admin-api-key': gw.adminApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'github',
        accessToken: github.token,
        tenantId: developer.tenantId,
      }),
    });
    const connection = (await manual.body.json()) as { id: string };
    platformToken = await grantAndIssueToken(gw, {
      tenantId: developer.tenantId,
      app,
      connectionIds: [connection.id],
      permissions: ['read:repositories', 'events:subscribe'],
    });
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
    await Promise.all([github.stop(), gitlab.stop()]);
  });

  const post = async (
    provider: string,
    delivery: WebhookRequest,
    body?: string | Buffer,
  ): Promise<Posted> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(delivery.headers))
      if (typeof value === 'string') headers[name] = value;
    const response = await request(`${gw.url}/v1/webhooks/${provider}`, {
      method: 'POST',
      headers,
      body: body ?? delivery.rawBody,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      text,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
      json: <T>() => JSON.parse(text) as T,
    };
  };

  const subscribe = async (target: string, events: string[], secret?: string) => {
    const response = await request(
      `${gw.url}/v1/repositories/github/${encodeURIComponent(github.expected.repository)}/events/subscribe`,
      {
        method: 'POST',
        headers: { ...bearer(platformToken).headers, 'content-type': 'application/json' },
        body: JSON.stringify({ callbackUrl: target, events, secret }),
      },
    );
    expect(response.statusCode).toBe(201);
    const body = (await response.body.json()) as {
      id: string;
      providerSubscriptionId: string;
      signingSecret: string;
    };
    const row = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id: body.id },
    });
    return { ...body, hookSecret: gw.gateway.services.secretBox.decrypt(row.hookSecretEnc ?? '') };
  };

  /** The simulator's delivery as the gateway's hook would send it: its id, signed with its secret. */
  const asHook = (
    delivery: WebhookRequest,
    hook: { providerSubscriptionId: string; hookSecret: string },
  ): WebhookRequest => {
    const headers = Object.fromEntries(
      Object.entries(delivery.headers).filter(
        ([name]) => !/^(x-hub-signature|x-github-hook-id$)/i.test(name),
      ),
    );
    const body = String(delivery.rawBody);
    return {
      rawBody: body,
      headers: {
        ...headers,
        'X-GitHub-Hook-ID': hook.providerSubscriptionId,
        'x-hub-signature-256': `sha256=${createHmac('sha256', hook.hookSecret).update(body).digest('hex')}`,
      },
    };
  };

  const githubDeliveries = (events: string[]) =>
    github.webhooks
      .deliveries()
      .filter((fixture) => events.includes(String(fixture.request.headers['X-GitHub-Event'])));

  it('delivers each subscribed event once, signed; refuses tampered, unsigned and unknown deliveries', async () => {
    const hook = await subscribe(`${receiver.url}/hooks`, ['push', 'pull_request']);
    const fixtures = githubDeliveries(['push', 'pull_request']);
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
    let expected = 0;
    for (const fixture of fixtures) {
      const answer = await post('github', asHook(fixture.request, hook));
      expect(answer.status, answer.text).toBe(202);
      expected += answer.json<{ deliveries: number }>().deliveries;
    }
    expect(expected).toBeGreaterThanOrEqual(fixtures.length);
    const received = await receiver.waitFor(expected);
    const verifier = new Webhook(hook.signingSecret);
    const types = received.map((delivery) => {
      const payload = verifier.verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      ) as {
        type: string;
        data: ScmEvent;
      };
      expect(delivery.path).toBe('/hooks');
      return payload.type;
    });
    expect(types).toContain('scm.push');
    expect(types).toContain('scm.pull_request');

    // A redelivery (same delivery id) is accepted once.
    const again = await post(
      'github',
      asHook(fixtures[0]?.request ?? { headers: {}, rawBody: '' }, hook),
    );
    expect(again.status, again.text).toBe(200);
    expect(again.json<{ status: string }>().status).toBe('duplicate');

    // Tampered, unsigned, unknown: refused, nothing stored, nothing delivered.
    const first = asHook(fixtures[0]?.request ?? { headers: {}, rawBody: '' }, hook);
    const tampered = await post('github', first, `${String(first.rawBody)} `);
    expect([tampered.status, tampered.json<{ error: { code: string } }>().error.code]).toEqual([
      401,
      'INVALID_CREDENTIALS',
    ]);
    const unsigned = await post('github', {
      rawBody: first.rawBody,
      headers: Object.fromEntries(
        Object.entries(first.headers).filter(([name]) => !/signature/i.test(name)),
      ),
    });
    expect(unsigned.status, unsigned.text).toBe(401);
    const unknown = await post('github', {
      ...first,
      headers: { ...first.headers, 'X-GitHub-Hook-ID': '999999999' },
    });
    expect([unknown.status, unknown.json<{ error: { code: string } }>().error.code]).toEqual([
      401,
      'AUTH_REQUIRED',
    ]);
    // A 10 KB hook id is no source: refused without a lookup, and never a cache key.
    const lookups = vi.spyOn(gw.gateway.services.inbound.sources, 'get');
    try {
      const long = await post('github', {
        ...first,
        headers: { ...first.headers, 'X-GitHub-Hook-ID': '9'.repeat(10_000) },
      });
      expect([long.status, long.json<{ error: { code: string } }>().error.code]).toEqual([
        401,
        'AUTH_REQUIRED',
      ]);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.length).toBe(expected);
  });

  it('keeps a body that does not parse, refuses one over 25 MB with 413, turns a 410 target off', async () => {
    const hook = await subscribe(`${receiver.url}/gone`, ['push']);
    const [push] = githubDeliveries(['push']);
    const broken = asHook(
      {
        headers: { ...push?.request.headers, 'X-GitHub-Delivery': 'broken-1' },
        rawBody: '{not json',
      },
      hook,
    );
    const kept = await post('github', broken);
    expect(kept.status, kept.text).toBe(202);
    const stored = await gw.gateway.services.prisma.webhookEvent.findUniqueOrThrow({
      where: { provider_deliveryId: { provider: 'github', deliveryId: 'broken-1' } },
    });
    expect(stored.status).toBe('unparsable');
    expect(stored.bodyEnc).not.toBeNull();
    expect(gw.gateway.services.secretBox.decrypt(stored.bodyEnc ?? '')).toBe('{not json');

    const huge = await post(
      'github',
      asHook(push?.request ?? { headers: {}, rawBody: '' }, hook),
      Buffer.alloc(26 * 1024 * 1024, 32),
    );
    expect([huge.status, huge.json<{ error: { code: string } }>().error.code]).toEqual([
      413,
      'INVALID_REQUEST',
    ]);

    const gone = asHook(
      {
        headers: { ...push?.request.headers, 'X-GitHub-Delivery': 'gone-1' },
        rawBody: String(push?.request.rawBody),
      },
      hook,
    );
    expect((await post('github', gone)).status).toBe(202);
    const until = Date.now() + 15_000;
    let subscription = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id: hook.id },
    });
    while (subscription.active && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      subscription = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
        where: { id: hook.id },
      });
    }
    expect(subscription).toMatchObject({
      active: false,
      disabledReason: expect.stringMatching(/410/) as string,
    });
  });

  it("signs deliveries with the caller's own secret when it gives one (raw or whsec_)", async () => {
    const raw = 'my-own-webhook-secret';
    const standard = `whsec_${randomBytes(24).toString('base64')}`;
    const [fixture] = githubDeliveries(['push']);
    for (const [label, secret, verifier] of [
      ['raw', raw, new Webhook(raw, { format: 'raw' })],
      ['whsec', standard, new Webhook(standard)],
    ] as const) {
      const hook = await subscribe(`${receiver.url}/own-${label}`, ['push'], secret);
      expect(new Webhook(hook.signingSecret).sign('m', new Date(0), '{}')).toBe(
        verifier.sign('m', new Date(0), '{}'),
      );
      const signed = asHook(fixture?.request ?? { headers: {}, rawBody: '' }, hook);
      const answer = await post('github', {
        ...signed,
        headers: {
          ...Object.fromEntries(
            Object.entries(signed.headers).filter(([name]) => !/^x-github-delivery$/i.test(name)),
          ),
          'X-GitHub-Delivery': randomUUID(),
        },
      });
      expect(answer.status, answer.text).toBe(202);
      const until = Date.now() + 15_000;
      let delivery = receiver.received.find((entry) => entry.path === `/own-${label}`);
      while (delivery === undefined && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        delivery = receiver.received.find((entry) => entry.path === `/own-${label}`);
      }
      expect(delivery, label).toBeDefined();
      expect(
        verifier.verify(delivery?.body ?? '', delivery?.headers as Record<string, string>),
      ).toMatchObject({ type: 'scm.push' });
    }
    // A whsec_ secret that is not base64 is refused before any hook is made.
    const hooksBefore = github.requests.count({ method: 'POST', path: /\/hooks$/ });
    const refused = await request(
      `${gw.url}/v1/repositories/github/${encodeURIComponent(github.expected.repository)}/events/subscribe`,
      {
        method: 'POST',
        headers: { ...bearer(platformToken).headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          callbackUrl: `${receiver.url}/x`,
          events: ['push'],
          secret: 'whsec_not base64!',
        }),
      },
    );
    expect(refused.statusCode).toBe(400);
    await refused.body.dump();
    expect(github.requests.count({ method: 'POST', path: /\/hooks$/ })).toBe(hooksBefore);
  });

  it('accepts a GitLab delivery with the integration’s token and refuses a wrong one', async () => {
    const token = gitlab.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    const created = await request(`${gw.url}/v1/integrations/gitlab/start`, {
      method: 'POST',
      headers: { ...bearer(developer.token).headers, 'content-type': 'application/json' },
      body: JSON.stringify({ host_url: gitlab.baseUrl, token }),
    });
    expect(created.statusCode).toBe(201);
    const { webhook_secret: secret } = (await created.body.json()) as { webhook_secret: string };
    const [delivery] = gitlab.webhooks.deliveries();
    const withToken = (value: string): WebhookRequest => ({
      rawBody: delivery?.request.rawBody ?? '',
      headers: Object.fromEntries(
        Object.entries({ ...delivery?.request.headers, 'X-Gitlab-Token': value }).filter(
          ([name]) => !/^webhook-/i.test(name),
        ),
      ),
    });
    const accepted = await post('gitlab', withToken(secret));
    expect(accepted.status, accepted.text).toBe(202);
    const refused = await post('gitlab', withToken(`${secret}x`));
    expect(refused.status, refused.text).toBe(401);
  });

  it('forgets received deliveries, their logs and kept bodies after the retention period', async () => {
    const { prisma, janitor } = gw.gateway.services;
    expect(await prisma.webhookEvent.count()).toBeGreaterThan(0);
    await janitor.sweep();
    expect(await prisma.webhookEvent.count()).toBeGreaterThan(0);
    clockOffset = 31 * 24 * 3600_000;
    try {
      const sweep = await janitor.sweep();
      expect(sweep.extra.webhookEvents).toBeGreaterThan(0);
    } finally {
      clockOffset = 0;
    }
    expect(await prisma.webhookEvent.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
