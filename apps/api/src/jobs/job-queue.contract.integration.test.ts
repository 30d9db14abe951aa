// The JobQueue contract, on the engine of the run's database: scripts/test.mjs runs this file on
// SQLite (the Job table) and then on a throw-away PostgreSQL (pg-boss). No assertion times
// anything tightly: they check counts and order, with lower bounds and generous waits.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { openDatabase } from '../db/database.js';
import { createJobQueue, type CreateJobQueueOptions } from './create-job-queue.js';
import type { Job, JobQueue } from './job-queue.js';
import { waitFor } from '../test-support/wait-for.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase | undefined;
let db: Database;
const queues: JobQueue[] = [];
const children: ChildProcess[] = [];
let queueCounter = 0;

function databaseUrl(): string {
  if (!database) throw new Error('no test database');
  return database.url;
}

/** A queue name of its own for each test (one database serves the file). */
const queueName = (label: string) => `${label}-${(queueCounter += 1)}`;

async function newQueue(options: CreateJobQueueOptions = {}, on: Database = db): Promise<JobQueue> {
  const jobs = createJobQueue(on, {
    pollIntervalMs: 200,
    maintenanceIntervalSeconds: 1,
    ...options,
  });
  queues.push(jobs);
  await jobs.start();
  return jobs;
}

beforeAll(async () => {
  const created = await createTestDatabase();
  database = created;
  db = await openDatabase({ provider: created.provider, url: created.url });
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(queues.splice(0).map((jobs) => jobs.stop({ timeoutMs: 2_000 })));
});

afterAll(async () => {
  await db.close();
  await database?.drop();
});

