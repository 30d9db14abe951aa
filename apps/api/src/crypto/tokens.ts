import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes for ids, drawn from a pool refilled 4 KiB at once: one RNG call per ~340 ids instead
 * of one per id (a `randomBytes` call costs ~6 µs: a call into OpenSSL and a syscall; from the pool
 * ~0.2 µs): a usage row and a request id on every read, an event, its deliveries and a job per
 * webhook. No byte is used twice. Not for secrets (`newSecret` draws its own): an id is
 * unguessable, but it is not a credential.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `bytes` random bytes from the pool, as base64url. */
export function randomIdText(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  offset += bytes;
  return pool.toString('base64url', offset - bytes, offset);
}

/** A readable, unguessable id: `conn_3f9k…` (base64url of 96 random bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomIdText(12)}`;
}

/**
 * An id for a row of an append-mostly table (usage rows, webhook events and deliveries, jobs:
 * `use_0miq3k2x1Q7…`): the time in milliseconds (base 36, nine
 * characters, so ids sort as text in the order they were made) and 72 random bits. A random id
 * lands each row of a batch on a different leaf of the primary-key index, so a 200-row batch
 * rewrote ~200 index pages; time-ordered ids append to the last one (`pnpm bench usage-log`: a
 * row cost 36 µs of CPU on SQLite with random ids, 10 with these, at 200,000 rows; issue #21).
 * Not for ids whose creation time is private.
 */
export function newTimeOrderedId(prefix: string, now: number = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomIdText(9)}`;
}

/** A bearer secret: `sggat_<43 chars>` (256 bits). Only its hash is ever stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a high-entropy secret (access tokens, session tokens, codes, client secrets). A slow
 * password hash buys nothing for 256 random bits and would cost a scrypt on every request.
 */
export function hashSecret(secret: string): string {
  // The one-shot `hash` (Node ≥ 20.12): ~0.25 µs against ~0.9 µs for createHash's three calls, on
  // every authenticated request.
  return hash('sha256', secret, 'hex');
}

/** Constant-time string equality (lengths are compared on digests, so they leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'));
}
