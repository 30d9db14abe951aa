import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { parseRepoRef } from '@scm/core';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitbucketProvider } from './bitbucket-provider.js';
import { createBitbucketWebhooks } from './bitbucket-webhooks.js';

interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

describe('webhooks created with a secret receive signed deliveries', () => {
  let sim: BitbucketSimulator;
  let receiver: Server;
  let callbackUrl = '';
  const received: Received[] = [];
  beforeAll(async () => {
    sim = await startBitbucketSimulator({ seed: 9 });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    callbackUrl = `http://127.0.0.1:${String(address.port)}/bitbucket`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      receiver.close(() => {
        resolve();
      });
    });
    await sim.stop();
  });

  async function deliveryFor(secret: string | undefined, events: string[]): Promise<Received> {
    const provider = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      auth: { type: 'access-token', token: sim.accessToken },
    });
    try {
      const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
      const hook = await provider.createWebhook(repo, {
        callbackUrl,
        events,
        active: true,
        secret,
      });
      const before = received.length;
      const sent = await sim.deliver(hook.id);
      expect(sent.status).toBe(204);
      const delivery = received[before];
      if (delivery === undefined) throw new Error('nothing delivered');
      await provider.deleteWebhook(repo, hook.id);
      return delivery;
    } finally {
      await provider.close();
    }
  }

  it('verifies with the webhook’s secret and parses the event', async () => {
    const delivery = await deliveryFor('hook-secret', ['push']);
    expect(delivery.headers['x-event-key']).toBe('repo:push');
    const webhooks = createBitbucketWebhooks({
      secrets: ['hook-secret'],
      clock: { now: Date.now, sleep: () => Promise.resolve() },
    });
    expect(await webhooks.verify(delivery)).toEqual({ ok: true });
    expect(webhooks.parse(delivery)).toMatchObject({
      type: 'push',
      deliveryId: delivery.headers['x-request-uuid'],
      repository: { fullName: sim.expected.repository, id: sim.expected.repositoryId },
    });
    const other = createBitbucketWebhooks({
      secrets: ['another-secret'],
      clock: { now: Date.now, sleep: () => Promise.resolve() },
    });
    expect(await other.verify(delivery)).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('rejects an unsigned delivery (a webhook created without a secret) when a secret is configured', async () => {
    const delivery = await deliveryFor(undefined, ['pull_request']);
    expect(delivery.headers['x-hub-signature']).toBeUndefined();
    const webhooks = createBitbucketWebhooks({
      secrets: ['hook-secret'],
      clock: { now: Date.now, sleep: () => Promise.resolve() },
    });
    expect(await webhooks.verify(delivery)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(webhooks.parse(delivery).type).toBe('pull_request');
  });
});
