import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The gateway's own sources (run by tsx, no build needed): the test helpers that start it on a given
// database and seed a subscription, and the provider catalogue ingest verifies and parses with.
import express from 'express';
import { providerEntry } from '../../../apps/api/src/providers/catalogue.js';
import { webhooksRouter } from '../../../apps/api/src/routes/webhooks/router.js';
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
/** Deliveries in flight at once in the concurrent rows (a busy gateway behind a proxy). */
const WIDE_BATCH = 64;
/**
 * The comparisons (`WEBHOOKS_BENCH_ROWS=ingest,fanout,…`; default all but `http`): 8 or 64
 * deliveries in flight, stored alone or with one subscriber's delivery; `http` is the floor of the
 * transport (a node:http server in this process that reads the body and answers 202), `router` the
 * gateway's webhooks router alone on a bare Express app (Express's router and body parser, no
 * app-wide middleware) against the gateway (its direct route),
 * `express` the sustained load through the gateway's Express route (the path with a trailing slash:
 * app-wide middleware, router, body parser) against its direct route (routes/webhooks/direct.ts).
 */
const ROWS = [
  'ingest',
  'fanout',
  'ingest64',
  'fanout64',
  'sustained',
  'http',
  'router',
  'express',
] as const;
const DEFAULT_ROWS = ['ingest', 'fanout', 'ingest64', 'fanout64', 'sustained'];
/**
 * The sustained row: each of the 64 connections posts this many deliveries back to back per call,
 * so the gateway is never waiting for the sender between deliveries (a provider's steady stream).
 */
const SUSTAINED_EACH = 8;

