import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import {
  bearer,
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { startReceiver, type Receiver } from '../../test-support/receiver.js';

interface Answer {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a test's own assertion of the body's shape
  json: <T>() => T;
}

interface SubscriptionBody {
  id: string;
  providerSubscriptionId: string;
  callbackUrl: string;
  events: string[];
  active: boolean;
  disabledReason: string | null;
}

interface DeliveryBody {
  id: string;
  eventId: string;
  eventType: string | null;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  latencyMs: number | null;
  deliveredAt: string | null;
}

interface Collection<T> {
  data: T[];
  page_info: { limit: number; has_next_page: boolean; next_cursor: string | null };
}

// GitFlare's subscription management: an app lists, reads, changes and deletes the subscriptions
// `events/subscribe` created, reads their delivery log and redelivers, with its platform token.
describe('subscriptions: list, get, update, delete, deliveries, redeliver', () => {
  let github: GitHubSimulator;
  let gw: TestGateway;
  let receiver: Receiver;
  let token: string;
  let otherAppToken: string;
  let noScopeToken: string;
  let sessionToken: string;
  /** Every answer of the gateway in this suite: none may carry a secret. */
  const answers: string[] = [];
  const hookSecrets: string[] = [];

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 91 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(github)] });
    receiver = await startReceiver(() => 204);
    const developer = await signUpDeveloper(gw);
    sessionToken = developer.token;
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
    const issue = async (permissions: string[]) =>
      grantAndIssueToken(gw, {
        tenantId: developer.tenantId,
        app: await createDeveloperApp(gw, developer.token, permissions),
        connectionIds: [connection.id],
        permissions,
      });
    token = await issue(['read:repositories', 'events:subscribe']);
    otherAppToken = await issue(['read:repositories', 'events:subscribe']);
    noScopeToken = await issue(['read:repositories']);
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
    await github.stop();
  });

  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: { as?: string; json?: unknown } = {},
  ): Promise<Answer> => {
    const response = await request(`${gw.url}${path}`, {
      method,
      headers: {
        ...bearer(options.as ?? token).headers,
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const text = await response.body.text();
    answers.push(text);
    return {
      status: response.statusCode,
      text,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
      json: <T>() => JSON.parse(text) as T,
    };
  };

  const errorCode = (answer: Answer) => answer.json<{ error: { code: string } }>().error.code;

  const subscribe = async (target: string, events: string[]) => {
    const response = await request(
      `${gw.url}/v1/repositories/github/${encodeURIComponent(github.expected.repository)}/events/subscribe`,
      {
        method: 'POST',
        headers: { ...bearer(token).headers, 'content-type': 'application/json' },
        body: JSON.stringify({ callbackUrl: target, events }),
      },
    );
    expect(response.statusCode).toBe(201);
    const body = (await response.body.json()) as SubscriptionBody & { signingSecret: string };
    const row = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id: body.id },
    });
    const hookSecret = gw.gateway.services.secretBox.decrypt(row.hookSecretEnc ?? '');
    hookSecrets.push(hookSecret, body.signingSecret);
    return { ...body, hookSecret };
  };

  /** The hooks the simulator holds on the repository, by id. */
  const upstreamHooks = async (): Promise<string[]> => {
    const response = await request(`${github.baseUrl}/repos/${github.expected.repository}/hooks`, {
      headers: { authorization: `Bearer ${github.token}` },
    });
    expect(response.statusCode).toBe(200);
    return ((await response.body.json()) as { id: number }[]).map((hook) => String(hook.id));
  };

  /** A simulator push delivery as the subscription's hook would send it to the gateway. */
  const pushThroughHook = async (
    hook: { providerSubscriptionId: string; hookSecret: string },
    deliveryId: string,
  ): Promise<void> => {
    const fixture = github.webhooks
      .deliveries()
      .find((delivery) => delivery.request.headers['X-GitHub-Event'] === 'push');
    const original: WebhookRequest = fixture?.request ?? { headers: {}, rawBody: '' };
    const body = String(original.rawBody);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(original.headers))
      if (typeof value === 'string' && !/^(x-hub-signature|x-github-hook-id$)/i.test(name))
        headers[name] = value;
    const response = await request(`${gw.url}/v1/webhooks/github`, {
      method: 'POST',
      headers: {
        ...headers,
        'X-GitHub-Delivery': deliveryId,
        'X-GitHub-Hook-ID': hook.providerSubscriptionId,
        'x-hub-signature-256': `sha256=${createHmac('sha256', hook.hookSecret).update(body).digest('hex')}`,
      },
      body,
    });
    expect(response.statusCode, await response.body.text()).toBe(202);
  };

  const waitForDelivery = async (subscriptionId: string, count: number, attempts = 1) => {
    const until = Date.now() + 15_000;
    for (;;) {
      const log = await call('GET', `/v1/subscriptions/${subscriptionId}/deliveries`);
      expect(log.status, log.text).toBe(200);
      const data = log.json<Collection<DeliveryBody>>().data;
      if (
        data.length >= count &&
        data.every((delivery) => delivery.status === 'delivered' && delivery.attempts >= attempts)
      )
        return data;
      if (Date.now() > until) throw new Error(`deliveries not delivered: ${log.text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('lists (paginated) and gets the app’s subscriptions, without secrets', async () => {
    const first = await subscribe(`${receiver.url}/a`, ['push']);
    const second = await subscribe(`${receiver.url}/b`, ['pull_request']);
    const all = await call('GET', '/v1/subscriptions');
    expect(all.status, all.text).toBe(200);
    const ids = all.json<Collection<SubscriptionBody>>().data.map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));

    const pageOne = await call('GET', '/v1/subscriptions?limit=1');
    const one = pageOne.json<Collection<SubscriptionBody>>();
    expect(one.data).toHaveLength(1);
    expect(one.page_info).toMatchObject({ limit: 1, has_next_page: true });
    const pageTwo = await call(
      'GET',
      `/v1/subscriptions?limit=1&cursor=${encodeURIComponent(one.page_info.next_cursor ?? '')}`,
    );
    expect(pageTwo.status, pageTwo.text).toBe(200);
    const two = pageTwo.json<Collection<SubscriptionBody>>();
    expect(two.data).toHaveLength(1);
    expect(two.data[0]?.id).not.toBe(one.data[0]?.id);
    expect(errorCode(await call('GET', '/v1/subscriptions?limit=0'))).toBe('INVALID_LIMIT');

    const got = await call('GET', `/v1/subscriptions/${first.id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.json<SubscriptionBody>()).toMatchObject({
      id: first.id,
      providerSubscriptionId: first.providerSubscriptionId,
      callbackUrl: `${receiver.url}/a`,
      events: ['push'],
      active: true,
      disabledReason: null,
    });
    expect(got.text).not.toMatch(/secret/i);
  });

  it('logs a delivery that reached the receiver and redelivers it with the same webhook-id', async () => {
    const hook = await subscribe(`${receiver.url}/log`, ['push']);
    const before = receiver.received.length;
    await pushThroughHook(hook, 'sub-log-1');
    await receiver.waitFor(before + 1);
    const [logged] = await waitForDelivery(hook.id, 1);
    expect(logged).toMatchObject({
      eventType: 'scm.push',
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
      lastError: null,
    });
    expect(logged?.eventId).toMatch(/^whe/);
    expect(typeof logged?.latencyMs).toBe('number');
    expect(logged?.deliveredAt).not.toBeNull();
    const first = receiver.received.slice(before).find((entry) => entry.path === '/log');
    expect(first?.headers['webhook-id']).toBe(logged?.id);

    const again = await call(
      'POST',
      `/v1/subscriptions/${hook.id}/deliveries/${logged?.id ?? ''}/redeliver`,
    );
    expect(again.status, again.text).toBe(202);
    // Pending, or already delivered again: the worker starts at once after the send.
    expect(again.json<DeliveryBody>().id).toBe(logged?.id);
    expect(['pending', 'delivered']).toContain(again.json<DeliveryBody>().status);
    const received = await receiver.waitFor(before + 2);
    const redelivered = received.slice(before + 1).find((entry) => entry.path === '/log');
    expect(redelivered?.headers['webhook-id']).toBe(logged?.id);
    const [after] = await waitForDelivery(hook.id, 1, 2);
    expect(after?.attempts).toBe(2);

    const unknown = await call(
      'POST',
      `/v1/subscriptions/${hook.id}/deliveries/whd_nope/redeliver`,
    );
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'RESOURCE_NOT_FOUND']);
  });

  it('updates the target and events (a new upstream hook) and refuses private targets', async () => {
    const hook = await subscribe(`${receiver.url}/old`, ['push']);
    const updated = await call('PATCH', `/v1/subscriptions/${hook.id}`, {
      json: { callbackUrl: `${receiver.url}/new`, events: ['push', 'issues'] },
    });
    expect(updated.status, updated.text).toBe(200);
    const body = updated.json<SubscriptionBody>();
    expect(body).toMatchObject({ callbackUrl: `${receiver.url}/new`, events: ['push', 'issues'] });
    expect(body.providerSubscriptionId).not.toBe(hook.providerSubscriptionId);
    const hooks = await upstreamHooks();
    expect(hooks).toContain(body.providerSubscriptionId);
    expect(hooks).not.toContain(hook.providerSubscriptionId);

    // The new hook is the one whose deliveries reach the new target.
    const before = receiver.received.length;
    await pushThroughHook(
      { ...hook, providerSubscriptionId: body.providerSubscriptionId },
      'sub-new-1',
    );
    const received = await receiver.waitFor(before + 1);
    expect(received.slice(before).map((entry) => entry.path)).toContain('/new');

    const off = await call('PATCH', `/v1/subscriptions/${hook.id}`, { json: { active: false } });
    expect(off.status, off.text).toBe(200);
    expect(off.json<SubscriptionBody>().active).toBe(false);

    for (const target of [
      'https://10.0.0.1/x',
      'https://localhost:1/x',
      'ftp://example.com/x',
      // The receiver itself, but over 2,048 characters.
      `${receiver.url}/${'a'.repeat(2048)}`,
    ]) {
      const refused = await call('PATCH', `/v1/subscriptions/${hook.id}`, {
        json: { callbackUrl: target },
      });
      expect([refused.status, errorCode(refused)], target).toEqual([400, 'INVALID_REQUEST']);
    }
    const empty = await call('PATCH', `/v1/subscriptions/${hook.id}`, { json: {} });
    expect([empty.status, errorCode(empty)]).toEqual([400, 'INVALID_REQUEST']);
    const unchanged = await call('GET', `/v1/subscriptions/${hook.id}`);
    expect(unchanged.json<SubscriptionBody>().callbackUrl).toBe(`${receiver.url}/new`);
  });

  it('deletes a subscription and its upstream hook', async () => {
    const hook = await subscribe(`${receiver.url}/gone`, ['push']);
    expect(await upstreamHooks()).toContain(hook.providerSubscriptionId);
    const deleted = await call('DELETE', `/v1/subscriptions/${hook.id}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json()).toEqual({ id: hook.id, deleted: true });
    expect(await upstreamHooks()).not.toContain(hook.providerSubscriptionId);
    const after = await call('GET', `/v1/subscriptions/${hook.id}`);
    expect([after.status, errorCode(after)]).toEqual([404, 'RESOURCE_NOT_FOUND']);
    const twice = await call('DELETE', `/v1/subscriptions/${hook.id}`);
    expect([twice.status, errorCode(twice)]).toEqual([404, 'RESOURCE_NOT_FOUND']);
  });

  it('hides another app’s subscriptions and needs events:subscribe', async () => {
    const hook = await subscribe(`${receiver.url}/mine`, ['push']);
    for (const [method, path, json] of [
      ['GET', `/v1/subscriptions/${hook.id}`, undefined],
      ['PATCH', `/v1/subscriptions/${hook.id}`, { active: false }],
      ['DELETE', `/v1/subscriptions/${hook.id}`, undefined],
      ['GET', `/v1/subscriptions/${hook.id}/deliveries`, undefined],
      ['POST', `/v1/subscriptions/${hook.id}/deliveries/whd_x/redeliver`, undefined],
    ] as const) {
      const answer = await call(method, path, { as: otherAppToken, json });
      expect([answer.status, errorCode(answer)], `${method} ${path}`).toEqual([
        404,
        'RESOURCE_NOT_FOUND',
      ]);
    }
    const list = await call('GET', '/v1/subscriptions', { as: otherAppToken });
    expect(list.json<Collection<SubscriptionBody>>().data).toEqual([]);
    expect(await upstreamHooks()).toContain(hook.providerSubscriptionId);

    const noScope = await call('GET', '/v1/subscriptions', { as: noScopeToken });
    expect([noScope.status, errorCode(noScope)]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    const noScopeGet = await call('GET', `/v1/subscriptions/${hook.id}`, { as: noScopeToken });
    expect(errorCode(noScopeGet)).toBe('INSUFFICIENT_SCOPE');
    const anonymous = await request(`${gw.url}/v1/subscriptions`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });

  it('shows each app’s subscriptions and last deliveries on the dashboard page', async () => {
    const hook = await subscribe(`${receiver.url}/page/<b>`, ['push']);
    await pushThroughHook(hook, 'sub-page-1');
    await waitForDelivery(hook.id, 1);
    const dashboard = await request(`${gw.url}/app/dashboard`, bearer(sessionToken));
    expect(dashboard.statusCode).toBe(200);
    const overview = await dashboard.body.text();
    answers.push(overview);
    expect(overview).toContain('href="/app/subscriptions"');
    // The dashboard's per-app line: active subscriptions, the newest delivery's state.
    expect(overview).toMatch(/\d+ active of \d+<\/a><br>last delivery: <code>delivered<\/code>/);
    const page = await request(`${gw.url}/app/subscriptions`, bearer(sessionToken));
    const text = await page.body.text();
    answers.push(text);
    expect(page.statusCode, text).toBe(200);
    expect(text).toContain(`id="subscription-${hook.id}"`);
    expect(text).toContain(`${receiver.url}/page/&lt;b&gt;`);
    expect(text).toContain('<code>delivered</code> scm.push');
    expect(text).not.toContain('<b>');
    const anonymous = await request(`${gw.url}/app/subscriptions`);
    expect(anonymous.statusCode).toBe(303);
    await anonymous.body.dump();
  });

  it('never answers a secret', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const text of answers) {
      expect(text).not.toMatch(/whsec_|secretEnc|signingSecret|hookSecret/);
      for (const secret of hookSecrets) expect(text).not.toContain(secret);
    }
  });
});
