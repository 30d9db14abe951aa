import { createHash, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../provider.js';

export interface VerifySharedTokenOptions {
  /** Every token currently accepted; several while one is being rotated out. Empty ones are ignored. */
  secrets: readonly string[];
  token: string | undefined | null;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Verifies a plain shared token such as GitLab's `X-Gitlab-Token`
 * (docs.gitlab.com/user/project/integrations/webhooks/#secret-token). Both sides are hashed first,
 * so the comparison takes the same time whatever the lengths.
 */
export function verifySharedToken(options: VerifySharedTokenOptions): VerifyResult {
  const secrets = options.secrets.filter((secret) => secret !== '');
  if (secrets.length === 0) return { ok: false, reason: 'no_secret_configured' };
  if (options.token === undefined || options.token === null || options.token === '') {
    return { ok: false, reason: 'missing_signature' };
  }
  const received = digest(options.token);
  let matched = false;
  for (const secret of secrets) {
    if (timingSafeEqual(digest(secret), received)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'invalid_signature' };
}
