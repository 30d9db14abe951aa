import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../provider.js';

export type HmacAlgorithm = 'sha256' | 'sha1';

/** `sha256=<hex>`, as GitHub's `X-Hub-Signature-256` and Bitbucket's `X-Hub-Signature` carry it. */
export function signHmacSha256(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface VerifyHmacOptions {
  /** Every secret currently accepted; several while one is being rotated out. Empty ones are ignored. */
  secrets: readonly string[];
  /** The body exactly as received: re-serialised JSON would not match. */
  body: string | Uint8Array;
  signature: string | undefined | null;
  /** Default `sha256`. `sha1` only for senders that offer nothing better (GitHub's legacy `X-Hub-Signature`). */
  algorithm?: HmacAlgorithm;
  /** What precedes the hex digest. Default `<algorithm>=`. */
  prefix?: string;
}

/**
 * Verifies an HMAC signature header in constant time (docs.github.com/webhooks/using-webhooks/
 * validating-webhook-deliveries). A missing secret is reported before a missing signature: the
 * first is the receiver's misconfiguration, and no delivery could pass without it.
 */
export function verifyHmacSignature(options: VerifyHmacOptions): VerifyResult {
  const secrets = options.secrets.filter((secret) => secret !== '');
  if (secrets.length === 0) return { ok: false, reason: 'no_secret_configured' };
  const signature = options.signature?.trim();
  if (signature === undefined || signature === '')
    return { ok: false, reason: 'missing_signature' };
  const algorithm = options.algorithm ?? 'sha256';
  const prefix = options.prefix ?? `${algorithm}=`;
  if (!signature.startsWith(prefix)) return { ok: false, reason: 'invalid_signature' };
  const received = Buffer.from(signature.slice(prefix.length).toLowerCase(), 'utf8');
  let matched = false;
  // Every secret is tried, so the time taken does not reveal which one matched.
  for (const secret of secrets) {
    const expected = Buffer.from(
      createHmac(algorithm, secret).update(options.body).digest('hex'),
      'utf8',
    );
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}
