// Issue #21, multi-core: `pnpm start` (its real entry, src/boot.ts → main.ts, as a child process) with
// WEB_CONCURRENCY workers on PostgreSQL, and on SQLite one process per file with a clear error for
// a second one (it used to die at start with a schema-engine socket timeout). Each engine's half
// runs in its pass of scripts/test.mjs.
import { freePort } from '../test-support/http.js';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as nodeModule from 'node:module';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lockSqliteFile } from '../db/sqlite-lock.js';
import {
  createTestDatabase,
  testDatabaseProvider,
  type TestDatabase,
} from '../test-support/database.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started: ChildProcess[] = [];
const dirs: string[] = [];

interface Gateway {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string | undefined>, port: number): Gateway {
  const child = spawn(
    process.execPath,
    ['--import', fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)), 'boot.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SGG_ADMIN_API_KEY: `sggadm_${randomBytes(24).toString('base64url')}`,
        SGG_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, port, output: () => output, exited };
}

async function healthy(gateway: Gateway, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gateway.child.exitCode !== null)
      throw new Error(`the gateway exited (${gateway.child.exitCode}): ${gateway.output()}`);
    try {
      const response = await request(`http://127.0.0.1:${gateway.port}/health`);
      await response.body.text();
      if (response.statusCode === 200) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`no /health in time: ${gateway.output()}`);
    await sleep(100);
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scm-processes-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(testDatabaseProvider() !== 'sqlite')(
  'one gateway process per SQLite file',
  { timeout: 300_000 },
  () => {
    it('a second process on the same file stops at once and says why; the first keeps serving', async () => {
      const dataDir = tempDir();
      const first = startMain({ DATA_DIR: dataDir }, await freePort());
      await healthy(first);
      const second = startMain({ DATA_DIR: dataDir }, await freePort());
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`Another gateway process (pid ${first.child.pid})`);
      expect(second.output()).toContain('PostgreSQL');
      await healthy(first, 2_000);

      // A clean stop releases the file; a process killed with -9 leaves a lock the next one takes over.
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dataDir, 'gateway.db.lock'))).toBe(false);
      const third = startMain({ DATA_DIR: dataDir }, await freePort());
      await healthy(third);
      third.child.kill('SIGKILL');
      await third.exited;
      expect(existsSync(join(dataDir, 'gateway.db.lock'))).toBe(true);
      const fourth = startMain({ DATA_DIR: dataDir }, await freePort());
      await healthy(fourth);
    });

    it("keeps Node's compile cache beside the code, written once the gateway listens (Node >= 22.10)", async () => {
      // src/boot.ts's folder; the entry puts it at ../.node-compile-cache from itself.
      const cacheDir = fileURLToPath(new URL('../../.node-compile-cache', import.meta.url));
      rmSync(cacheDir, { recursive: true, force: true });
      // Unset, so the entry chooses the folder (an undefined value is not passed to the child).
      const gateway = startMain(
        {
          DATA_DIR: tempDir(),
          NODE_COMPILE_CACHE: undefined,
          NODE_DISABLE_COMPILE_CACHE: undefined,
        },
        await freePort(),
      );
      await healthy(gateway);
      // Killed, not stopped: Node writes the cache as a process exits, but the gateway has written
      // it once it listened (ops/compile-cache.ts; Node >= 22.10 can write it before exit).
      gateway.child.kill('SIGKILL');
      await gateway.exited;
      const versions = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
      if ('flushCompileCache' in nodeModule) {
        expect(versions).toEqual([expect.stringMatching(new RegExp(`^${process.version}-`))]);
        // One entry per module compiled: the gateway's own and its dependencies' (~900).
        expect(readdirSync(join(cacheDir, versions[0] ?? '')).length).toBeGreaterThan(200);
      } else {
        expect(versions).toEqual([]);
      }
    });

    it('WEB_CONCURRENCY > 1 on SQLite is refused with the way out', async () => {
      const gateway = startMain({ DATA_DIR: tempDir(), WEB_CONCURRENCY: '2' }, await freePort());
      expect(await gateway.exited).toBe(1);
      expect(gateway.output()).toContain('WEB_CONCURRENCY=2 needs PostgreSQL');
    });

    it('lockSqliteFile refuses a file a running process holds, and takes over a stale lock', () => {
      const file = join(tempDir(), 'x.db');
      // The test runner's parent is a running process other than this one.
      execFileSync('sh', ['-c', `printf %s ${process.ppid} > '${file}.lock'`]);
      expect(() => lockSqliteFile(file)).toThrow(`pid ${process.ppid}`);
      execFileSync('sh', ['-c', `printf %s 999999999 > '${file}.lock'`]);
      const release = lockSqliteFile(file);
      expect(existsSync(`${file}.lock`)).toBe(true);
      release();
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  },
);

describe.skipIf(testDatabaseProvider() !== 'postgresql')(
  'WEB_CONCURRENCY on PostgreSQL',
  { timeout: 300_000 },
  () => {
    let database: TestDatabase | undefined;
    afterAll(async () => {
      await database?.drop();
    });

    it('runs that many workers on one port, serves through them, and drains them all on SIGTERM', async () => {
      database = await createTestDatabase();
      const gateway = startMain(
        { DATA_DIR: tempDir(), DATABASE_URL: database.url, WEB_CONCURRENCY: '3' },
        await freePort(),
      );
      await healthy(gateway);
      // The banner is printed once every worker listens.
      await expect.poll(gateway.output, { timeout: 150_000 }).toContain('(3 worker processes)');
      const workers = execFileSync('pgrep', ['-P', String(gateway.child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(workers).toHaveLength(3);
      const statuses = await Promise.all(
        Array.from({ length: 60 }, async () => {
          const response = await request(`http://127.0.0.1:${gateway.port}/ready`);
          await response.body.text();
          return response.statusCode;
        }),
      );
      expect(new Set(statuses)).toEqual(new Set([200]));
      gateway.child.kill('SIGTERM');
      const code = await gateway.exited;
      if (code !== 0) throw new Error(`exit ${String(code)}: ${gateway.output()}`);
      for (const pid of workers) expect(() => process.kill(Number(pid), 0)).toThrow();
    });
  },
);