function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be an integer ≥ 0`);
  return parsed;
}

function selectedRows(): Set<string> {
  const wanted = (process.env.WEBHOOKS_BENCH_ROWS ?? '').split(',').filter(Boolean);
  for (const row of wanted)
    if (!(ROWS as readonly string[]).includes(row))
      throw new Error(`WEBHOOKS_BENCH_ROWS: unknown row "${row}" (rows: ${ROWS.join(', ')})`);
  return new Set(wanted.length === 0 ? DEFAULT_ROWS : wanted);
}

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
    let arrivals = 0;
    const subscriber: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals += 1;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hooks`;
    // The transport's floor: read the body, answer 202 with a small JSON body, nothing else.
    const floor: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = JSON.stringify({
          id: 'whe_x',
          status: 'accepted',
          bytes: Buffer.concat(chunks).length,
        });
        res.writeHead(202, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
    const floorOrigin = `http://127.0.0.1:${(floor.address() as AddressInfo).port}`;
    // The same ingest without the app-wide middleware (access log, security headers, metrics,
    // request context): the webhooks router alone on a bare Express app, same services.
    const routerOnly = express();
    routerOnly.use(webhooksRouter(gateway.gateway.services));
    const routerServer: Server = createServer(routerOnly);
    await new Promise<void>((resolve) => routerServer.listen(0, '127.0.0.1', resolve));
    const routerOrigin = `http://127.0.0.1:${(routerServer.address() as AddressInfo).port}`;
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
    const batch = (size: number) =>
      Array.from({ length: size }, () => {
        const example = examples[(next += 1) % examples.length];
        if (example === undefined) throw new Error('no example payloads');
        return example;
      });

    // The provider's side runs in its own process (the other core): it signs and posts each
    // call's deliveries, so what this process spends is the gateway's ingest alone.
    const setup: SenderSetup = {
      origin: new URL(gateway.url).origin,
      batch: BATCH,
      maxBatch: WIDE_BATCH,
      events: EVENTS,
      timeoutMs: TIMEOUT_MS,
    };
    const sender: ChildProcess = fork(
      fileURLToPath(new URL('./webhooks-sender.ts', import.meta.url)),
      [JSON.stringify(setup)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    // WEBHOOKS_BENCH_WINDOWS=<file>: the monotonic µs intervals of the timed calls, as JSON, to
    // pick a CPU profile's samples of the gateway's work (the cpuprofile's clock is the same).
    const windows: [number, number][] = [];
    const ingest =
      (hook: typeof one, size: number, origin?: string, each = 1, path?: string) =>
      (): Promise<void> =>
        new Promise<void>((resolve, reject) => {
          const started = Number(process.hrtime.bigint() / 1000n);
          sender.once('message', (reply: SenderReply) => {
            windows.push([started, Number(process.hrtime.bigint() / 1000n)]);
            if (reply.ok) resolve();
            else reject(new Error(reply.error));
          });
          const request: SenderRequest = {
            hook: { hookId: hook.hookId, hookSecret: hook.hookSecret },
            batch: size,
            each,
            ...(origin === undefined ? {} : { origin }),
            ...(path === undefined ? {} : { path }),
          };
          sender.send(request);
        });
    const webhooks = providerEntry('github').webhooks;
    const clock = { now: Date.now, sleep: () => Promise.resolve() };
    const bare = (size: number) => async (): Promise<void> => {
      await Promise.all(
        batch(size).map(async (example) => {
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
        `\nwebhooks: POST /v1/webhooks/github, ${BATCH} (or ${WIDE_BATCH}) deliveries at once per call (${examples.length} real payloads: ${EVENTS.join(', ')}), gateway on SQLite in this process, posted by a child process\n`,
      );
      const iterations = envInt('WEBHOOKS_BENCH_ITERATIONS', 60);
      const options = (size: number) => ({
        // About as many deliveries per round whatever the batch.
        iterations: Math.max(1, Math.round((iterations * BATCH) / size)),
        rounds: envInt('WEBHOOKS_BENCH_ROUNDS', 6),
        warmup: Math.max(1, Math.round((envInt('WEBHOOKS_BENCH_WARMUP', 10) * BATCH) / size)),
      });
      const rows = selectedRows();
      const specs = [
        { row: 'ingest', size: BATCH, hook: none, what: 'stored, no fan-out', each: 1 },
        {
          row: 'fanout',
          size: BATCH,
          hook: one,
          what: "stored + 1 subscriber's delivery and job",
          each: 1,
        },
        { row: 'ingest64', size: WIDE_BATCH, hook: none, what: 'stored, no fan-out', each: 1 },
        {
          row: 'fanout64',
          size: WIDE_BATCH,
          hook: one,
          what: "stored + 1 subscriber's delivery and job",
          each: 1,
        },
        {
          row: 'sustained',
          size: WIDE_BATCH * SUSTAINED_EACH,
          hook: none,
          what: `stored, no fan-out, ${WIDE_BATCH} connections posting ${SUSTAINED_EACH} each back to back`,
          each: SUSTAINED_EACH,
        },
      ];
      const results: { result: ComparisonResult; size: number; fanout: boolean }[] = [];
      for (const spec of specs) {
        if (!rows.has(spec.row)) continue;
        const fanout = spec.hook === one;
        const before = arrivals;
        const started = Date.now();
        const result = await runComparison({
          name: `ingest (${spec.what}) vs bare verify+parse, ${spec.size} at once, per ${spec.size} deliveries`,
          baseline: { name: 'verify + parseAll', fn: bare(spec.size) },
          candidate: {
            name: `gateway ingest${fanout ? ' + fan-out' : ''}`,
            fn: ingest(spec.hook, spec.size / spec.each, undefined, spec.each),
          },
          ...options(spec.size),
        });
        results.push({ result, size: spec.size, fanout });
        if (fanout) {
          // The deliveries the row's ingest queued: how many reached the subscriber during the row,
          // and how long the rest took (the next row starts once they are delivered).
          const { iterations: calls, rounds, warmup } = options(spec.size);
          const ingested = (calls * rounds + warmup + 1) * spec.size;
          const during = arrivals - before;
          const drainStart = Date.now();
          while (arrivals - before < ingested && Date.now() - drainStart < 120_000)
            await new Promise((resolve) => setTimeout(resolve, 20));
          process.stdout.write(
            `  fan-out: ${during.toLocaleString('en-US')} of ~${ingested.toLocaleString('en-US')} deliveries reached the subscriber during the row (${Math.round((during * 1000) / (drainStart - started)).toLocaleString('en-US')}/s), the rest ${((Date.now() - drainStart) / 1000).toFixed(1)} s after\n`,
          );
        }
      }
      if (rows.has('http'))
        results.push({
          result: await runComparison({
            name: `gateway ingest (stored, no fan-out) vs the transport's floor (node:http reads the body, answers 202), per ${BATCH} deliveries`,
            baseline: { name: 'node:http 202', fn: ingest(none, BATCH, floorOrigin) },
            candidate: { name: 'gateway ingest', fn: ingest(none, BATCH) },
            ...options(BATCH),
          }),
          size: BATCH,
          fanout: false,
        });
      if (rows.has('router'))
        results.push({
          result: await runComparison({
            name: `gateway ingest (stored, no fan-out) vs its webhooks router alone on a bare Express app, per ${BATCH} deliveries`,
            baseline: { name: 'router alone', fn: ingest(none, BATCH, routerOrigin) },
            candidate: { name: 'gateway ingest', fn: ingest(none, BATCH) },
            ...options(BATCH),
          }),
          size: BATCH,
          fanout: false,
        });
      if (rows.has('express')) {
        const size = WIDE_BATCH * SUSTAINED_EACH;
        results.push({
          result: await runComparison({
            name: `gateway ingest (stored, no fan-out, sustained) through Express's route vs the direct route, per ${size} deliveries`,
            baseline: {
              name: 'through Express',
              fn: ingest(none, WIDE_BATCH, undefined, SUSTAINED_EACH, '/v1/webhooks/github/'),
            },
            candidate: {
              name: 'gateway ingest',
              fn: ingest(none, WIDE_BATCH, undefined, SUSTAINED_EACH),
            },
            ...options(size),
          }),
          size,
          fanout: false,
        });
      }
      for (const { result, size } of results)
        process.stdout.write(
          `  ${result.candidate.name}, ${size} at once: ${Math.round(result.candidate.opsPerSec * size).toLocaleString('en-US')} deliveries/s (target ≥ 2,000 on SQLite), ${result.baseline.name}: ${Math.round(result.baseline.opsPerSec * size).toLocaleString('en-US')}/s; CPU ${Math.round(result.candidate.cpuUsPerOp / size)} µs per delivery (${result.baseline.name}: ${Math.round(result.baseline.cpuUsPerOp / size)})\n`,
        );
      const windowsFile = process.env.WEBHOOKS_BENCH_WINDOWS;
      if (windowsFile !== undefined && windowsFile !== '')
        writeFileSync(windowsFile, JSON.stringify(windows));
      return results.map(({ result }) => result);
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
      floor.closeAllConnections();
      floor.close();
      routerServer.closeAllConnections();
      routerServer.close();
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
