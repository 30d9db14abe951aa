import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_CURSOR_LENGTH,
  createCursorCodec,
  decodeCursor,
  encodeCursor,
  type CursorKeyRing,
} from './cursor-codec.js';
import type { CursorScope, ScopeValue } from './scope-hash.js';
import { SECRET_A, SECRET_B, baseScope, outcome } from './test-helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const fixedClock = (now: number) => ({ now: () => now });
const ringA: CursorKeyRing = { current: { id: 'a', secret: SECRET_A } };
const codecA = createCursorCodec({ keys: ringA, clock: fixedClock(T0) });

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MUTATION_CHARS = [...Array.from(BASE64URL), '.'];

/** A cursor whose payload is arbitrary JSON text, correctly signed with SECRET_A. */
function signRaw(json: string): string {
  const payloadPart = Buffer.from(json, 'utf8').toString('base64url');
  const mac = createHmac('sha256', SECRET_A).update(payloadPart).digest('base64url');
  return `${payloadPart}.${mac}`;
}

const scopeValue: fc.Arbitrary<ScopeValue> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const scopeArb: fc.Arbitrary<CursorScope> = fc.record({
  endpoint: fc.constantFrom('repos.list', 'repos.pulls.list', 'repos.commits.list'),
  provider: fc.constantFrom('github', 'gitlab', 'bitbucket'),
  repo: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  filters: fc.dictionary(
    fc.constantFrom('state', 'branch', 'ref', 'path', 'recursive', 'a', 'b'),
    scopeValue,
  ),
  limit: fc.integer({ min: 1, max: 100 }),
  principal: fc.string({ maxLength: 12 }),
});

/** Scope equality written independently of hashScope: undefined filters are absent, types count. */
function sameScope(a: CursorScope, b: CursorScope): boolean {
  const defined = (filters: CursorScope['filters']) =>
    Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const fa = defined(a.filters);
  const fb = defined(b.filters);
  return (
    a.endpoint === b.endpoint &&
    a.provider === b.provider &&
    a.repo === b.repo &&
    a.limit === b.limit &&
    a.principal === b.principal &&
    fa.length === fb.length &&
    fa.every(([key, value], i) => fb[i]?.[0] === key && Object.is(fb[i][1], value))
  );
}

/** A scope that differs from `scope` in exactly one field (or one filter). */
function variantOf(scope: CursorScope): fc.Arbitrary<CursorScope> {
  return fc.oneof(
    fc.string({ maxLength: 8 }).map((endpoint) => ({ ...scope, endpoint })),
    fc.string({ maxLength: 8 }).map((provider) => ({ ...scope, provider })),
    fc.option(fc.string({ maxLength: 12 }), { nil: undefined }).map((repo) => ({ ...scope, repo })),
    fc.integer({ min: 0, max: 1000 }).map((limit) => ({ ...scope, limit })),
    fc.string({ maxLength: 12 }).map((principal) => ({ ...scope, principal })),
    fc
      .tuple(
        fc.constantFrom('state', 'branch', 'ref', 'path', 'recursive', 'a', 'b', 'z'),
        scopeValue,
      )
      .map(([key, value]) => ({ ...scope, filters: { ...scope.filters, [key]: value } })),
  );
}

describe('round trip', () => {
  it('returns any token unchanged (unicode, lone surrogates, control characters)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), scopeArb, (token, scope) => {
        expect(codecA.decode(codecA.encode(token, scope), scope)).toBe(token);
      }),
    );
    for (const token of ['', '\uD800', '"\\\u0000', 'Ω≈ç√∫ 🎉 👩‍👩‍👧', 'x'.repeat(2800)]) {
      expect(codecA.decode(codecA.encode(token, baseScope), baseScope)).toBe(token);
    }
  });

  it('has the documented shape: base64url JSON payload, dot, 43-character MAC', () => {
    const cursor = codecA.encode('page-2', baseScope);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const payload = JSON.parse(
      Buffer.from(cursor.split('.')[0]!, 'base64url').toString(),
    ) as unknown;
    expect(payload).toMatchObject({ v: 1, kid: 'a', t: 'page-2', exp: T0 / 1000 + 3600 });
  });

  it('works through the one-shot functions', () => {
    const cursor = encodeCursor({ token: 't', scope: baseScope, keys: ringA });
    expect(decodeCursor(cursor, { scope: baseScope, keys: ringA })).toBe('t');
  });

  it('refuses to mint a cursor that decode would reject for its length', () => {
    expect(() => codecA.encode('x'.repeat(MAX_CURSOR_LENGTH), baseScope)).toThrow(RangeError);
  });
});

