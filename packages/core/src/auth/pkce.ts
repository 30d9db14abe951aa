import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): the verifier stays with the client, the challenge goes in the authorize URL. */
export interface PkcePair {
  /** 43 characters of base64url (32 random bytes), within RFC 7636 §4.1's 43–128 unreserved characters. */
  verifier: string;
  /** BASE64URL(SHA256(verifier)), sent with `code_challenge_method=S256`. */
  challenge: string;
  method: 'S256';
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
