// A lock between the processes of one machine: a directory (mkdir is atomic: one creator wins)
// holding its owner's pid. `pnpm test` starts build, typecheck, lint and test side by side, and
// each runs prisma-generate.mjs, which holds this lock while it writes the Prisma clients.
//
// A lock whose owner is gone (killed by SIGKILL or a CI timeout: no handler runs) is taken over.
// The takeover is serialised by a second directory, and the owner is checked again under it, so
// two waiters that found the same dead owner never both remove the lock: the second would remove
// the lock the first had just taken.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const OWNER = 'owner';
// mkdir and writing the owner's pid are two steps: a lock without a pid this old lost its owner
// between them. A takeover takes milliseconds: a guard this old was left by a killed waiter.
const UNOWNED_MS = 10_000;
// No holder keeps the lock this long (a generate takes seconds): the pid was reused.
const ABANDONED_MS = 600_000;

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ageMs(path) {
  return Date.now() - statSync(path).mtimeMs;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return error.code === 'EPERM';
  }
}

/** The lock's owner pid, or null when it has none yet; throws ENOENT when there is no lock. */
function ownerOf(lock) {
  try {
    const pid = Number.parseInt(readFileSync(join(lock, OWNER), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    statSync(lock); // no lock at all: ENOENT goes up
    return null;
  }
}

/** Whether the lock is held by no one alive (false when there is no lock: the next mkdir decides). */
function abandoned(lock) {
  try {
    const pid = ownerOf(lock);
    if (pid === null) return ageMs(lock) > UNOWNED_MS;
    return !alive(pid) || ageMs(lock) > ABANDONED_MS;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
}

/** Removes an abandoned lock, one waiter at a time. */
function takeOver(lock) {
  const guard = `${lock}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    try {
      if (ageMs(guard) > UNOWNED_MS) rmSync(guard, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    return;
  }
  try {
    // Checked again under the guard: another waiter may have taken over and taken the lock since.
    if (abandoned(lock)) rmSync(lock, { recursive: true, force: true });
  } finally {
    rmSync(guard, { recursive: true, force: true });
  }
}

/**
 * Waits for the lock (polling every `pollMs`) and answers its release. Throws after `giveUpMs`
 * with a message naming the holder.
 */
export function acquireDirLock(lock, { giveUpMs = 300_000, pollMs = 100 } = {}) {
  mkdirSync(dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, OWNER), `${process.pid}\n`);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (abandoned(lock)) {
      takeOver(lock);
      continue;
    }
    if (Date.now() - started > giveUpMs) {
      let holder = 'another run';
      try {
        holder = `process ${ownerOf(lock) ?? '(unknown)'}`;
      } catch {
        // released just now
      }
      throw new Error(`${lock} is held by ${holder}; remove it if that process is not running.`);
    }
    sleep(pollMs);
  }
}
