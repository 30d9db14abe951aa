import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { gatewayBusy } from '../http/errors.js';
import { createSlots } from '../slots.js';

// scrypt from node:crypto (no native dependency): N=2^15, r=8, p=1 is OWASP's floor for scrypt.
const PARAMS: ScryptOptions = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, PARAMS, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export interface PasswordHasher {
  /** `scrypt$N$r$p$salt$hash`, all base64url. */
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export interface PasswordHashingLimits {
  /** scrypt calls running at once. */
  concurrency: number;
  /** Calls that may wait for a slot; one more is refused with RATE_LIMITED (retry after 1 s). */
  queue: number;
}

/**
 * Password hashing with a bound on concurrent scrypt calls. Each call holds one of libuv's four
 * pool threads and 32 MiB for ~50 ms: unbounded, a burst of logins takes the whole pool (and the
 * CPUs) from every other request. At most `concurrency` run; `queue` more wait in order; beyond
 * that the request is refused at once instead of piling up.
 */
export function createPasswordHasher(limits: PasswordHashingLimits): PasswordHasher {
  const withSlot = createSlots({
    concurrency: limits.concurrency,
    queue: limits.queue,
    refuse: () => gatewayBusy('The gateway is busy checking passwords; retry in a moment.'),
  });

  return {
    hash: (password) =>
      withSlot(async () => {
        const salt = randomBytes(16);
        const key = await derive(password, salt);
        return [
          'scrypt',
          PARAMS.N,
          PARAMS.r,
          PARAMS.p,
          salt.toString('base64url'),
          key.toString('base64url'),
        ].join('$');
      }),
    verify: async (password, stored) => {
      const [scheme, , , , salt, hash] = stored.split('$');
      if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
      const expected = Buffer.from(hash, 'base64url');
      const actual = await withSlot(() => derive(password, Buffer.from(salt, 'base64url')));
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