describe('tampering', () => {
  it('rejects every single-character mutation with INVALID_CURSOR', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), scopeArb, (token, scope) => {
        const cursor = codecA.encode(token, scope);
        const accepted: string[] = [];
        for (let i = 0; i < cursor.length; i++) {
          for (const char of MUTATION_CHARS) {
            if (char === cursor[i]) continue;
            const mutated = cursor.slice(0, i) + char + cursor.slice(i + 1);
            if (outcome(() => codecA.decode(mutated, scope)) !== 'INVALID_CURSOR')
              accepted.push(mutated);
          }
        }
        expect(accepted).toEqual([]);
      }),
      // Each run already tries every position × every alphabet character (~15k decodes), so a
      // few runs cover the space; more only slows CI's two shared cores.
      { numRuns: 3 },
    );
  }, 120_000);

  it('rejects truncation, extension and swapped signatures', () => {
    const cursor = codecA.encode('page-2', baseScope);
    const other = codecA.encode('page-3', baseScope);
    const [payload, mac] = cursor.split('.') as [string, string];
    const [otherPayload] = other.split('.') as [string];
    for (const bad of [
      cursor.slice(0, -1),
      cursor.slice(1),
      `${cursor}A`,
      `${cursor}=`,
      `${payload}=.${mac}`,
      `${otherPayload}.${mac}`,
      `${payload}.${mac.slice(0, -1)}`,
      `.${mac}`,
      `${payload}.`,
    ]) {
      expect(outcome(() => codecA.decode(bad, baseScope))).toBe('INVALID_CURSOR');
    }
  });

  it('rejects a correctly signed payload of the wrong shape or version', () => {
    const exp = T0 / 1000 + 60;
    const s = JSON.parse(
      Buffer.from(codecA.encode('', baseScope).split('.')[0]!, 'base64url').toString(),
    ) as {
      s: string;
    };
    const good = signRaw(JSON.stringify({ v: 1, kid: 'a', t: 'ok', exp, s: s.s }));
    expect(codecA.decode(good, baseScope)).toBe('ok');
    for (const json of [
      'not json',
      'null',
      '[]',
      '"string"',
      JSON.stringify({ v: 2, kid: 'a', t: 'x', exp, s: s.s }),
      JSON.stringify({ v: '1', kid: 'a', t: 'x', exp, s: s.s }),
      JSON.stringify({ v: 1, kid: 'a', t: 1, exp, s: s.s }),
      JSON.stringify({ v: 1, kid: 'a', t: 'x', exp: exp + 0.5, s: s.s }),
      JSON.stringify({ v: 1, kid: 'a', t: 'x', exp: String(exp), s: s.s }),
      JSON.stringify({ v: 1, kid: 'a', t: 'x', exp }),
      JSON.stringify({ v: 1, kid: 'b', t: 'x', exp, s: s.s }),
    ]) {
      expect(outcome(() => codecA.decode(signRaw(json), baseScope))).toBe('INVALID_CURSOR');
    }
  });
});

