import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockSqliteFile, SqliteInUseError } from './sqlite-lock.js';

const LOADER = fileURLToPath(new URL('../../scripts/ts-loader.mjs', import.meta.url));
const MODULE = new URL('./sqlite-lock.ts', import.meta.url).href;

/**
 * A gateway's start, as far as the lock goes: a process that claims `file` at `at` (ms since the
 * epoch, so several start together), holds it `holdMs`, and says what happened.
 */
function claimer(file: string, at: number, holdMs: number): Promise<string> {
  const script = `
    import { lockSqliteFile } from ${JSON.stringify(MODULE)};
    while (Date.now() < ${at});
    try {
      const release = lockSqliteFile(${JSON.stringify(file)});
      console.log('claimed ' + process.pid);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
      release();
    } catch (error) {
      console.log(error.name === 'SqliteInUseError' ? 'refused ' + error.pid : 'failed ' + error.message);
    }
  `;
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [
      '--import',
      LOADER,
      '--input-type=module',
      '-e',
      script,
    ]);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', () => {
      resolve(output.trim());
    });
  });
}

describe('lockSqliteFile: one gateway process per SQLite file', () => {
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('six gateways starting at once on a file a killed one left locked: one claims it, five are refused naming it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-lock-'));
    const file = join(dir, 'gateway.db');
    writeFileSync(`${file}.lock`, '999999999');
    const at = Date.now() + 3_000;
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => claimer(file, at, 1_500)));
    const claimed = outcomes.filter((outcome) => outcome.startsWith('claimed '));
    expect(claimed, outcomes.join('\n')).toHaveLength(1);
    const winner = claimed[0]!.slice('claimed '.length);
    expect(outcomes.filter((outcome) => outcome !== claimed[0])).toEqual(
      Array.from({ length: 5 }, () => `refused ${winner}`),
    );
    // Released on the way out; the helper files are gone too.
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock.takeover`)).toBe(false);
  });

  it("refuses a running process's lock and keeps it; a garbled lock is stale", () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-lock-'));
    const file = join(dir, 'x.db');
    writeFileSync(`${file}.lock`, String(process.ppid));
    expect(() => lockSqliteFile(file)).toThrow(SqliteInUseError);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.ppid));
    writeFileSync(`${file}.lock`, 'not a pid');
    const release = lockSqliteFile(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    expect(existsSync(`${file}.lock.${process.pid}`)).toBe(false);
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("removes the pid files of processes killed mid-claim, and keeps a running process's", () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-lock-'));
    const file = join(dir, 'x.db');
    // What a process killed between writing its pid file and linking it leaves behind.
    writeFileSync(`${file}.lock.999999999`, '999999999');
    // Another gateway mid-claim (running: the test's parent process).
    writeFileSync(`${file}.lock.${String(process.ppid)}`, String(process.ppid));
    writeFileSync(join(dir, 'other.db.lock.999999998'), '999999998');
    const release = lockSqliteFile(file);
    expect(existsSync(`${file}.lock.999999999`)).toBe(false);
    expect(existsSync(`${file}.lock.${String(process.ppid)}`)).toBe(true);
    // Another database's files are not this lock's business.
    expect(existsSync(join(dir, 'other.db.lock.999999998'))).toBe(true);
    release();
  });

  it('a takeover in progress in another process (its guard) is waited for, not raced', () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-lock-'));
    const file = join(dir, 'x.db');
    const guard = `${file}.lock.takeover`;
    writeFileSync(`${file}.lock`, '999999999');
    mkdirSync(guard);
    expect(() => lockSqliteFile(file)).toThrow(
      'other processes keep claiming it or taking it over',
    );
    // Not removed behind the other process's back.
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe('999999999');
    // A guard 10 s old was left by a process killed during its takeover.
    const past = new Date(Date.now() - 11_000);
    utimesSync(guard, past, past);
    const release = lockSqliteFile(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    expect(existsSync(guard)).toBe(false);
    release();
  });
});
