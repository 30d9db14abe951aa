// WAL checkpoints in a child process (wal-checkpointer.ts): it starts only once the log has grown,
// copies the log into the database file while this process never checkpoints, hands the
// connections back their own checkpoints when it is gone, and leaves with the database. And a new
// database file gets 16 KB pages (sqlite-direct.ts), an existing one keeps its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseProvider } from '../test-support/database.js';
import { waitFor } from '../test-support/wait-for.js';
import { openDatabase } from './database.js';
import { formatNewSqliteFile } from './sqlite-direct.js';
import {
  DEFAULT_AUTOCHECKPOINT_PAGES,
  FALLBACK_AUTOCHECKPOINT_PAGES,
  startWalCheckpointer,
  type WalCheckpointer,
} from './wal-checkpointer.js';

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scm-wal-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

/** Whether the process runs (a zombie nobody has reaped yet has ended: its state is `Z`). */
const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

/** A writer that never checkpoints itself: only another connection copies its log. */
function openWriter(file: string) {
  const db = new Libsql(file);
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE IF NOT EXISTS t (x TEXT);',
  );
  cleanups.push(() => {
    db.close();
  });
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
  const row = 'x'.repeat(16_000);
  return {
    db,
    /** About `kb` KB of rows in one commit. */
    write: (kb: number) => {
      db.exec('BEGIN');
      for (let i = 0; i < kb / 16; i += 1) insert.run([row]);
      db.exec('COMMIT');
    },
  };
}

