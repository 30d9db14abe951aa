import { createHash } from 'node:crypto';

// OpenSSH public keys as providers list them (`ssh-ed25519 AAAA… comment`): the key blob is the
// base64 field, and both fingerprints are digests of that blob — MD5 as colon-separated hex pairs
// (`ssh-keygen -E md5 -lf`, the form Scalingo shows) and SHA-256 as `SHA256:` + unpadded base64.

export interface SshKeyFingerprints {
  /** The key line as given, trimmed. */
  content: string;
  md5: string;
  sha256: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The blob's first field: a length-prefixed key type that must match the line's. */
function blobType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** Fingerprints of an OpenSSH public key line; null when it is not one. */
export function fingerprintsOf(line: string): SshKeyFingerprints | null {
  const [type, body] = line.trim().split(/\s+/);
  if (type === undefined || body === undefined || !BASE64.test(body)) return null;
  const blob = Buffer.from(body, 'base64');
  if (blobType(blob) !== type) return null;
  const md5 = createHash('md5').update(blob).digest('hex');
  return {
    content: line.trim(),
    md5: md5.replace(/(..)(?!$)/g, '$1:'),
    sha256: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
  };
}
