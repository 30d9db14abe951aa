// The kill test of issue 16: a gateway process accepts a delivery (202), starts delivering it to a
// subscriber that does not answer yet, and is killed with SIGKILL mid-delivery. A new gateway on the
// same database (and master key) delivers it after the dead run's lease expires: the subscriber
// gets it, answered, exactly once, Standard Webhooks-signed, with the same webhook-id. Runs on
// SQLite (the Job table) and PostgreSQL (pg-boss) with scripts/test.mjs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { startGatewayOn, type GatewayOn } from './test-support/gateway-on.js';
import { githubExamples, githubHookHeaders } from './test-support/github-examples.js';
import { seedSubscription } from './test-support/seed-subscription.js';
import { waitFor } from '../test-support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Arrival {
  headers: IncomingHttpHeaders;
  body: string;
  answered: boolean;
}

/** A subscriber that holds every request unanswered until `answer()`, then answers 204. */
async function startHoldingReceiver() {
  const arrivals: Arrival[] = [];
  const held: ServerResponse[] = [];
  let answering = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrival = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: answering,
      };
      arrivals.push(arrival);
      if (answering) res.writeHead(204).end();
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    arrivals,
    answer() {
      answering = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

// A dead run is taken again once its lease is over: 2 s here. On PostgreSQL, pg-boss's maintenance
// (every second here) fails it, and the retry waits the delivery's backoff (30–60 s): hence the
// generous timeouts.
const JOB_ENV = { JOB_LEASE_SECONDS: '2', JOB_MAINTENANCE_INTERVAL_SECONDS: '1' };

describe(`webhooks: kill -9 between ingest and delivery (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startHoldingReceiver>>;
  let child: ChildProcess | undefined;
  let restarted: GatewayOn | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startHoldingReceiver();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await restarted?.close();
    await receiver.close();
    await database.drop();
  });

  it('a delivery accepted before the crash reaches the subscriber once after a restart', async () => {
    const masterKey = randomBytes(32);
    // The first process migrates the database and has the subscription; it is gone before the crash.
    const setup = await startGatewayOn({ ...database, masterKey, env: JOB_ENV });
    const hook = await seedSubscription(setup.gateway.services, {
      provider: 'github',
      targetUrl: receiver.url,
      events: ['push'],
    });
    await setup.close();

    child = spawn(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
        'crash-gateway.ts',
      ],
      {
        cwd: fileURLToPath(new URL('./test-support/', import.meta.url)),
        env: {
          ...process.env,
          ...JOB_ENV,
          SCM_CRASH_DB_PROVIDER: database.provider,
          SCM_CRASH_DB_URL: database.url,
          SCM_CRASH_MASTER_KEY: masterKey.toString('hex'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const proc = child;
    let output = '';
    let errors = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    await waitFor(
      () => /listening \d+/.test(output) || proc.exitCode !== null,
      'the gateway process to listen',
      60_000,
    );
    const port = /listening (\d+)/.exec(output)?.[1];
    expect(port, errors).toBeDefined();

    const push = githubExamples().find((example) => example.event === 'push');
    if (push === undefined) throw new Error('no push example');
    const posted = await request(`http://127.0.0.1:${port}/v1/webhooks/github`, {
      method: 'POST',
      headers: githubHookHeaders(push, hook, 'crash-delivery-1'),
      body: push.body,
    });
    const answer = (await posted.body.json()) as { status: string; deliveries: number };
    expect([posted.statusCode, answer]).toEqual([
      202,
      expect.objectContaining({ status: 'accepted', deliveries: 1 }),
    ]);

    // The child took the job and is mid-delivery (the subscriber has not answered): kill -9.
    await waitFor(() => receiver.arrivals.length === 1, 'the first attempt', 30_000);
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
    child = undefined;

    // Nothing was delivered and the delivery is still owed.
    const db = await openDatabase({ ...database, migrate: false });
    const row = await db.prisma.webhookDelivery.findFirstOrThrow({
      where: { subscriptionId: hook.id },
    });
    await db.close();
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });

    receiver.answer();
    restarted = await startGatewayOn({ ...database, masterKey, migrate: false, env: JOB_ENV });
    const { prisma } = restarted.gateway.services;

    // The restarted gateway delivers it once the dead run's lease is over.
    await waitFor(
      () => receiver.arrivals.some((arrival) => arrival.answered),
      'the delivery after the restart',
      110_000,
    );
    await sleep(2_500);
    const answered = receiver.arrivals.filter((arrival) => arrival.answered);
    expect(receiver.arrivals).toHaveLength(2);
    expect(answered).toHaveLength(1);
    const [cut] = receiver.arrivals;
    const [delivered] = answered;
    if (cut === undefined || delivered === undefined) throw new Error('unreachable');
    // The same message (its id is the delivery row's): a subscriber that saw the cut attempt dedupes.
    expect(delivered.headers['webhook-id']).toBe(row.id);
    expect(cut.headers['webhook-id']).toBe(row.id);
    const payload = new Webhook(hook.signingSecret).verify(
      delivered.body,
      delivered.headers as Record<string, string>,
    ) as { type: string; data: { type: string } };
    expect(payload.type).toBe('scm.push');
    expect(payload.data.type).toBe('push');

    const after = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'delivered', lastStatus: 204 });
  }, 180_000);
});
