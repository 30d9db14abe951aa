import { createHash } from 'node:crypto';

/** A PKCE challenge as an authorization request carried it (RFC 7636 §4.3). */
export interface PkceChallenge {
  challenge: string;
  method: 'S256' | 'plain';
}

/**
 * Reads `code_challenge` / `code_challenge_method` of an authorization request: null when there is
 * no challenge, an error text when it is malformed (RFC 7636 §4.2: 43–128 unreserved characters;
 * the method defaults to `plain`). `methods` lists what the provider accepts.
 */
export function readPkceChallenge(
  query: Readonly<Record<string, string | undefined>>,
  methods: readonly ('S256' | 'plain')[] = ['S256', 'plain'],
): PkceChallenge | null | { error: string } {
  const challenge = query.code_challenge;
  if (challenge === undefined) return null;
  const method = query.code_challenge_method ?? 'plain';
  if (method !== 'S256' && method !== 'plain')
    return { error: 'code_challenge_method is not supported' };
  if (!methods.includes(method))
    return { error: `code_challenge_method ${method} is not supported` };
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return { error: 'code_challenge is malformed' };
  return { challenge, method };
}

/** Whether the token request's `code_verifier` answers the challenge (RFC 7636 §4.6). */
export function pkceMatches(expected: PkceChallenge, verifier: string | null | undefined): boolean {
  if (typeof verifier !== 'string' || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed =
    expected.method === 'S256'
      ? createHash('sha256').update(verifier, 'ascii').digest('base64url')
      : verifier;
  return computed === expected.challenge;
}
