// The webhooks case's load generator, in a child process: it signs and posts each call's
// deliveries from its own process (on the other core), so the time and CPU measured in the bench's
// process are the gateway's ingest alone, as on a server receiving the provider's requests.
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import {
  githubExamples,
  githubHookHeaders,
} from '../../../apps/api/src/webhooks/test-support/github-examples.js';

export interface SenderSetup {
  origin: string;
  batch: number;
  /** The largest batch a request asks for (the pool's connections). */
  maxBatch?: number;
  events: readonly string[];
  timeoutMs: number;
}

export type SenderRequest = {
  hook: { hookId: string; hookSecret: string };
  /** Another server than the gateway (the bench's HTTP floor). */
  origin?: string;
  /** Another path than `/v1/webhooks/github` (the same route through Express: a trailing slash). */
  path?: string;
  /** Deliveries in flight at once (default: the setup's batch). */
  batch?: number;
  /**
   * Deliveries each of those connections posts back to back (default 1): a sustained load keeps
   * `batch` in flight the whole call instead of letting them drain before the next call.
   */
  each?: number;
};
export type SenderReply = { ok: true } | { ok: false; error: string };

const setup = JSON.parse(process.argv[2] ?? '{}') as SenderSetup;
const send = process.send?.bind(process);
if (send === undefined) throw new Error('webhooks-sender runs as a child process with IPC');
const examples = githubExamples().filter((example) => setup.events.includes(example.event));
const client = new Agent({
  connections: Math.max(setup.batch, setup.maxBatch ?? 0),
  connect: { timeout: setup.timeoutMs },
  headersTimeout: setup.timeoutMs,
  bodyTimeout: setup.timeoutMs,
});
let next = 0;

async function post(request: SenderRequest): Promise<void> {
  const { hook } = request;
  await Promise.all(
    Array.from({ length: request.batch ?? setup.batch }, async () => {
      for (let sent = 0; sent < (request.each ?? 1); sent += 1) {
        const example = examples[(next += 1) % examples.length];
        if (example === undefined) throw new Error('no example payloads');
        const response = await client.request({
          origin: request.origin ?? setup.origin,
          path: request.path ?? '/v1/webhooks/github',
          method: 'POST',
          headers: githubHookHeaders(example, hook, randomUUID()),
          body: example.body,
        });
        const text = await response.body.text();
        if (response.statusCode !== 202)
          throw new Error(`ingest answered ${response.statusCode}: ${text.slice(0, 200)}`);
      }
    }),
  );
}

process.on('message', (message: SenderRequest | 'close') => {
  if (message === 'close') {
    void client.close().then(() => {
      process.disconnect();
    });
    return;
  }
  post(message).then(
    () => send({ ok: true } satisfies SenderReply),
    (error: unknown) =>
      send({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies SenderReply),
  );
});
