// A server on 127.0.0.1 that only reads each request's body with readWebhookBody and records what
// came of it (the body's length, or why it was refused), for the reader's own tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookBuffers } from '../../../webhooks/buffer-budget.js';
import { readWebhookBody } from '../read-body.js';

export interface BodyReader {
  url: string;
  /** Per request, in order: the body's length, or the refusal. */
  results: (number | string)[];
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
  return {
    url: `http://127.0.0.1:${String(port)}`,
    results,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