describe('scope binding', () => {
  it('rejects a cursor in any scope that differs in one field', () => {
    fc.assert(
      fc.property(
        scopeArb.chain((scope) => fc.tuple(fc.constant(scope), variantOf(scope))),
        ([minted, other]) => {
          const cursor = codecA.encode('next', minted);
          expect(outcome(() => codecA.decode(cursor, other))).toBe(
            sameScope(minted, other) ? 'OK' : 'INVALID_CURSOR',
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects a cursor in any other arbitrary scope', () => {
    fc.assert(
      fc.property(scopeArb, scopeArb, (minted, other) => {
        const cursor = codecA.encode('next', minted);
        expect(outcome(() => codecA.decode(cursor, other))).toBe(
          sameScope(minted, other) ? 'OK' : 'INVALID_CURSOR',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('treats "1" and 1, and packed separators, as different scopes', () => {
    const cursor = codecA.encode('n', { ...baseScope, filters: { page: '1' } });
    expect(outcome(() => codecA.decode(cursor, { ...baseScope, filters: { page: 1 } }))).toBe(
      'INVALID_CURSOR',
    );
    const packed = codecA.encode('n', { ...baseScope, filters: { a: 'b,c' } });
    expect(outcome(() => codecA.decode(packed, { ...baseScope, filters: { a: 'b', c: '' } }))).toBe(
      'INVALID_CURSOR',
    );
  });
});

describe('key rotation', () => {
  const cursorA = codecA.encode('next', baseScope);

  it('accepts a cursor signed by a key still listed as previous', () => {
    const rotated = createCursorCodec({
      keys: { current: { id: 'b', secret: SECRET_B }, previous: [{ id: 'a', secret: SECRET_A }] },
      clock: fixedClock(T0),
    });
    expect(rotated.decode(cursorA, baseScope)).toBe('next');
    const fresh = rotated.encode('next', baseScope);
    expect(outcome(() => codecA.decode(fresh, baseScope))).toBe('INVALID_CURSOR');
  });

  it('rejects a cursor whose key was rotated out', () => {
    const rotated = createCursorCodec({
      keys: { current: { id: 'b', secret: SECRET_B } },
      clock: fixedClock(T0),
    });
    expect(outcome(() => rotated.decode(cursorA, baseScope))).toBe('INVALID_CURSOR');
  });

  it('rejects a kid that does not name the key whose MAC matched', () => {
    const relabelled = createCursorCodec({
      keys: { current: { id: 'b', secret: SECRET_A } },
      clock: fixedClock(T0),
    });
    expect(outcome(() => relabelled.decode(cursorA, baseScope))).toBe('INVALID_CURSOR');
  });
});

describe('expiry', () => {
  it('expires exactly ttlSeconds after minting with CURSOR_EXPIRED', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 86_400 }),
        fc.integer({ min: 0, max: 200_000_000 }),
        (ttl, elapsedMs) => {
          let now = T0;
          const codec = createCursorCodec({
            keys: ringA,
            ttlSeconds: ttl,
            clock: { now: () => now },
          });
          const cursor = codec.encode('next', baseScope);
          now = T0 + elapsedMs;
          expect(outcome(() => codec.decode(cursor, baseScope))).toBe(
            elapsedMs < ttl * 1000 ? 'OK' : 'CURSOR_EXPIRED',
          );
        },
      ),
    );
  });

  it('defaults to one hour', () => {
    let now = T0;
    const codec = createCursorCodec({ keys: ringA, clock: { now: () => now } });
    const cursor = codec.encode('next', baseScope);
    now = T0 + 3_599_999;
    expect(codec.decode(cursor, baseScope)).toBe('next');
    now = T0 + 3_600_000;
    expect(outcome(() => codec.decode(cursor, baseScope))).toBe('CURSOR_EXPIRED');
  });

  it('reports a foreign scope as invalid even once expired', () => {
    const cursor = codecA.encode('next', baseScope);
    const later = createCursorCodec({ keys: ringA, clock: fixedClock(T0 + 10 * 3_600_000) });
    expect(outcome(() => later.decode(cursor, { ...baseScope, limit: 31 }))).toBe('INVALID_CURSOR');
  });
});

describe('hostile input', () => {
  it.each([
    ['empty', ''],
    ['a dot', '.'],
    ['no dot', 'eyJ2IjoxfQ'],
    ['many dots', 'a.b.c.d.e'],
    ['only dots', '.'.repeat(1000)],
    ['whitespace', ' \n\t '],
    ['non-ascii', 'ü.ü'],
    ['just over the limit', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('rejects %s with INVALID_CURSOR', (_name, input) => {
    expect(outcome(() => codecA.decode(input, baseScope))).toBe('INVALID_CURSOR');
  });

  it('rejects non-strings at runtime', () => {
    const inputs: unknown[] = [undefined, null, 42, {}, ['a.b']];
    for (const input of inputs) {
      expect(outcome(() => codecA.decode(input as string, baseScope))).toBe('INVALID_CURSOR');
    }
  });

  it('rejects a 1 MB string without parsing it', () => {
    const huge = `${'A'.repeat(512 * 1024)}.${'B'.repeat(512 * 1024)}`;
    const started = performance.now();
    for (let i = 0; i < 1000; i++) {
      expect(outcome(() => codecA.decode(huge, baseScope))).toBe('INVALID_CURSOR');
    }
    // Generous budget: a parse of 1 MB per call would take seconds for 1000 calls.
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('construction', () => {
  it('refuses secrets shorter than 32 bytes with a TypeError', () => {
    expect(() =>
      createCursorCodec({ keys: { current: { id: 'a', secret: 'x'.repeat(31) } } }),
    ).toThrow(TypeError);
    expect(() =>
      createCursorCodec({
        keys: { current: { id: 'a', secret: SECRET_A }, previous: [{ id: 'b', secret: 'short' }] },
      }),
    ).toThrow(TypeError);
    expect(() =>
      createCursorCodec({ keys: { current: { id: 'a', secret: new Uint8Array(31) } } }),
    ).toThrow(TypeError);
    expect(() =>
      createCursorCodec({ keys: { current: { id: 'a', secret: new Uint8Array(32) } } }),
    ).not.toThrow();
    // 11 three-byte characters = 33 bytes although only 11 code units.
    expect(() =>
      createCursorCodec({ keys: { current: { id: 'a', secret: '€'.repeat(11) } } }),
    ).not.toThrow();
  });

  it('refuses empty or duplicate key ids and a bad ttl', () => {
    expect(() => createCursorCodec({ keys: { current: { id: '', secret: SECRET_A } } })).toThrow(
      TypeError,
    );
    expect(() =>
      createCursorCodec({
        keys: { current: { id: 'a', secret: SECRET_A }, previous: [{ id: 'a', secret: SECRET_B }] },
      }),
    ).toThrow(TypeError);
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createCursorCodec({ keys: ringA, ttlSeconds })).toThrow(RangeError);
    }
  });
});
