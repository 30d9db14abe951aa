import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The gateway's own sources (run by tsx, no build needed): the test helpers that start it on a given
// database and seed a subscription, and the provider catalogue ingest verifies and parses with.
import { providerEntry } from '../../../apps/api/src/providers/catalogue.js';
import { startGatewayOn } from '../../../apps/api/src/webhooks/test-support/gateway-on.js';
import {
  githubExamples,
  githubHookHeaders,
} from '../../../apps/api/src/webhooks/test-support/github-examples.js';
import { seedSubscription } from '../../../apps/api/src/webhooks/test-support/seed-subscription.js';
import { runComparison, type ComparisonResult } from '../harness.js';
import type { BenchCase } from './case.js';
import type { SenderReply, SenderRequest, SenderSetup } from './webhooks-sender.js';

const TIMEOUT_MS = 10_000;
/** Deliveries posted at once per timed call (a provider sends several hooks at once). */
const BATCH = 8;
/** Real GitHub payloads of the events subscribers most often take. */
const EVENTS = ['push', 'pull_request', 'issues', 'issue_comment', 'check_run', 'workflow_job'];

/**
 * `POST /v1/webhooks/github` on the gateway on a fresh SQLite file (verify, dedupe, store the event
 * and its fan-out in one transaction, 202) against the bare floor of the same work: the gateway's
 * GitHub verifier and parser on the same deliveries, in process, with no HTTP and no database.
 */
export const webhooksCase: BenchCase = {
  name: 'webhooks',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'scm-bench-webhooks-'));
    const gateway = await startGatewayOn({
      provider: 'sqlite',
      url: `file:${join(dataDir, 'gateway.db')}`,
      masterKey: randomBytes(32),
      env: { JANITOR_INTERVAL_SECONDS: '0' },
    });
    // The subscriber: answers 204 at once (its deliveries run in this process, as in production).
    const subscriber: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hooks`;
    const services = gateway.gateway.services;
    // One hook whose subscription takes none of these events (the event is stored, nothing fans
    // out), one whose subscription takes all (plus a delivery row and a job per event).
    const none = await seedSubscription(services, {
      provider: 'github',
      targetUrl: target,
      events: ['star'],
    });
    const one = await seedSubscription(services, {
      provider: 'github',
      targetUrl: target,
      events: ['*'],
    });
    const examples = githubExamples().filter((example) => EVENTS.includes(example.event));
    let next = 0;
    const batch = () =>
      Array.from({ length: BATCH }, () => {
        const example = examples[(next += 1) % examples.length];
        if (example === undefined) throw new Error('no example payloads');
        return example;
      });

    // The provider's side runs in its own process (the other core): it signs and posts each
    // call's deliveries, so what this process spends is the gateway's ingest alone.
    const setup: SenderSetup = {
      origin: new URL(gateway.url).origin,
      batch: BATCH,
      events: EVENTS,
      timeoutMs: TIMEOUT_MS,
    };
    const sender: ChildProcess = fork(
      fileURLToPath(new URL('./webhooks-sender.ts', import.meta.url)),
      [JSON.stringify(setup)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const ingest = (hook: typeof one) => (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        sender.once('message', (reply: SenderReply) => {
          if (reply.ok) resolve();
          else reject(new Error(reply.error));
        });
        const request: SenderRequest = {
          hook: { hookId: hook.hookId, hookSecret: hook.hookSecret },
        };
        sender.send(request);
      });
    const webhooks = providerEntry('github').webhooks;
    const clock = { now: Date.now, sleep: () => Promise.resolve() };
    const bare = async (): Promise<void> => {
      await Promise.all(
        batch().map(async (example) => {
          const request = {
            headers: githubHookHeaders(example, one, randomUUID()),
            rawBody: example.body,
          };
          const adapter = webhooks.create({ secrets: [one.hookSecret], clock });
          if (!(await adapter.verify(request)).ok) throw new Error('the delivery does not verify');
          adapter.parseAll(request);
        }),
      );
    };

    try {
      process.stdout.write(
        `\nwebhooks: POST /v1/webhooks/github, ${BATCH} deliveries at once per call (${examples.length} real payloads: ${EVENTS.join(', ')}), gateway on SQLite in this process, posted by a child process\n`,
      );
      const options = { iterations: 60, rounds: 6, warmup: 10 };
      const results = [
        await runComparison({
          name: `ingest (stored, no fan-out) vs bare verify+parse, per ${BATCH} deliveries`,
          baseline: { name: 'verify + parseAll', fn: bare },
          candidate: { name: 'gateway ingest', fn: ingest(none) },
          ...options,
        }),
        await runComparison({
          name: `ingest (stored + 1 subscriber's delivery and job) vs bare verify+parse, per ${BATCH} deliveries`,
          baseline: { name: 'verify + parseAll', fn: bare },
          candidate: { name: 'gateway ingest + fan-out', fn: ingest(one) },
          ...options,
        }),
      ] satisfies ComparisonResult[];
      for (const result of results)
        process.stdout.write(
          `  ${result.candidate.name}: ${Math.round(result.candidate.opsPerSec * BATCH).toLocaleString('en-US')} deliveries/s (target ≥ 2,000 on SQLite), bare: ${Math.round(result.baseline.opsPerSec * BATCH).toLocaleString('en-US')}/s\n`,
        );
      return results;
    } finally {
      await new Promise<void>((resolve) => {
        sender.once('exit', () => {
          resolve();
        });
        sender.send('close');
        setTimeout(() => sender.kill(), 5_000).unref();
      });
      subscriber.closeAllConnections();
      subscriber.close();
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
