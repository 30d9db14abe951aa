// Webhook bodies are read whole before they can be verified, so the bytes held at once across
// requests are bounded (WEBHOOK_BUFFER_MB): each body counts what it has sent (inflated, for a
// content-encoded one, against a budget of its own) as it arrives — never reserved ahead — and past
// the budget a delivery is refused with RATE_LIMITED instead of being held.
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { createWebhookBuffers } from '../../webhooks/buffer-budget.js';
import { startBodyReader, type BodyReader } from './test-support/body-reader.js';

const MB = 1024 * 1024;

/** A request whose headers and the first part of whose body are sent, and then nothing. */
async function stalled(url: string, head: string, part: Buffer = Buffer.alloc(0)): Promise<Socket> {
  const { hostname, port, host } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  socket.write(head.replace('{host}', host));
  if (part.length > 0) socket.write(part);
  return socket;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhooks: the bytes held at once are bounded', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Plain bodies 30 MB; content-encoded ones 25 MB of their own.
    gw = await startTestGateway({ env: { WEBHOOK_BUFFER_MB: '30' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  const post = async (
    headers: Record<string, string>,
    body: string | Buffer,
    path = '/v1/webhooks/github',
  ) => {
    const response = await request(`${gw.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers },
      body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, retryAfter: response.headers['retry-after'], text };
  };
  const gzip = (bytes: number) =>
    post({ 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(bytes, 32)));
  const buffers = () => gw.gateway.services.inbound.buffers;
  /** Waits (up to ~10 s) until `check` holds: the stalled requests are read asynchronously. */
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let tries = 0; !(await check()) && tries < 100; tries++) await sleep(100);
    expect(await check()).toBe(true);
  };

  it('holds nothing for connections that send headers and no body', async () => {
    const sockets = await Promise.all([
      stalled(
        gw.url,
        `POST /v1/webhooks/github HTTP/1.1\r\nHost: {host}\r\nContent-Length: ${String(20 * MB)}\r\n\r\n`,
      ),
      stalled(
        gw.url,
        `POST /v1/webhooks/github/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: ${String(6 * MB)}\r\n\r\n`,
      ),
      stalled(
        gw.url,
        'POST /v1/webhooks/github HTTP/1.1\r\nHost: {host}\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n',
      ),
    ]);
    try {
      await sleep(300);
      expect([buffers().plain.held(), buffers().encoded.held()]).toEqual([0, 0]);
      // Unsigned, so refused once read (401): read, not held off.
      expect((await post({}, Buffer.alloc(6 * MB, 32))).status).toBe(401);
      expect((await gzip(MB)).status).toBe(401);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('gives back the bytes of pipelined deliveries, answered or cut off while queued', async () => {
    const { host } = new URL(gw.url);
    const body = Buffer.alloc(2 * MB, 32);
    const delivery = Buffer.concat([
      Buffer.from(
        `POST /v1/webhooks/github HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nContent-Length: ${String(body.length)}\r\n\r\n`,
      ),
      body,
    ]);
    // Three in one write: the second and third answers queue behind the first. Read to the end:
    // three answers (unsigned: 401), nothing held after.
    const answered = await stalled(gw.url, '');
    let received = '';
    answered.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    answered.write(Buffer.concat([delivery, delivery, delivery]));
    await until(() => (received.match(/HTTP\/1\.1 401 /g) ?? []).length === 3);
    answered.destroy();
    await until(() => buffers().plain.held() === 0);

    // Behind a signup, which takes a password hash (scrypt, ~50 ms and more) to answer: the
    // delivery is read and refused meanwhile, its answer waits behind the signup's, and the
    // connection is cut before either is written.
    const signup = JSON.stringify({
      name: 'Pipelined',
      email: `pipelined-${String(Date.now())}@example.com`,
      password: 'correct horse battery',
    });
    const cut = await stalled(
      gw.url,
      `POST /app/signup HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: ${String(signup.length)}\r\n\r\n${signup}`,
    );
    let early = '';
    cut.on('data', (chunk: Buffer) => {
      early += chunk.toString('latin1');
    });
    cut.write(delivery);
    await sleep(30);
    // Nothing answered yet: the delivery's answer, if it was read, is still queued.
    expect(early).toBe('');
    cut.destroy();
    await until(() => buffers().plain.held() === 0);
  });

  it('counts what a plain body has sent so far, and refuses what would pass the budget', async () => {
    const socket = await stalled(
      gw.url,
      `POST /v1/webhooks/github HTTP/1.1\r\nHost: {host}\r\nContent-Length: ${String(20 * MB)}\r\n\r\n`,
      Buffer.alloc(16 * MB, 32),
    );
    const probe = () => post({}, Buffer.alloc(15 * MB, 32));
    try {
      await until(() => buffers().plain.held() >= 16 * MB);
      const refused = await probe();
      expect([refused.status, refused.retryAfter]).toEqual([429, '1']);
      expect(JSON.parse(refused.text)).toMatchObject({
        error: { code: 'RATE_LIMITED', retry_after_seconds: 1 },
      });
    } finally {
      socket.destroy();
    }
    await until(async () => (await probe()).status === 401);
  });

  it('counts an inflating body against its own budget, so gzip cannot refuse plain deliveries', async () => {
    const compressed = gzipSync(Buffer.alloc(24 * MB, 32));
    const socket = await stalled(
      gw.url,
      `POST /v1/webhooks/github HTTP/1.1\r\nHost: {host}\r\nContent-Encoding: gzip\r\nContent-Length: ${String(compressed.length)}\r\n\r\n`,
      compressed.subarray(0, Math.floor(compressed.length * 0.9)),
    );
    try {
      // Until all it was sent is inflated: while it still grows, it could be the one past the
      // budget when the probe inflates beside it (the one that crosses the budget is dropped).
      let last = -1;
      await until(async () => {
        const now = buffers().encoded.held();
        const stable = now >= 15 * MB && now === last;
        last = now;
        if (!stable) await sleep(200);
        return stable;
      });
      expect((await gzip(12 * MB)).status).toBe(429);
      // A plain delivery is read as ever (and refused as unsigned).
      expect((await post({}, Buffer.alloc(15 * MB, 32))).status).toBe(401);
    } finally {
      socket.destroy();
    }
    await until(async () => (await gzip(12 * MB)).status === 401);
  });
});

describe('readWebhookBody', () => {
  let reader: BodyReader;
  const budgets = createWebhookBuffers(30 * MB);

  beforeAll(async () => {
    reader = await startBodyReader(budgets, 300);
  });
  afterAll(async () => {
    await reader.close();
  });

  it('drops a body that has not arrived in time, and its connection with it', async () => {
    const socket = await stalled(
      reader.url,
      `POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: ${String(2 * MB)}\r\n\r\n`,
      Buffer.alloc(MB, 32),
    );
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await closed;
    expect(reader.results).toEqual(['timeout']);
    expect(budgets.plain.held()).toBe(0);
  });

  it('inflates gzip, and refuses a broken body or an unknown encoding, holding nothing after', async () => {
    const send = (encoding: string, body: Buffer) => reader.send(encoding, body);
    reader.results.length = 0;
    await send('gzip', gzipSync(Buffer.alloc(MB, 32)));
    await send(
      'gzip',
      Buffer.concat([gzipSync(Buffer.alloc(MB, 32)).subarray(0, 500), Buffer.alloc(500, 7)]),
    );
    await send('compress', Buffer.from('x'));
    expect(reader.results).toEqual([MB, 'bad-encoding', 'unsupported-encoding']);
    expect([budgets.plain.held(), budgets.encoded.held()]).toEqual([0, 0]);
  });
});