describe.skipIf(testDatabaseProvider() !== 'sqlite')('WAL checkpointer', () => {
  function start(file: string, settings: number[], said: string[] = []): WalCheckpointer {
    const checkpointer = startWalCheckpointer({
      file,
      setAutocheckpoint: (pages) => settings.push(pages),
      logger: {
        info: (message) => said.push(message),
        warn: (message) => said.push(message),
      },
      startAboveBytes: 256 * 1024,
      pollMs: 20,
      intervalMs: 20,
    });
    cleanups.push(() => checkpointer.close());
    return checkpointer;
  }

  it('starts a child once the log is large, which copies it into the database file', async () => {
    const file = tempFile();
    const writer = openWriter(file);
    const settings: number[] = [];
    const checkpointer = start(file, settings);
    writer.write(64);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A small log: no child, and nothing copied (the writer never checkpoints).
    expect(checkpointer.running).toBe(false);
    const before = statSync(file).size;
    writer.write(512);
    await waitFor(() => checkpointer.running, 'the child to start');
    await waitFor(() => settings.includes(FALLBACK_AUTOCHECKPOINT_PAGES), 'the child to be ready');
    await waitFor(() => statSync(file).size > before + 256 * 1024, 'the log to reach the file');
    // And it keeps at it: each further commit reaches the file too.
    for (let round = 0; round < 3; round += 1) {
      const size = statSync(file).size;
      writer.write(128);
      await waitFor(
        () => statSync(file).size > size + 100 * 1024,
        'the next commit to reach the file',
      );
    }
    const count = writer.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
    expect(count.n).toBe(Math.round(64 / 16) + Math.round(512 / 16) + 3 * Math.round(128 / 16));
  });

  it('gives the connections their own checkpoints back when the child dies, and stops it on close', async () => {
    const file = tempFile();
    const writer = openWriter(file);
    const settings: number[] = [];
    const said: string[] = [];
    const checkpointer = start(file, settings, said);
    const small = checkpointer.walBytes(); // the table's creation
    writer.write(512);
    expect(checkpointer.walBytes()).toBeGreaterThan(small + 500 * 1024);
    await waitFor(() => settings.includes(FALLBACK_AUTOCHECKPOINT_PAGES), 'the child to be ready');
    expect(said).toEqual(['sqlite checkpoints moved to a helper process']);
    expect(checkpointer.unexpectedEnds).toBe(0);
    const pid = checkpointer.pid;
    if (pid === undefined) throw new Error('no child pid');
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !checkpointer.running, 'the child to be gone');
    expect(settings.at(-1)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    // What GET /metrics counts (scm_gateway_sqlite_checkpoint_helper_ends_total).
    expect(checkpointer.unexpectedEnds).toBe(1);
    expect(said.at(-1)).toBe('sqlite checkpoint helper ended; checkpointing in this process again');

    const otherFile = tempFile();
    const second = start(otherFile, []);
    openWriter(otherFile).write(512);
    await waitFor(() => second.running, 'the second child to start');
    const secondPid = second.pid;
    if (secondPid === undefined) throw new Error('no child pid');
    await second.close();
    expect(second.running).toBe(false);
    // Asked to stop: not an unexpected end.
    expect(second.unexpectedEnds).toBe(0);
    expect(isRunning(secondPid)).toBe(false);
  });

  it('leaves when the gateway process is killed (kill -9)', async () => {
    const file = tempFile();
    // A parent that starts the checkpointer, grows the log, prints the child's pid, then waits.
    const parent = spawn(
      process.execPath,
      [
        '--import',
        fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url)),
        '--input-type=module',
        '-e',
        `import Libsql from 'libsql';
         import { startWalCheckpointer } from './db/wal-checkpointer.ts';
         const file = ${JSON.stringify(file)};
         const db = new Libsql(file);
         db.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT);');
         const checkpointer = startWalCheckpointer({ file, setAutocheckpoint: () => {}, startAboveBytes: 65536, pollMs: 20 });
         for (let i = 0; i < 16; i += 1) db.prepare('INSERT INTO t (x) VALUES (?)').run(['x'.repeat(16000)]);
         const timer = setInterval(() => { if (checkpointer.pid) { console.log('child', checkpointer.pid); clearInterval(timer); } }, 20);
         setInterval(() => {}, 1000);`,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => {
      parent.kill('SIGKILL');
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /child \d+/.test(output), 'the parent to start a child', 20_000);
    const pid = Number(/child (\d+)/.exec(output)?.[1]);
    expect(isRunning(pid)).toBe(true);
    parent.kill('SIGKILL');
    await waitFor(() => !isRunning(pid), 'the orphaned child to leave');
  });

  it('runs under openDatabase: 16 KB pages on a new file, the default on an existing one kept', async () => {
    const fresh = tempFile();
    const db = await openDatabase({ provider: 'sqlite', url: `file:${fresh}` });
    cleanups.push(() => db.close());
    const pageSize = (file: string) => {
      const reader = new Libsql(file);
      try {
        return (reader.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
      } finally {
        reader.close();
      }
    };
    expect(pageSize(fresh)).toBe(16_384);
    // A file that already has pages keeps their size.
    const existing = tempFile();
    const old = new Libsql(existing);
    old.exec('CREATE TABLE t (x TEXT)');
    old.close();
    formatNewSqliteFile(existing);
    expect(pageSize(existing)).toBe(4_096);
  });

  it('under openDatabase, moves both connections to the fallback once a busy log starts the helper', async () => {
    const file = tempFile();
    const db = await openDatabase({ provider: 'sqlite', url: `file:${file}` });
    cleanups.push(() => db.close());
    const { sqlite } = db;
    if (sqlite === undefined) throw new Error('no direct connection on SQLite');
    const settings = async () => ({
      prisma: Number(
        (
          await db.prisma.$queryRawUnsafe<{ wal_autocheckpoint: number | bigint }[]>(
            'PRAGMA wal_autocheckpoint',
          )
        )[0]?.wal_autocheckpoint,
      ),
      direct: Number(
        (
          await sqlite.run((connection) =>
            connection.all<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint'),
          )
        )[0]?.wal_autocheckpoint,
      ),
    });
    expect(await settings()).toEqual({
      prisma: DEFAULT_AUTOCHECKPOINT_PAGES,
      direct: DEFAULT_AUTOCHECKPOINT_PAGES,
    });
    // ~3 MB through the direct connection, in one commit: past the 2 MB that starts the helper.
    const row = 'x'.repeat(16_000);
    await sqlite.transaction((connection) => {
      connection.run('CREATE TABLE scratch (x TEXT)');
      for (let index = 0; index < 200; index += 1)
        connection.run('INSERT INTO scratch (x) VALUES (?)', [row]);
    });
    await waitFor(
      async () => (await settings()).prisma === FALLBACK_AUTOCHECKPOINT_PAGES,
      'the helper to take the checkpoints',
    );
    expect(await settings()).toEqual({
      prisma: FALLBACK_AUTOCHECKPOINT_PAGES,
      direct: FALLBACK_AUTOCHECKPOINT_PAGES,
    });
  });
});
