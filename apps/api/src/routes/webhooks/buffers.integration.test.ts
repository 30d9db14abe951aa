// Webhook bodies are read whole before they can be verified, so the bytes held at once across
// requests are bounded (WEBHOOK_BUFFER_MB): a stalled gzip request reserves the 25 MB it may
// inflate to, a plain one what it has sent, and past the budget a delivery is answered at once with
// RATE_LIMITED instead of being held.
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';

const MB = 1024 * 1024;

describe('webhooks: the bytes held at once are bounded', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { WEBHOOK_BUFFER_MB: '30' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  const post = async (headers: Record<string, string>, body: string | Buffer) => {
    const response = await request(`${gw.url}/v1/webhooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers },
      body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, retryAfter: response.headers['retry-after'], text };
  };
  /** Posts until the answer is `status` (the held request is read asynchronously), at most ~10 s. */
  const until = async (status: number, send: () => ReturnType<typeof post>) => {
    let last = await send();
    for (let tries = 0; last.status !== status && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await send();
    }
    return last;
  };
  /** A request whose headers and the first part of whose body are sent, and then nothing. */
  const stalled = async (headers: string, part: Buffer): Promise<Socket> => {
    const url = new URL(gw.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/webhooks/github HTTP/1.1\r\nHost: ${url.host}\r\n${headers}\r\n`);
    socket.write(part);
    return socket;
  };
  /** Waits until the gateway holds at least `bytes` (the stalled request has been read so far). */
  const held = async (bytes: number) => {
    const { buffers } = gw.gateway.services.inbound;
    for (let tries = 0; buffers.held() < bytes && tries < 100; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(buffers.held()).toBeGreaterThanOrEqual(bytes);
  };
  const gzipped = gzipSync(JSON.stringify({ zen: 'x'.repeat(1000) }));

  it('refuses while a stalled gzip request holds its 25 MB, and takes deliveries again once it is gone', async () => {
    const gzip = () => post({ 'content-encoding': 'gzip' }, gzipped);
    // Unsigned: the route reads the body, then refuses it (401) — not held.
    expect((await gzip()).status).toBe(401);
    const socket = await stalled(
      'Content-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n',
      Buffer.from(`10\r\n${gzipped.subarray(0, 16).toString('latin1')}\r\n`, 'latin1'),
    );
    try {
      await held(25 * MB);
      const refused = await gzip();
      expect([refused.status, refused.retryAfter]).toEqual([429, '1']);
      expect(JSON.parse(refused.text)).toMatchObject({
        error: { code: 'RATE_LIMITED', retry_after_seconds: 1 },
      });
      // A plain delivery that fits beside the 25 MB is read (and refused as unsigned); 6 MB is not.
      expect((await post({}, '{}')).status).toBe(401);
      expect((await post({}, Buffer.alloc(6 * MB, 32))).status).toBe(429);
    } finally {
      socket.destroy();
    }
    expect((await until(401, gzip)).status).toBe(401);
  });

  it('counts what plain bodies have sent so far', async () => {
    const socket = await stalled(
      `Content-Type: application/json\r\nContent-Length: ${String(20 * MB)}\r\n`,
      Buffer.alloc(16 * MB, 32),
    );
    const probe = () => post({}, Buffer.alloc(15 * MB, 32));
    try {
      await held(16 * MB);
      expect((await probe()).status).toBe(429);
    } finally {
      socket.destroy();
    }
    expect((await until(401, probe)).status).toBe(401);
  });
});
