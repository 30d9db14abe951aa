// A server on 127.0.0.1 that only reads each request's body with readWebhookBody and records what
// came of it (the body's length, or why it was refused), for the reader's own tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { WebhookBuffers } from '../../../webhooks/buffer-budget.js';
import { readWebhookBody } from '../read-body.js';

export interface BodyReader {
  url: string;
  /** Per request, in order: the body's length, or the refusal. */
  results: (number | string)[];
  /** Posts `body` with this Content-Encoding, reads the answer off, and gives its status. */
  send: (encoding: string, body: Buffer) => Promise<number>;
  close: () => Promise<void>;
}

export async function startBodyReader(
  budgets: WebhookBuffers,
  timeoutMs: number,
): Promise<BodyReader> {
  const results: (number | string)[] = [];
  const server = createServer((req, res) => {
    void readWebhookBody(req, budgets, timeoutMs).then((result) => {
      results.push(typeof result === 'string' ? result : result.body.length);
      if (typeof result !== 'string') result.release();
      if (!res.destroyed) res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(port)}`;
  return {
    url,
    results,
    send: async (encoding, body) => {
      const response = await request(`${url}/`, {
        method: 'POST',
        headers: { 'content-encoding': encoding },
        body,
      });
      await response.body.dump();
      return response.statusCode;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
