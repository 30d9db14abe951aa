import { createHmac, timingSafeEqual } from 'node:crypto';

/** A small signed, expiring JSON value for cookies and form fields: `payload.mac`, base64url. */
export interface Signer {
  sign(value: Record<string, unknown>, ttlSeconds: number): string;
  /** The value, or null when tampered, expired or malformed. Callers check its fields. */
  verify(token: string | undefined): Record<string, unknown> | null;
}

export function createSigner(key: Buffer, now: () => number = Date.now): Signer {
  const mac = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();
  return {
    sign(value, ttlSeconds) {
      const payload = Buffer.from(
        JSON.stringify({ ...value, exp: Math.floor(now() / 1000) + ttlSeconds }),
      ).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token: string | undefined): Record<string, unknown> | null {
      if (token === undefined || token.length > 4096) return null;
      const [payload, signature] = token.split('.');
      if (payload === undefined || signature === undefined) return null;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        if (typeof value.exp !== 'number' || value.exp * 1000 < now()) return null;
        return value;
      } catch {
        return null;
      }
    },
  };
}
