import { describe, expect, it } from 'vitest';
import { createGitHubWebhooks } from '../github-webhooks.js';

// GitHub's documented test vector for X-Hub-Signature-256:
// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const SECRET = "It's a Secret to Everybody";
const BODY = 'Hello, World!';
const SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

const webhooks = createGitHubWebhooks({ secrets: [SECRET] });
const verify = (body: string | Uint8Array, signature: string) =>
  webhooks.verify({ headers: { 'X-Hub-Signature-256': signature }, rawBody: body });

/** `text` with the character at `index` replaced by the next code point. */
function flip(text: string, index: number): string {
  return (
    text.slice(0, index) + String.fromCharCode(text.charCodeAt(index) + 1) + text.slice(index + 1)
  );
}

describe("GitHub's documented signature vector", () => {
  it('verifies, as text and as bytes', async () => {
    expect(await verify(BODY, SIGNATURE)).toEqual({ ok: true });
    expect(await verify(new TextEncoder().encode(BODY), SIGNATURE)).toEqual({ ok: true });
  });

  it('fails after a one-byte change anywhere in the body', async () => {
    for (let i = 0; i < BODY.length; i += 1)
      expect(await verify(flip(BODY, i), SIGNATURE), `body byte ${String(i)}`).toEqual({
        ok: false,
        reason: 'invalid_signature',
      });
  });

  it('fails after a one-byte change anywhere in the signature digest', async () => {
    const prefix = 'sha256='.length;
    for (let i = prefix; i < SIGNATURE.length; i += 1) {
      // Keep it a hex digit so only the value, not the format, is wrong.
      const c = SIGNATURE[i] ?? '';
      const changed = SIGNATURE.slice(0, i) + (c === '0' ? '1' : '0') + SIGNATURE.slice(i + 1);
      expect(await verify(BODY, changed), `signature byte ${String(i)}`).toEqual({
        ok: false,
        reason: 'invalid_signature',
      });
    }
  });

  it('fails with a truncated, extended or unprefixed signature, and with a different secret', async () => {
    const invalid = { ok: false, reason: 'invalid_signature' };
    expect(await verify(BODY, SIGNATURE.slice(0, -1))).toEqual(invalid);
    expect(await verify(BODY, `${SIGNATURE}0`)).toEqual(invalid);
    expect(await verify(BODY, SIGNATURE.slice('sha256='.length))).toEqual(invalid);
    const other = createGitHubWebhooks({ secrets: [`${SECRET} `] });
    expect(
      await other.verify({ headers: { 'x-hub-signature-256': SIGNATURE }, rawBody: BODY }),
    ).toEqual(invalid);
  });
});
