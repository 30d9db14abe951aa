import { describe, expect, it } from 'vitest';
import { signHmacSha256, verifyHmacSignature } from './hmac.js';

// docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const SECRET = "It's a Secret to Everybody";
const BODY = 'Hello, World!';
const SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('signHmacSha256', () => {
  it('matches GitHub’s documented vector', () => {
    expect(signHmacSha256(SECRET, BODY)).toBe(SIGNATURE);
    expect(signHmacSha256(SECRET, new TextEncoder().encode(BODY))).toBe(SIGNATURE);
  });
});

describe('verifyHmacSignature', () => {
  it('accepts GitHub’s documented vector, as string or bytes', () => {
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: SIGNATURE })).toEqual({
      ok: true,
    });
    expect(
      verifyHmacSignature({
        secrets: [SECRET],
        body: Buffer.from(BODY),
        signature: SIGNATURE.toUpperCase().replace('SHA256=', 'sha256='),
      }),
    ).toEqual({ ok: true });
  });

  it('rejects a one-byte change to the body, the signature or the secret', () => {
    const invalid = { ok: false, reason: 'invalid_signature' };
    expect(
      verifyHmacSignature({ secrets: [SECRET], body: 'Hello, World?', signature: SIGNATURE }),
    ).toEqual(invalid);
    const flipped = `${SIGNATURE.slice(0, -1)}${SIGNATURE.endsWith('7') ? '8' : '7'}`;
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: flipped })).toEqual(
      invalid,
    );
    expect(
      verifyHmacSignature({ secrets: [`${SECRET}.`], body: BODY, signature: SIGNATURE }),
    ).toEqual(invalid);
    expect(
      verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: SIGNATURE.slice(0, -1) }),
    ).toEqual(invalid);
    expect(
      verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: SIGNATURE.slice(7) }),
    ).toEqual(invalid);
  });

  it('accepts any of several secrets (rotation)', () => {
    expect(
      verifyHmacSignature({ secrets: ['old-secret', SECRET], body: BODY, signature: SIGNATURE }),
    ).toEqual({ ok: true });
    expect(
      verifyHmacSignature({ secrets: [SECRET, 'next-secret'], body: BODY, signature: SIGNATURE }),
    ).toEqual({ ok: true });
  });

  it('reports a missing signature and a missing secret', () => {
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: '' })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: null })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifyHmacSignature({ secrets: [], body: BODY, signature: SIGNATURE })).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
    expect(verifyHmacSignature({ secrets: [''], body: BODY, signature: SIGNATURE })).toEqual({
      ok: false,
      reason: 'no_secret_configured',
    });
  });

  it('supports sha1 and a custom prefix', () => {
    const sha1 = 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59';
    expect(
      verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: sha1, algorithm: 'sha1' }),
    ).toEqual({ ok: true });
    expect(verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: sha1 })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    const bare = SIGNATURE.slice('sha256='.length);
    expect(
      verifyHmacSignature({ secrets: [SECRET], body: BODY, signature: bare, prefix: '' }),
    ).toEqual({ ok: true });
  });
});
