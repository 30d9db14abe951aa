// The direct webhook route (direct.ts) answers the canonical `POST /v1/webhooks/{provider}` without
// Express; Express's route answers every other form of it. Both must answer alike: same statuses,
// bodies and headers, the request id, the access log and the metrics, and a sender that goes away
// mid-body must not take the gateway with it.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../http/logger.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { githubExamples, githubHookHeaders } from '../../webhooks/test-support/github-examples.js';
import { directWebhooks } from './direct.js';
import {
  seedSubscription,
  type SeededSubscription,
} from '../../webhooks/test-support/seed-subscription.js';

const METRICS_TOKEN = 'metrics-direct-0123456789';

describe('webhooks: the direct route and Express’s route answer alike', () => {
  let gw: TestGateway;
  let hook: SeededSubscription;
  const lines: Record<string, unknown>[] = [];
  const [push] = githubExamples().filter((example) => example.event === 'push');
  if (push === undefined) throw new Error('no push example');

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { METRICS_TOKEN },
      logger: createJsonLogger('debug', (line) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }),
    });
    hook = await seedSubscription(gw.gateway.services, {
      provider: 'github',
      targetUrl: 'http://127.0.0.1:9/never',
      events: ['star'],
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  const post = async (
    path: string,
    headers: Record<string, string>,
    body: string | Buffer = push.body,
  ) => {
    const response = await request(`${gw.url}${path}`, { method: 'POST', headers, body });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  };
  const stable = (headers: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(headers).filter(
        ([name]) => !['date', 'content-length', 'x-request-id', 'keep-alive'].includes(name),
      ),
    );

  it('stores a delivery either way, with the same headers and body shape', async () => {
    const direct = await post('/v1/webhooks/github', githubHookHeaders(push, hook));
    const routed = await post('/v1/webhooks/github/', githubHookHeaders(push, hook));
    expect([direct.status, routed.status]).toEqual([202, 202]);
    expect(stable(direct.headers)).toEqual(stable(routed.headers));
    expect(direct.headers['x-frame-options']).toBe('DENY');
    expect(direct.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const shape = (text: string) => {
      const body = JSON.parse(text) as { id: string; status: string; deliveries: number };
      return { ...body, id: body.id.slice(0, 4) };
    };
    expect(shape(direct.text)).toEqual({ id: 'whe_', status: 'accepted', deliveries: 0 });
    expect(shape(routed.text)).toEqual(shape(direct.text));
    expect(await gw.gateway.services.prisma.webhookEvent.count()).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unsigned delivery with the canonical body, its request id and a log line', async () => {
    const requestId = `caller-${randomUUID()}`;
    const headers = githubHookHeaders(push, hook);
    delete headers['x-hub-signature-256'];
    const refused = await post('/v1/webhooks/github', { ...headers, 'x-request-id': requestId });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toBe(requestId);
    const body = JSON.parse(refused.text) as { error: { code: string; request_id: string } };
    expect(body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', request_id: requestId });
    const routed = await post('/v1/webhooks/github/', headers);
    expect(routed.status).toBe(401);
    expect(stable(refused.headers)).toEqual(stable(routed.headers));
    // The refusal is logged inside the request's scope, and the access log names the route.
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'webhook delivery refused', requestId }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        requestId,
        method: 'POST',
        path: '/v1/webhooks/github',
        status: 401,
        errorCode: 'INVALID_CREDENTIALS',
      }),
    );
    const metrics = await request(`${gw.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await metrics.body.text();
    expect(text).toMatch(/route="\/v1\/webhooks\/:provider",status="401"/);
    expect(text).toMatch(/route="\/v1\/webhooks\/:provider",status="202"/);
  });

  it('leaves a content-encoded body, another method and an unknown provider to Express', async () => {
    const zipped = await post(
      '/v1/webhooks/github',
      { ...githubHookHeaders(push, hook), 'content-encoding': 'gzip' },
      gzipSync(push.body),
    );
    expect(zipped.status, zipped.text).toBe(202);
    const unknown = await post('/v1/webhooks/nope', githubHookHeaders(push, hook));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: 'UNSUPPORTED_PROVIDER' } });
    const get = await request(`${gw.url}/v1/webhooks/github`);
    expect(get.statusCode).toBe(404);
    await get.body.dump();
  });

  it('refuses a body over 25 MB with 413 on both routes and survives a sender that leaves mid-body', async () => {
    const huge = await post(
      '/v1/webhooks/github',
      githubHookHeaders(push, hook),
      Buffer.alloc(25 * 1024 * 1024 + 1, 32),
    );
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.text)).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const routed = await post(
      '/v1/webhooks/github/',
      githubHookHeaders(push, hook),
      Buffer.alloc(25 * 1024 * 1024 + 1, 32),
    );
    const withoutId = (text: string) => {
      const { error } = JSON.parse(text) as { error: Record<string, unknown> };
      return { ...error, request_id: null };
    };
    expect([routed.status, withoutId(routed.text)]).toEqual([413, withoutId(huge.text)]);

    const { port } = new URL(gw.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /v1/webhooks/github HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${push.body.length}\r\n\r\n${push.body.slice(0, 100)}`,
          () => {
            socket.destroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
    const after = await post('/v1/webhooks/github', githubHookHeaders(push, hook));
    expect(after.status).toBe(202);
  });

  it('takes the canonical path of a known provider (with or without a query string) and nothing else', async () => {
    // A server whose listener is the direct route alone: what it leaves is answered 404 here.
    const direct = directWebhooks(gw.gateway.services);
    const taken: boolean[] = [];
    const server: Server = createServer((req, res) => {
      const took = direct(req, res);
      taken.push(took);
      if (!took) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    try {
      const send = async (path: string, init: { method?: string; gzip?: boolean } = {}) => {
        const headers = githubHookHeaders(push, hook);
        const response = await request(`${origin}${path}`, {
          method: init.method ?? 'POST',
          headers: init.gzip === true ? { ...headers, 'content-encoding': 'gzip' } : headers,
          ...(init.method === 'GET'
            ? {}
            : { body: init.gzip === true ? gzipSync(push.body) : push.body }),
        });
        await response.body.dump();
        return response.statusCode;
      };
      expect(await send('/v1/webhooks/github')).toBe(202);
      expect(await send('/v1/webhooks/github?source=test')).toBe(202);
      expect(await send('/v1/webhooks/github/')).toBe(404);
      expect(await send('/V1/webhooks/github')).toBe(404);
      expect(await send('/v1/webhooks/nope')).toBe(404);
      expect(await send('/v1/webhooks/github', { gzip: true })).toBe(404);
      expect(await send('/v1/webhooks/github', { method: 'GET' })).toBe(404);
      expect(taken).toEqual([true, true, false, false, false, false, false]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
