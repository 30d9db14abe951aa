// A throw-away PostgreSQL server on loopback, for the test suite's PostgreSQL pass
// (scripts/test.mjs) and for writing PostgreSQL migrations (scripts/new-migration.mjs).
// Debian's packages put the binaries under /usr/lib/postgresql/<version>/bin; the server refuses
// to run as root, so as root everything runs as the `postgres` user (`runuser -u postgres --`).
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;

/**
 * The bin folder of the PostgreSQL to use: SCM_PG_BIN_DIR when set (e.g. Homebrew's
 * /opt/homebrew/opt/postgresql@15/bin), else the newest under /usr/lib/postgresql; null if none.
 */
export function findPostgresBinDir() {
  const override = process.env.SCM_PG_BIN_DIR;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Finds the PostgreSQL binaries, installing Debian's `postgresql` first when we may (root and
 * apt-get). Returns the bin folder, or null when they are missing and cannot be installed.
 */
export function ensurePostgresBinaries() {
  const found = findPostgresBinDir();
  if (found || process.env.SCM_PG_BIN_DIR || !isRoot || !commandExists('apt-get')) return found;
  console.log(
    'PostgreSQL binaries not found: installing them (apt-get update && apt-get install -y postgresql)…',
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'postgresql']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
  return findPostgresBinDir();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function idOf(flag, user) {
  const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`There is no "${user}" user to run PostgreSQL as (id ${flag} ${user} failed)`);
  return Number(result.stdout.trim());
}

/** Runs a PostgreSQL binary, as `postgres` when we are root. Throws with its output on failure. */
function runPg(binDir, program, args) {
  const command = join(binDir, program);
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${program} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Starts a server on 127.0.0.1 at a free port, trusting local connections, with durability off
 * (it is thrown away). Returns its admin URL and a `stop()` that is synchronous (safe in signal
 * and exit handlers), idempotent, and removes the data folder.
 */
export async function startThrowawayPostgres(binDir) {
  const dir = mkdtempSync(join(tmpdir(), 'scm-pg-'));
  if (isRoot) chownSync(dir, idOf('-u', 'postgres'), idOf('-g', 'postgres'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  let running = false;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (running) runPg(binDir, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch (error) {
      console.error(String(error));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    runPg(binDir, 'initdb', [
      '-D',
      data,
      '--auth=trust',
      '--username=postgres',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-k /tmp',
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    try {
      runPg(binDir, 'pg_ctl', ['-D', data, '-l', log, '-w', '-o', options, 'start']);
    } catch (error) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${serverLog}`);
    }
    running = true;
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
