// Node's base64url decoder is lenient: it skips characters outside the alphabet and ignores the
// unused low bits of the last character, so several strings decode to the same bytes. A signed
// cursor must have exactly one spelling, otherwise a mutated cursor could still verify.

/** Decodes canonical, unpadded base64url; returns undefined for any other spelling. */
export function decodeBase64UrlStrict(text: string): Buffer | undefined {
  // No alphabet check needed: the encoder only emits [A-Za-z0-9_-] without padding, so any other
  // character (`=`, `+`, `/`, whitespace, which the decoder accepts or skips) fails the comparison.
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function encodeBase64Url(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString(
    'base64url',
  );
}
