// A gateway process in miniature for the crash test of job-queue.contract.integration.test.ts: it
// opens the database of SCM_JOBS_DB_PROVIDER / SCM_JOBS_DB_URL, works the queue SCM_JOBS_QUEUE with
// a handler that prints `claimed <job id> <attempt>` and never finishes, and waits to be killed.
// Run with `node --import ./ts-loader.mjs crash-worker.ts`.
import { openDatabase, type DatabaseProvider } from '../../db/database.js';
import { createJobQueue } from '../create-job-queue.js';

const provider = process.env.SCM_JOBS_DB_PROVIDER as DatabaseProvider;
const url = process.env.SCM_JOBS_DB_URL ?? '';
const queue = process.env.SCM_JOBS_QUEUE ?? '';
const db = await openDatabase({ provider, url, migrate: false });
const jobs = createJobQueue(db, {
  pollIntervalMs: 200,
  leaseSeconds: Number(process.env.SCM_JOBS_LEASE_SECONDS ?? '2'),
});
await jobs.start();
await jobs.work(queue, async (job) => {
  process.stdout.write(`claimed ${job.id} ${job.attempt}\n`);
  await new Promise(() => undefined);
});
process.stdout.write('ready\n');
// Stay alive until killed (the engine's poll timer does not hold the process open).
setInterval(() => undefined, 60_000);