describe(`JobQueue contract (${process.env.SCM_TEST_DATABASE ?? 'sqlite'})`, () => {
  it('runs a sent job once, with its data, as attempt 1', async () => {
    const jobs = await newQueue();
    const name = queueName('once');
    const runs: Job[] = [];
    await jobs.work(name, (job) => {
      runs.push(job);
      return Promise.resolve();
    });
    const id = await jobs.send(name, { repositoryId: 'r1', n: 2 });
    expect(id).toEqual(expect.any(String));
    await waitFor(() => runs.length === 1, 'the run');
    await sleep(1_500);
    expect(runs).toEqual([{ id, name, data: { repositoryId: 'r1', n: 2 }, attempt: 1 }]);
  });

  it('retries a failing job, then it succeeds', async () => {
    const jobs = await newQueue();
    const name = queueName('retry');
    const attempts: number[] = [];
    let succeeded = false;
    await jobs.work(name, (job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) return Promise.reject(new Error(`attempt ${job.attempt} fails`));
      succeeded = true;
      return Promise.resolve();
    });
    await jobs.send(name, {}, { retryLimit: 2 });
    await waitFor(() => succeeded, 'the third attempt');
    await sleep(1_500);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up after the retry limit: the job fails and is not run again', async () => {
    const jobs = await newQueue();
    const name = queueName('limit');
    const attempts: number[] = [];
    await jobs.work(name, (job) => {
      attempts.push(job.attempt);
      return Promise.reject(new Error('always'));
    });
    await jobs.send(name, {}, { retryLimit: 1 });
    await waitFor(() => attempts.length === 2, 'two attempts');
    await sleep(2_500);
    expect(attempts).toEqual([1, 2]);
  });

  it('spaces retries by the delay, doubled with backoff', async () => {
    const jobs = await newQueue();
    const name = queueName('backoff');
    const at: number[] = [];
    await jobs.work(name, () => {
      at.push(Date.now());
      return at.length < 3 ? Promise.reject(new Error('again')) : Promise.resolve();
    });
    await jobs.send(name, {}, { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true });
    await waitFor(() => at.length === 3, 'three attempts', 30_000);
    const [first, second, third] = at as [number, number, number];
    // Delay × 2^(attempt−1) × [1, 2): ≥ 1 s, then ≥ 2 s (with slack for clock granularity).
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1_900);
  });

  it('drops a second send of a queued or active singleton key, and frees the key when done', async () => {
    const jobs = await newQueue();
    const name = queueName('singleton');
    const first = await jobs.send(name, { n: 1 }, { singletonKey: 'installation-1' });
    expect(first).toEqual(expect.any(String));
    expect(await jobs.send(name, { n: 2 }, { singletonKey: 'installation-1' })).toBeNull();
    expect(await jobs.send(name, { n: 3 }, { singletonKey: 'installation-2' })).toEqual(
      expect.any(String),
    );

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: unknown[] = [];
    await jobs.work(
      name,
      async (job) => {
        ran.push(job.data.n);
        if (job.data.n === 1) await gate;
      },
      { concurrency: 2 },
    );
    await waitFor(() => ran.includes(1), 'the keyed job to start');
    // Active now: still holds its key.
    expect(await jobs.send(name, { n: 4 }, { singletonKey: 'installation-1' })).toBeNull();
    release();
    await waitFor(() => ran.includes(3), 'the other key');
    await sleep(500);
    // Completed: the key is free again (possibly after the completion is recorded).
    let again: string | null = null;
    const deadline = Date.now() + 10_000;
    while (again === null && Date.now() < deadline) {
      again = await jobs.send(name, { n: 5 }, { singletonKey: 'installation-1' });
      if (again === null) await sleep(200);
    }
    expect(again).toEqual(expect.any(String));
    await waitFor(() => ran.includes(5), 'the job sent after the key was freed');
    expect([...ran].sort()).toEqual([1, 3, 5]);
  });

  it('does not run a job before its startAfter', async () => {
    const jobs = await newQueue();
    const name = queueName('later');
    const ranAt: number[] = [];
    await jobs.work(name, () => {
      ranAt.push(Date.now());
      return Promise.resolve();
    });
    const startAfter = new Date(Date.now() + 2_500);
    await jobs.send(name, {}, { startAfter });
    await sleep(1_000);
    expect(ranAt).toEqual([]);
    await waitFor(() => ranAt.length === 1, 'the delayed run');
    expect(ranAt[0]).toBeGreaterThanOrEqual(startAfter.getTime() - 250);
  });

  it('runs at most `concurrency` jobs of a queue at once', async () => {
    const jobs = await newQueue();
    const name = queueName('concurrency');
    let active = 0;
    let peak = 0;
    let done = 0;
    await jobs.work(
      name,
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(400);
        active -= 1;
        done += 1;
      },
      { concurrency: 3 },
    );
    for (let i = 0; i < 9; i += 1) await jobs.send(name, { i });
    await waitFor(() => done === 9, 'nine jobs', 30_000);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('enqueues in a Prisma transaction: a commit keeps the job, a rollback drops it', async () => {
    const jobs = await newQueue();
    const name = queueName('transaction');
    const ran: unknown[] = [];
    await jobs.work(name, (job) => {
      ran.push(job.data.kind);
      return Promise.resolve();
    });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await jobs.send(name, { kind: 'rolled-back' }, { transaction: tx });
        await jobs.send(
          name,
          { kind: 'rolled-back-keyed' },
          { transaction: tx, singletonKey: 'k' },
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.prisma.$transaction(async (tx) => {
      await jobs.send(name, { kind: 'committed' }, { transaction: tx });
      // The rolled-back keyed job held no key.
      expect(
        await jobs.send(name, { kind: 'keyed' }, { transaction: tx, singletonKey: 'k' }),
      ).toEqual(expect.any(String));
    });
    await waitFor(() => ran.length >= 2, 'the committed jobs');
    await sleep(1_500);
    expect([...ran].sort()).toEqual(['committed', 'keyed']);
  });

  it('sendMany enqueues a batch: alone, and in a transaction that commits or rolls back', async () => {
    const jobs = await newQueue();
    const name = queueName('many');
    const ran: Job[] = [];
    await jobs.work(
      name,
      (job) => {
        ran.push(job);
        return Promise.resolve();
      },
      { concurrency: 4 },
    );
    await jobs.sendMany(name, [{ data: { n: 1 } }, { data: { n: 2 }, options: { retryLimit: 0 } }]);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await jobs.sendMany(name, [{ data: { n: -1 } }], { transaction: tx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.prisma.$transaction(async (tx) => {
      await jobs.sendMany(name, [{ data: { n: 3 } }, { data: { n: 4 } }], { transaction: tx });
    });
    jobs.notify(name);
    await jobs.sendMany(name, []);
    await waitFor(() => ran.length >= 4, 'the batch');
    await sleep(1_500);
    expect(ran.map((job) => job.data.n).sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(ran.map((job) => job.id)).size).toBe(4);
    expect(ran.every((job) => job.attempt === 1)).toBe(true);
  });

  it('shares the queue between two instances on one database: each job runs exactly once', async () => {
    // On PostgreSQL each instance has its own pg-boss and pool, as two gateway processes would.
    const second = await openDatabase({
      provider: db.provider,
      url: databaseUrl(),
      migrate: false,
    });
    try {
      const name = queueName('shared');
      const a = await newQueue();
      const b = await newQueue({}, second);
      const runs = new Map<string, number>();
      const by = { a: 0, b: 0 };
      const handler = (who: 'a' | 'b') => async (job: Job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        by[who] += 1;
        await sleep(50);
      };
      await a.work(name, handler('a'), { concurrency: 2 });
      await b.work(name, handler('b'), { concurrency: 2 });
      const ids: string[] = [];
      for (let i = 0; i < 24; i += 1) {
        const id = await (i % 2 === 0 ? a : b).send(name, { i });
        ids.push(id as string);
      }
      await waitFor(() => runs.size === 24, 'every job', 30_000);
      await sleep(1_500);
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      expect(by.a + by.b).toBe(24);
    } finally {
      await Promise.all(queues.splice(0).map((jobs) => jobs.stop({ timeoutMs: 2_000 })));
      await second.close();
    }
  });

  it('three instances registering the same new queues at once all start (no deadlock)', async () => {
    // What WEB_CONCURRENCY workers do at start: each registers every queue it works. On
    // PostgreSQL, pg-boss's queue creation deadlocked when two processes created queues at once.
    const others = await Promise.all(
      [0, 1].map(() => openDatabase({ provider: db.provider, url: databaseUrl(), migrate: false })),
    );
    try {
      const names = Array.from({ length: 6 }, () => queueName('registered'));
      const instances = await Promise.all([db, ...others].map((on) => newQueue({}, on)));
      const ran = new Set<string>();
      await Promise.all(
        instances.flatMap((jobs) =>
          names.map((name) =>
            jobs.work(name, (job) => {
              ran.add(`${name}:${String((job.data as { n: number }).n)}`);
              return Promise.resolve();
            }),
          ),
        ),
      );
      await Promise.all(
        names.map((name, n) => {
          const jobs = instances[n % instances.length];
          if (!jobs) throw new Error('no instance');
          return jobs.send(name, { n });
        }),
      );
      await waitFor(() => ran.size === names.length, 'a job on every queue');
    } finally {
      await Promise.all(queues.splice(0).map((jobs) => jobs.stop({ timeoutMs: 2_000 })));
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('stop() waits for the running job to finish', async () => {
    const jobs = await newQueue();
    const name = queueName('graceful');
    let started = false;
    let finished = false;
    await jobs.work(name, async () => {
      started = true;
      await sleep(1_500);
      finished = true;
    });
    await jobs.send(name, {});
    await waitFor(() => started, 'the run to start');
    await jobs.stop({ timeoutMs: 10_000 });
    expect(finished).toBe(true);
  });

  it('runs a job again in a new instance after one stopped without finishing it', async () => {
    const name = queueName('abandoned');
    const first = await newQueue({ leaseSeconds: 2 });
    let started = false;
    await first.work(name, async () => {
      started = true;
      await new Promise(() => undefined); // never finishes
    });
    const id = await first.send(name, { n: 1 });
    await waitFor(() => started, 'the first run');
    await first.stop({ timeoutMs: 1_000 });

    const second = await newQueue({ leaseSeconds: 2 });
    const runs: Job[] = [];
    await second.work(name, (job) => {
      runs.push(job);
      return Promise.resolve();
    });
    await waitFor(() => runs.length === 1, 'the second run', 30_000);
    expect(runs).toEqual([{ id, name, data: { n: 1 }, attempt: 2 }]);
  });

  it('a queue worked with its own short lease retries a lost run after it, not the default', async () => {
    const name = queueName('own-lease');
    // The engine's lease is an hour; this queue's, 2 s.
    const first = await newQueue({ leaseSeconds: 3600 });
    let started = false;
    await first.work(
      name,
      async () => {
        started = true;
        await new Promise(() => undefined); // never finishes
      },
      { leaseSeconds: 2 },
    );
    const id = await first.send(name, { n: 1 });
    await waitFor(() => started, 'the first run');
    await first.stop({ timeoutMs: 1_000 });

    const second = await newQueue({ leaseSeconds: 3600 });
    const runs: Job[] = [];
    await second.work(
      name,
      (job) => {
        runs.push(job);
        return Promise.resolve();
      },
      { leaseSeconds: 2 },
    );
    await waitFor(() => runs.length === 1, 'the second run', 30_000);
    expect(runs).toEqual([{ id, name, data: { n: 1 }, attempt: 2 }]);
  });

  it('fails a job whose lost run was its last allowed attempt', async () => {
    const name = queueName('lost-last');
    const first = await newQueue({ leaseSeconds: 2 });
    let started = false;
    await first.work(name, async () => {
      started = true;
      await new Promise(() => undefined);
    });
    await first.send(name, {}, { retryLimit: 0 });
    await waitFor(() => started, 'the only run');
    await first.stop({ timeoutMs: 1_000 });

    const second = await newQueue({ leaseSeconds: 2 });
    const runs: Job[] = [];
    await second.work(name, (job) => {
      runs.push(job);
      return Promise.resolve();
    });
    // Past the lease and a few maintenance rounds.
    await sleep(5_000);
    expect(runs).toEqual([]);
  });

  it('runs a job again after its process was killed mid-run (kill -9)', async () => {
    const name = queueName('crash');
    const leaseSeconds = 2;
    const sender = await newQueue({ leaseSeconds });
    const id = await sender.send(name, { delivery: 'd1' });

    const child = spawn(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
        'crash-worker.ts',
      ],
      {
        cwd: fileURLToPath(new URL('./test-support/', import.meta.url)),
        env: {
          ...process.env,
          SCM_JOBS_DB_PROVIDER: db.provider,
          SCM_JOBS_DB_URL: databaseUrl(),
          SCM_JOBS_QUEUE: name,
          SCM_JOBS_LEASE_SECONDS: String(leaseSeconds),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    await waitFor(
      () => output.includes(`claimed ${id} 1`) || child.exitCode !== null,
      'the child to claim the job',
      45_000,
    );
    expect(errors === '' || output.includes('claimed') ? output : errors).toContain(
      `claimed ${id} 1`,
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // "After the restart": a new instance on the same database.
    const restarted = await newQueue({ leaseSeconds });
    const runs: Job[] = [];
    await restarted.work(name, (job) => {
      runs.push(job);
      return Promise.resolve();
    });
    await waitFor(() => runs.length === 1, 'the job to run again', 30_000);
    await sleep(1_000);
    expect(runs).toEqual([{ id, name, data: { delivery: 'd1' }, attempt: 2 }]);
  });
});
