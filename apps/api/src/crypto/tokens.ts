import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A readable, unguessable id: `conn_3f9k…` (Crockford-free base32 of 96 random bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
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
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time string equality (lengths are compared on digests, so they leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
