// What `pnpm test` runs in apps/api (after scripts/prisma-generate.mjs): the whole suite twice,
// once on SQLite and once on PostgreSQL, because the gateway supports both and they differ
// (migrations, case sensitivity, types). Extra arguments go to both vitest runs
// (`node scripts/test.mjs src/db`).
//
// The PostgreSQL pass uses SCM_TEST_PG_URL when it is set (an admin URL of a role with CREATEDB),
// else a throw-away server on 127.0.0.1 that this script starts and always stops (binaries from
// SCM_PG_BIN_DIR or /usr/lib/postgresql/<version>/bin). Without the binaries it installs Debian's
// package when it can (root and apt-get); failing that, under CI it fails, elsewhere it skips the
// PostgreSQL pass with a loud warning.
// Under CI, vitest writes test-results.json (SQLite) and test-results.postgresql.json.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgresBinaries, startThrowawayPostgres } from './throwaway-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules/.bin/vitest');
const extraArgs = process.argv.slice(2);
const ci = Boolean(process.env.CI);

let server;
let child;
const stopServer = () => server?.stop();
process.on('exit', stopServer);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    child?.kill('SIGTERM');
    stopServer();
    process.exit(code);
  });
}

function banner(text) {
  console.log(`\n${'='.repeat(8)} ${text} ${'='.repeat(Math.max(8, 70 - text.length))}\n`);
}

function runVitest(env, args) {
  return new Promise((resolve) => {
    child = spawn(vitest, ['run', ...args, ...extraArgs], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', (error) => {
      console.error(`could not start vitest: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function timed(label, task) {
  const started = Date.now();
  const status = await task();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { label, status, seconds };
}

/** The admin URL for the PostgreSQL pass, or null to skip it (with the reason printed). */
async function postgresUrl() {
  if (process.env.SCM_TEST_PG_URL) {
    console.log('Using the PostgreSQL server of SCM_TEST_PG_URL.');
    return process.env.SCM_TEST_PG_URL;
  }
  let binDir = null;
  let problem = process.env.SCM_PG_BIN_DIR
    ? `SCM_PG_BIN_DIR (${process.env.SCM_PG_BIN_DIR}) holds no initdb`
    : 'the PostgreSQL binaries (/usr/lib/postgresql/<version>/bin) are missing';
  try {
    binDir = ensurePostgresBinaries();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (!binDir) {
    if (ci) throw new Error(`Cannot run the PostgreSQL pass under CI: ${problem}.`);
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! WARNING: ${problem}.\n!! SKIPPING THE POSTGRESQL PASS: only SQLite was tested.\n` +
        `!! Install PostgreSQL (Debian: apt-get install postgresql) or set SCM_TEST_PG_URL.\n${line}\n`,
    );
    return null;
  }
  server = await startThrowawayPostgres(binDir);
  console.log(`Started a throw-away PostgreSQL server on 127.0.0.1:${server.port}.`);
  return server.url;
}

// Reports of an earlier run must not be mistaken for this run's.
for (const report of ['test-results.json', 'test-results.postgresql.json'])
  rmSync(join(root, report), { force: true });

const results = [];
banner('apps/api tests on SQLite');
results.push(await timed('SQLite', () => runVitest({ SCM_TEST_DATABASE: 'sqlite' }, [])));

banner('apps/api tests on PostgreSQL');
results.push(
  await timed('PostgreSQL', async () => {
    let url;
    try {
      url = await postgresUrl();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      return 1;
    }
    if (url === null) return 'skipped';
    try {
      const reportArgs = ci ? ['--outputFile.json=test-results.postgresql.json'] : [];
      return await runVitest({ SCM_TEST_DATABASE: 'postgresql', SCM_TEST_PG_URL: url }, reportArgs);
    } finally {
      stopServer();
    }
  }),
);

banner('apps/api test passes');
for (const { label, status, seconds } of results) {
  const outcome =
    status === 'skipped' ? 'SKIPPED' : status === 0 ? 'passed' : `FAILED (exit ${status})`;
  console.log(`${label.padEnd(11)} ${outcome} in ${seconds} s`);
}
process.exitCode = results.some(({ status }) => status !== 0 && status !== 'skipped') ? 1 : 0;
