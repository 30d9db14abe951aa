import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock } from './dir-lock.mjs';

const MODULE = new URL('./dir-lock.mjs', import.meta.url).href;

/** A process that takes the lock, holds it `holdMs`, and notes when it held it in `journal`. */
function holder(lock: string, journal: string, holdMs: number): Promise<number | null> {
  const script = `
    import { appendFileSync } from 'node:fs';
    import { acquireDirLock } from ${JSON.stringify(MODULE)};
    const release = acquireDirLock(${JSON.stringify(lock)}, { pollMs: 10, giveUpMs: 20000 });
    const from = Date.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
    appendFileSync(${JSON.stringify(journal)}, from + ' ' + Date.now() + '\\n');
    release();
  `;
  return new Promise((resolve) => {
    spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on(
      'exit',
      resolve,
    );
  });
}

/** The periods the holders held the lock, sorted. */
function periods(journal: string): [number, number][] {
  return readFileSync(journal, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

describe('acquireDirLock (scripts/prisma-generate.mjs holds it while it writes the clients)', () => {
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('six processes racing for a lock its killed owner left: one holder at a time, all served', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dir-lock-'));
    const lock = join(dir, '.lock');
    const journal = join(dir, 'journal');
    // The owner is killed while it holds the lock: nothing releases it.
    const killed = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { acquireDirLock } from ${JSON.stringify(MODULE)};
         acquireDirLock(${JSON.stringify(lock)});
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { stdio: 'inherit' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(Number(readFileSync(join(lock, 'owner'), 'utf8'))).toBe(killed.pid);

    const exits = await Promise.all(Array.from({ length: 6 }, () => holder(lock, journal, 60)));
    expect(exits).toEqual([0, 0, 0, 0, 0, 0]);
    const held = periods(journal);
    expect(held).toHaveLength(6);
    for (let i = 1; i < held.length; i++)
      expect(
        held[i]![0],
        `holder ${i} started before holder ${i - 1} released`,
      ).toBeGreaterThanOrEqual(held[i - 1]![1]);
  });

  it('a live owner keeps its lock: the waiter gives up, naming it', () => {
    dir = mkdtempSync(join(tmpdir(), 'dir-lock-'));
    const lock = join(dir, '.lock');
    const release = acquireDirLock(lock);
    try {
      expect(() => acquireDirLock(lock, { giveUpMs: 200, pollMs: 20 })).toThrow(
        `${lock} is held by process ${process.pid}; remove it if that process is not running.`,
      );
    } finally {
      release();
    }
    // Released: the next one gets it at once.
    acquireDirLock(lock, { giveUpMs: 0 })();
  });

  it('a lock without an owner (left between mkdir and the pid) is taken once it is 10 s old', () => {
    dir = mkdtempSync(join(tmpdir(), 'dir-lock-'));
    const lock = join(dir, '.lock');
    mkdirSync(lock);
    expect(() => acquireDirLock(lock, { giveUpMs: 100, pollMs: 20 })).toThrow(
      'is held by process (unknown)',
    );
    const past = new Date(Date.now() - 11_000);
    utimesSync(lock, past, past);
    const release = acquireDirLock(lock, { giveUpMs: 100 });
    expect(Number(readFileSync(join(lock, 'owner'), 'utf8'))).toBe(process.pid);
    release();
  });

  it('an owner pid that is not a process any more is gone at once; a garbled one waits for the age', () => {
    dir = mkdtempSync(join(tmpdir(), 'dir-lock-'));
    const lock = join(dir, '.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), 'not a pid\n');
    expect(() => acquireDirLock(lock, { giveUpMs: 100, pollMs: 20 })).toThrow('(unknown)');
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(lock, 'owner'), `${exited}\n`);
    acquireDirLock(lock, { giveUpMs: 0 })();
  });
});
