import { readFileSync } from 'node:fs';
import type { ScmEvent } from '@scm/core';
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { azureSimulatorHost } from '../../../demo/simulators.js';
import {
  bearer,
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { startReceiver, type Receiver } from '../../test-support/receiver.js';

// Azure DevOps service hooks through the gateway, end to end: events/subscribe creates the
// subscriptions on the simulator (the adapter's createWebhook), the simulator delivers to
// /v1/webhooks/azure with the subscription's secret header and no signature or delivery header,
// and the subscriber receives each normalized event once, signed the Standard Webhooks way.
describe('webhooks: Azure DevOps service hooks', () => {
  let sim: AzureSimulator;
  let gw: TestGateway;
  let receiver: Receiver;
  let platformToken: string;

  beforeAll(async () => {
    sim = await startAzureSimulator({ seed: 83 });
    gw = await startTestGateway({ providerHosts: [azureSimulatorHost(sim)] });
    receiver = await startReceiver();
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'events:subscribe',
    ]);
    const manual = await request(`${gw.url}/v1/connections/manual`, {
      method: 'POST',
      headers: { 'x-admin-api-key': gw.adminApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'azure',
        accessToken: sim.personalAccessToken,
        tenantId: developer.tenantId,
      }),
    });
    expect(manual.statusCode).toBe(201);
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
    await sim.stop();
  });

  /** Subscribes the simulator's repository's pushes to the receiver's `path` (platform token). */
  const subscribePush = async (path: string) => {
    const repository = encodeURIComponent(sim.expected.repository);
    const subscribed = await request(
      `${gw.url}/v1/repositories/azure/${repository}/events/subscribe`,
      {
        method: 'POST',
        headers: { ...bearer(platformToken).headers, 'content-type': 'application/json' },
        body: JSON.stringify({ callbackUrl: `${receiver.url}${path}`, events: ['push'] }),
      },
    );
    const text = await subscribed.body.text();
    expect(subscribed.statusCode, text).toBe(201);
    return JSON.parse(text) as { id: string; signingSecret: string };
  };

  it('delivers the subscribed events once, verified by the subscription’s secret header', async () => {
    const hook = await subscribePush('/hooks');

    // Azure posts each event of the subscription with its custom header, unsigned, no delivery id.
    const sent = await sim.deliverSubscriptionEvents();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((delivery) => [delivery.eventType, delivery.status])).toEqual(
      sent.map(() => ['git.push', 202]),
    );
    const received = await receiver.waitFor(sent.length);
    const verifier = new Webhook(hook.signingSecret);
    for (const delivery of received) {
      const payload = verifier.verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      ) as {
        type: string;
        data: ScmEvent;
      };
      expect(payload.type).toBe('scm.push');
      expect(payload.data).toMatchObject({
        provider: 'azure',
        repository: { fullName: sim.expected.repository },
      });
    }

    // Azure retrying the same notifications: accepted once, delivered once.
    const again = await sim.deliverSubscriptionEvents();
    expect(again.map((delivery) => delivery.status)).toEqual(again.map(() => 200));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.length).toBe(received.length);

    // Without the secret header, or with another secret: refused, and the body never parsed (its
    // id and event type are read from it only once the delivery is verified).
    const body = JSON.stringify({ id: 'x', eventType: 'git.push', resource: {} });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      for (const headers of [{}, { 'x-scm-webhook-secret': 'not-the-secret' }]) {
        const refused = await request(`${gw.url}/v1/webhooks/azure`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        await refused.body.dump();
        expect(refused.statusCode).toBe(401);
      }
      expect(parse.mock.calls.filter(([text]) => text === body)).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });

  it('keeps a push whose events would come to more than 50 MB sealed, delivering none', async () => {
    const { id } = await subscribePush('/large');
    const row = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id },
      select: { hookSecretEnc: true },
    });
    const secret = gw.gateway.services.secretBox.decrypt(row.hookSecretEnc ?? '');

    // Microsoft's git.push sample with 200 refs and a 300 KB message: one push event per ref,
    // each carrying the whole body as raw, is ~60 MB of JSON.
    const sample = JSON.parse(
      readFileSync(
        new URL(
          '../../../../../fixtures/azure-devops/service-hooks/git.push.json',
          import.meta.url,
        ),
        'utf8',
      ).replace(/^\uFEFF/, ''),
    ) as { id: string; message: { text: string }; resource: { refUpdates: unknown[] } };
    sample.id = 'too-large-1';
    sample.message.text = 'x'.repeat(300_000);
    sample.resource.refUpdates = Array.from({ length: 200 }, (_, index) => ({
      name: `refs/heads/branch-${String(index)}`,
      oldObjectId: 'aad331d8d3b131fa9ae03cf5e53965b51942618a',
      newObjectId: '33b55f7cb7e7e245323987634f960cf4a6e6bc74',
    }));
    const body = JSON.stringify(sample);
    const before = receiver.received.length;
    const posted = await request(`${gw.url}/v1/webhooks/azure`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-scm-webhook-secret': secret },
      body,
    });
    const answer = await posted.body.text();
    expect([posted.statusCode, JSON.parse(answer)]).toMatchObject([
      202,
      { status: 'accepted', deliveries: 0 },
    ]);
    const stored = await gw.gateway.services.prisma.webhookEvent.findUniqueOrThrow({
      where: { provider_deliveryId: { provider: 'azure', deliveryId: 'too-large-1' } },
    });
    expect([stored.status, stored.events]).toEqual(['too_large', null]);
    expect(stored.reason).toMatch(/200 normalized events come to more than 50 MB/);
    expect(gw.gateway.services.secretBox.decrypt(stored.bodyEnc ?? '')).toBe(body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.length).toBe(before);
  });
});
