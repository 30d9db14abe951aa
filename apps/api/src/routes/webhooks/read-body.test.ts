// A refused content-encoded body is read off as sent, not inflated: a deflate stream grows about
// 1,000 to 1, so inflating the rest of one past its limit could keep a core busy for the whole
// body deadline. The decoders are wrapped here to count what they produce.
import type { Transform } from 'node:stream';
import type * as zlibModule from 'node:zlib';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebhookBuffers } from '../../webhooks/buffer-budget.js';
import { MAX_WEBHOOK_BYTES } from './limits.js';
import { startBodyReader, type BodyReader } from './test-support/body-reader.js';

const inflated = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof zlibModule>();
  const counted =
    <T extends Transform>(make: () => T) =>
    () => {
      const decoder = make();
      const push = decoder.push.bind(decoder);
      decoder.push = (chunk: Buffer | null) => {
        if (chunk !== null) inflated.bytes += chunk.length;
        return push(chunk);
      };
      return decoder;
    };
  return {
    ...zlib,
    createGunzip: counted(zlib.createGunzip),
    createInflate: counted(zlib.createInflate),
  };
});

const MB = 1024 * 1024;

describe('readWebhookBody: a refused content-encoded body is not inflated further', () => {
  let reader: BodyReader;
  // The encoded budget is at least 25 MB, as is MAX_WEBHOOK_BYTES.
  const budgets = createWebhookBuffers(100 * MB);

  beforeAll(async () => {
    reader = await startBodyReader(budgets, 20_000);
  });
  afterAll(async () => {
    await reader.close();
  });

  const send = (encoding: string, body: Buffer) => reader.send(encoding, body);

  it('stops inflating once a body passes MAX_WEBHOOK_BYTES', async () => {
    // 200 MB of spaces, about 200 KB deflated.
    const bomb = deflateSync(Buffer.alloc(200 * MB, 32), { level: 9 });
    expect(bomb.length).toBeLessThan(MB);
    reader.results.length = 0;
    inflated.bytes = 0;
    await send('deflate', bomb);
    expect(reader.results).toEqual(['too-large']);
    // What was inflated before the refusal, and no more than a few decoder chunks past it.
    expect(inflated.bytes).toBeLessThan(MAX_WEBHOOK_BYTES + 4 * MB);
    expect([budgets.plain.held(), budgets.encoded.held()]).toEqual([0, 0]);
  });

  it('still inflates a body within the limit whole', async () => {
    reader.results.length = 0;
    inflated.bytes = 0;
    await send('gzip', gzipSync(Buffer.alloc(20 * MB, 32)));
    expect(reader.results).toEqual([20 * MB]);
    expect(inflated.bytes).toBe(20 * MB);
    expect(budgets.encoded.held()).toBe(0);
  });
});
