import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

/** What an access token the simulator issued stands for. */
export interface IssuedToken {
  kind: 'personal' | 'oauth' | 'installation';
  scopes: readonly string[];
  /** Epoch ms; null when it never expires. */
  expiresAt: number | null;
  installationId?: number;
}

export interface GitHubAppIdentity {
  id: number;
  slug: string;
  clientId: string;
  clientSecret: string;
  /** PKCS#1 PEM, as GitHub hands out for an app's private key. */
  privateKey: string;
  publicKey: KeyObject;
}

/** A fresh RSA key pair per app: nothing secret lives in the repository. */
export function createAppIdentity(
  id: number,
  slug = 'scm-gateway-sim',
  clientId = `Iv1.${randomBytes(8).toString('hex')}`,
): GitHubAppIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    id,
    slug,
    clientId,
    clientSecret: randomBytes(20).toString('hex'),
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey,
  };
}

export function newToken(prefix: 'ghp' | 'gho' | 'ghu' | 'ghr' | 'ghs'): string {
  return `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** `Authorization: token X`, `Bearer X` (any case): the credential, or undefined. */
export function credentialOf(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  return match?.[1];
}

export type JwtCheck = { ok: true } | { ok: false; message: string };

/** The unverified `iss` claim of a JWT, to find the app whose key must verify it. */
export function jwtIssuer(jwt: string): unknown {
  const payload = jwt.split('.')[1];
  return payload === undefined ? undefined : decodeJson(payload)?.iss;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an app JWT the way GitHub documents it: RS256 over the app's public key, `iss` the
 * app id (or client id), `iat` not in the future (60 s leeway), `exp` after now and at most 10
 * minutes after `iat`.
 * https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 */
export function verifyAppJwt(jwt: string, app: GitHubAppIdentity, nowMs: number): JwtCheck {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, message: 'A JSON web token could not be decoded' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (header === undefined || payload === undefined)
    return { ok: false, message: 'A JSON web token could not be decoded' };
  if (header.alg !== 'RS256') return { ok: false, message: "'alg' must be RS256" };
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    app.publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed)
    return {
      ok: false,
      message: "A JSON web token could not be decoded (the signature does not match the app's key)",
    };
  const now = Math.floor(nowMs / 1000);
  const { iss, iat, exp } = payload;
  if (String(iss) !== String(app.id) && iss !== app.clientId)
    return { ok: false, message: "'Issuer' claim ('iss') must be an Integer" };
  if (typeof iat !== 'number' || iat > now + 60)
    return {
      ok: false,
      message: "'Issued at' claim ('iat') must be an Integer representing a time in the past",
    };
  if (typeof exp !== 'number' || exp <= now)
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  if (exp - iat > 600)
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true };
}
