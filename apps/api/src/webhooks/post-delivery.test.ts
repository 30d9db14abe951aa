import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDelivery, type DeliveryContext } from './jobs.js';

// The outbound POST of a delivery (undici's dispatch with a handler of our own): the status once
// the answer is read, a long answer cut short, a connection error thrown.
let server: Server;
let base: string;
const received: { path: string | undefined; headers: Record<string, unknown>; body: string }[] = [];
const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
const context = {
  dispatcher,
  store: undefined as never,
  keys: new Map(),
  targets: new Map(),
} satisfies DeliveryContext;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.url?.startsWith('/gone')) res.writeHead(410).end('gone');
      else if (req.url?.startsWith('/long')) res.writeHead(200).end('x'.repeat(1024 * 1024));
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('postDelivery', () => {
  it('posts the body and headers to the path and query, and answers the status', async () => {
    const body = Buffer.from('{"type":"scm.push"}');
    expect(await postDelivery(context, `${base}/hooks?a=1`, body, { 'webhook-id': 'whd_1' })).toBe(
      204,
    );
    expect(received.at(-1)).toMatchObject({
      path: '/hooks?a=1',
      headers: { 'webhook-id': 'whd_1' },
      body: '{"type":"scm.push"}',
    });
    expect(await postDelivery(context, `${base}/gone`, body, {})).toBe(410);
  });

  it('answers the status of a long answer without reading all of it', async () => {
    expect(await postDelivery(context, `${base}/long`, Buffer.from('{}'), {})).toBe(200);
    // The connection pool still works after the cut.
    expect(await postDelivery(context, `${base}/hooks`, Buffer.from('{}'), {})).toBe(204);
  });

  it('throws when the target cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      postDelivery(context, `http://127.0.0.1:${port}/hooks`, Buffer.from('{}'), {}),
    ).rejects.toThrow();
  });
});
