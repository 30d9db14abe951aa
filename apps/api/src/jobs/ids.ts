import { randomFillSync } from 'node:crypto';

// Ids of jobs, inbound events and their deliveries: the same shape as crypto/tokens.ts's newId
// (`<prefix>_` and 12 random bytes in base64url), the bytes taken from a pool refilled from the
// CSPRNG 4 KB at a time. A `randomBytes(12)` per id costs ~6 µs (a call into OpenSSL, and a
// syscall, each time), ~0.2 µs from the pool; an inbound delivery with fan-out makes three (#16).
// No byte is used twice.

const ID_BYTES = 12;
const pool = Buffer.alloc(4096 - (4096 % ID_BYTES));
let offset = pool.length;

export function newPooledId(prefix: string): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = `${prefix}_${pool.toString('base64url', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}
