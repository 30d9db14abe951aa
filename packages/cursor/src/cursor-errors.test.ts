import { createHmac } from 'node:crypto';
import { ScmError } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, invalidCursorReason } from './cursor-codec.js';
import { hashScope } from './scope-hash.js';
import { SECRET_A, SECRET_B, baseScope } from './test-helpers.js';

const clock = { now: () => Date.UTC(2026, 0, 1) };
const codec = createCursorCodec({ keys: { current: { id: 'a', secret: SECRET_A } }, clock });
const other = createCursorCodec({ keys: { current: { id: 'a', secret: SECRET_B } }, clock });

/** The INVALID_CURSOR error decode throws (fails the test when it returns or throws another). */
function refusal(cursor: string, scope = baseScope): ScmError {
  try {
    codec.decode(cursor, scope);
  } catch (error) {
    if (ScmError.isInstance(error) && error.code === 'INVALID_CURSOR') return error;
    throw error;
  }
  throw new Error('decode accepted the cursor');
}

describe('why a cursor is refused: one reason and one message per mistake', () => {
  const cursor = codec.encode('page-2', baseScope);

  it('a tampered payload or a cursor signed elsewhere: bad_signature', () => {
    const [payload = '', signature = ''] = cursor.split('.');
    const flipped = `${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}`;
    for (const forged of [`${flipped}.${signature}`, other.encode('page-2', baseScope)]) {
      const error = refusal(forged);
      expect(invalidCursorReason(error)).toBe('bad_signature');
      expect(error.message).toMatch(/^cursor was altered or was not issued by this API/);
      expect(error.message).toMatch(/unchanged|exactly as it was returned/);
    }
  });

  it('the same listing with another limit: names both limits and the fix', () => {
    const error = refusal(cursor, { ...baseScope, limit: 50 });
    expect(invalidCursorReason(error)).toBe('limit');
    expect(error.message).toBe(
      'cursor was issued for limit=30, but this request has limit=50. Send limit=30 with it (the limit of the request that returned it), or leave cursor out to start again with limit=50.',
    );
  });

  it('another endpoint, provider or repository: endpoint', () => {
    for (const scope of [
      { ...baseScope, endpoint: 'repos.commits.list' },
      { ...baseScope, repo: 'octo/other' },
      { ...baseScope, provider: 'gitlab' },
      // Another listing with another limit too: the listing is the mistake to name first.
      { ...baseScope, repo: 'octo/other', limit: 5 },
    ]) {
      const error = refusal(cursor, scope);
      expect(invalidCursorReason(error)).toBe('endpoint');
      expect(error.message).toMatch(/^cursor belongs to another listing/);
    }
  });

  it('other filters or another caller: scope', () => {
    for (const scope of [
      { ...baseScope, filters: { ...baseScope.filters, state: 'closed' } },
      { ...baseScope, principal: 'auth_456' },
    ]) {
      const error = refusal(cursor, scope);
      expect(invalidCursorReason(error)).toBe('scope');
      expect(error.message).toMatch(/^cursor was issued for other query parameters/);
    }
  });

  it('a raw page number: page_number', () => {
    for (const page of ['2', '0', '100']) {
      const error = refusal(page);
      expect(invalidCursorReason(error)).toBe('page_number');
      expect(error.message).toMatch(
        /^cursor is a page number, but this API pages with opaque cursors/,
      );
    }
  });

  it('anything else that is not a cursor: malformed, empty or too_long', () => {
    expect(invalidCursorReason(refusal('not-a-cursor'))).toBe('malformed');
    expect(invalidCursorReason(refusal('2.5'))).toBe('malformed');
    expect(invalidCursorReason(refusal(''))).toBe('empty');
    expect(invalidCursorReason(refusal('a'.repeat(5000)))).toBe('too_long');
  });

  it('every reason has its own message, and none repeats the cursor', () => {
    const cases = [
      refusal(cursor.slice(0, -1)),
      refusal(other.encode('page-2', baseScope)),
      refusal(cursor, { ...baseScope, limit: 50 }),
      refusal(cursor, { ...baseScope, endpoint: 'e' }),
      refusal(cursor, { ...baseScope, principal: 'p' }),
      refusal('7'),
    ];
    expect(new Set(cases.map((error) => error.message)).size).toBe(cases.length);
    for (const error of cases) {
      expect(error.message).not.toContain(cursor.slice(0, 20));
      expect(error.message).not.toBe('The provided pagination cursor is invalid.');
    }
  });

  it('writes the limit and a short listing hash into the (signed) payload', () => {
    const fresh = codec.encode('t', baseScope);
    const [payloadPart = ''] = fresh.split('.');
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ l: 30, r: expect.any(String) as string });
    expect(invalidCursorReason(new Error('x'))).toBeUndefined();
  });

  it('a cursor minted before limit and listing were in the payload still decodes; a mismatch says scope', () => {
    const payloadPart = Buffer.from(
      JSON.stringify({ v: 1, kid: 'a', t: 'old', exp: 2_000_000_000, s: hashScope(baseScope) }),
    ).toString('base64url');
    const signature = createHmac('sha256', SECRET_A).update(payloadPart).digest('base64url');
    const legacy = `${payloadPart}.${signature}`;
    expect(codec.decode(legacy, baseScope)).toBe('old');
    expect(invalidCursorReason(refusal(legacy, { ...baseScope, limit: 50 }))).toBe('scope');
  });
});
