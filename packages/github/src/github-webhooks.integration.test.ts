import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScmEventSchema, type ScmEvent } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubWebhooks } from './github-webhooks.js';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('GitHub webhook deliveries over HTTP', () => {
  let sim: GitHubSimulator;
  let server: Server;
  let url: string;
  const received: ScmEvent[] = [];

  beforeAll(async () => {
    sim = await startGitHubSimulator();
    // The receiver accepts the simulator's secret and a retired one, as during a rotation.
    const webhooks = createGitHubWebhooks({ secrets: ['retired-secret', sim.webhooks.secret] });
    server = createServer((request, response) => {
      void (async () => {
        const delivery = { headers: request.headers, rawBody: await readBody(request) };
        const verified = await webhooks.verify(delivery);
        if (!verified.ok) {
          response.writeHead(401, { 'content-type': 'text/plain' }).end(verified.reason);
          return;
        }
        received.push(ScmEventSchema.parse(webhooks.parse(delivery)));
        response.writeHead(204).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hooks/github`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    await sim.stop();
  });

  it('verifies and parses every signed delivery the simulator posts', async () => {
    const deliveries = sim.webhooks.deliveries();
    expect(deliveries.length).toBeGreaterThan(3);
    for (const delivery of deliveries) {
      expect(await sim.deliver(url, delivery), delivery.name).toBe(204);
      expect(received.at(-1), delivery.name).toMatchObject(delivery.expected);
    }
    expect(received).toHaveLength(deliveries.length);
  });

  it('refuses a delivery whose body changed in transit', async () => {
    const [delivery] = sim.webhooks.deliveries();
    if (delivery === undefined) throw new Error('no delivery');
    const body =
      typeof delivery.request.rawBody === 'string'
        ? delivery.request.rawBody
        : new TextDecoder().decode(delivery.request.rawBody);
    const tampered = { ...delivery, request: { ...delivery.request, rawBody: `${body} ` } };
    const before = received.length;
    expect(await sim.deliver(url, tampered)).toBe(401);
    expect(received).toHaveLength(before);
  });
});
