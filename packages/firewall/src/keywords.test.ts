import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT,
  KeywordHits,
  PEM,
  TOKEN,
  URL,
  WINDOW,
  createKeywordFilter,
} from './keywords.js';
import { TOKEN_KEYWORDS } from './token-rules.js';
import { linesOf } from './test-support/lines.js';

const STEMS = ['pass', 'pwd', 'secret', 'token', 'auth', 'cred', 'key'];
const filter = createKeywordFilter(TOKEN_KEYWORDS);

/** The obvious definition: a search for every keyword over the line. */
function expected(line: string): number {
  const lower = line.replace(/[A-Z]/g, (char) => char.toLowerCase());
  let families = 0;
  if (
    /(?:pass|pwd|secret|token|auth|cred|key)[a-z0-9_\-.$@]*["'`]?\]?[ \t\r\f\v]*\??[=:,]/.test(
      lower,
    )
  )
    families |= ASSIGNMENT;
  if (TOKEN_KEYWORDS.some((keyword) => line.includes(keyword))) families |= TOKEN;
  if (line.includes('-----BEGIN ')) families |= PEM;
  // `://` after a letter, then a `:` and (at least two characters on) an `@` in the authority.
  if (/[A-Za-z]:\/\/[^:@/?# \t\r\f\v\n"'`<>()\\]*:[^/?# \t\r\f\v\n"'`<>()\\]+@/.test(line))
    families |= URL;
  return families;
}

// Lines built from keywords, their pieces and case variants, and noise, so every keyword lands
// at both parities and next to near-misses.
const pieces = [
  ...STEMS,
  ...STEMS.map((stem) => stem.toUpperCase()),
  'Pass',
  'pAsS',
  'Key',
  ...TOKEN_KEYWORDS,
  ...TOKEN_KEYWORDS.map((keyword) => keyword.slice(0, -1)),
  ...TOKEN_KEYWORDS.map((keyword) => keyword.slice(1)),
  '-----BEGIN ',
  '-----BEGIN',
  '://',
  ':/',
  'https://',
  'u:p@',
  '@',
  '/',
  'a',
  ' ',
  '=',
  ':',
  ',',
  '?=',
  ']',
  '_',
  '"',
  'é',
  'İ',
  '\u0170',
  // Characters whose low byte is a newline's (U+4E0A 上, U+010A Ċ): not line ends.
  '上',
  'Ċ',
  'x',
];
const line = linesOf(pieces, 12);

describe('keyword pre-filter', () => {
  it('finds exactly the families whose keyword is on the line, at any offset (property)', () => {
    fc.assert(
      fc.property(
        line,
        fc.string({ maxLength: 5 }),
        fc.string({ maxLength: 5 }),
        (text, before, after) => {
          const whole = before + text + after;
          expect(filter.families(whole, before.length, before.length + text.length)).toBe(
            expected(text),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads the case-insensitive stems in any case and the token prefixes exactly', () => {
    expect(filter.families('const DB_PassWord = 1', 0, 21)).toBe(ASSIGNMENT);
    expect(filter.families('rotates its key monthly', 0, 23)).toBe(0);
    expect(filter.families("define('AUTH_KEY', 'x')", 0, 23)).toBe(ASSIGNMENT);
    expect(filter.families('GHP_abc', 0, 7)).toBe(0);
    expect(filter.families('x ghp_abc', 0, 9)).toBe(TOKEN);
    expect(filter.families('see https://hooks.slack.com/services/x', 0, 38)).toBe(TOKEN);
    expect(filter.families('postgres://app:s3cr3t@db:5432/app', 0, 33)).toBe(URL);
    expect(filter.families('http://localhost:3000 and a@b', 0, 29)).toBe(0);
    expect(filter.families('-----BEGIN RSA PRIVATE KEY-----', 0, 31)).toBe(PEM);
    expect(filter.families('return items.map(render);', 0, 25)).toBe(0);
  });

  it('never reads outside [start, end)', () => {
    const text = 'token=plain text here|token';
    expect(filter.families(text, 6, 21)).toBe(0);
    expect(filter.families(text, 5, 22)).toBe(0);
    expect(filter.families(text, 4, 22)).toBe(0);
    expect(filter.families(text, 1, 22)).toBe(0);
    expect(filter.families(text, 0, 22)).toBe(ASSIGNMENT);
    expect(filter.families(text, 0, 5)).toBe(0);
  });

  it('indexes a whole span with the same answer for every line as reading it (property)', () => {
    const hits = new KeywordHits();
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.nat(), (lines, skip) => {
        const text = lines.map((one) => `${one}\n`).join('');
        const count = filter.index(text, 0, text.length, hits);
        expect(hits.to).toBe(text.length);
        let start = 0;
        for (const one of lines) {
          const newline = start + one.length;
          // A hunk line's content starts after its first character.
          for (const from of [start, Math.min(newline, start + 1 + (skip % 2))]) {
            let found = 0;
            for (let hit = 0; hit < count; hit++) {
              const at = hits.at[hit] ?? -1;
              if (at >= start && at < newline && (hits.start[hit] ?? -1) >= from)
                found |= hits.family[hit] ?? 0;
            }
            expect(found).toBe(filter.families(text, from, newline));
          }
          start = newline + 1;
        }
      }),
      // Found by a run: a line read from past the scheme's letter of `KC://u:p@` holds no URL.
      { numRuns: 2000, examples: [[['KC://u:p@', ''], 1]] },
    );
  });

  it('indexes every keyword in every case form at both ends of a span, at both parities', () => {
    // `index` looks only at the pairs that start at even offsets of the span: a keyword must be
    // found through one of its pairs wherever it sits, against the span's first and last byte too.
    const hits = new KeywordHits();
    const forms = [
      // Every mix of cases (`sECret`, `cReD`): the scan also tests the bytes either side of a
      // pair, in both cases.
      ...STEMS.flatMap((stem) =>
        Array.from(
          { length: 2 ** stem.length },
          (_, mask) =>
            `${Array.from({ length: stem.length }, (_, at) => ((mask >> at) & 1 ? stem.charAt(at).toUpperCase() : stem.charAt(at))).join('')}=`,
        ),
      ),
      ...TOKEN_KEYWORDS,
      '-----BEGIN ',
      'a://u:pw@',
    ];
    for (const form of forms) {
      for (const text of [form, `x${form}`, `${form}\n`, `x${form}\n`, `${form}${form}`]) {
        const count = filter.index(text, 0, text.length, hits);
        const want = filter.families(
          text,
          0,
          text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'),
        );
        let found = 0;
        for (let hit = 0; hit < count; hit++) found |= hits.family[hit] ?? 0;
        expect(want).not.toBe(0);
        expect([text, found]).toEqual([text, want]);
      }
    }
  });

  it('finds a keyword of a span that is not ASCII at its character position', () => {
    const hits = new KeywordHits();
    // U+4E0A 上, U+010A Ċ and U+0A0A ਊ all end in byte 0x0A (a newline in the span's Latin-1 copy).
    const text = 'a上b\npassword = x Ċ\nਊ\n上';
    const count = filter.index(text, 0, text.length, hits);
    expect(hits.ascii).toBe(false);
    expect(hits.to).toBe(text.length);
    expect(count).toBe(1);
    expect([hits.start[0], hits.family[0], hits.operator[0]]).toEqual([4, ASSIGNMENT, 13]);
  });

  it('cuts a span denser than one call holds at a pair, with every line before the cut whole', () => {
    for (const value of ['1', 'é']) {
      // 10,000 lines of `key=…`: one occurrence each, more than one call records.
      const line = `key=${value}\n`;
      const text = line.repeat(10_000);
      const hits = new KeywordHits();
      const count = filter.index(text, 0, text.length, hits);
      expect(hits.to).toBeLessThan(text.length);
      // Every line whose newline is before the cut has its occurrence, in order, and no more.
      const whole = Math.floor((hits.to - 1) / line.length);
      expect(count).toBeGreaterThanOrEqual(whole);
      for (let hit = 0; hit < count; hit++)
        expect([hits.start[hit], hits.operator[hit]]).toEqual([
          hit * line.length,
          hit * line.length + 3,
        ]);
      // Read on from the cut's line, as the engine does: the rest of the occurrences.
      const from = whole * line.length;
      const rest = filter.index(text, from, Math.min(text.length, from + WINDOW), hits);
      expect(rest).toBe((text.length - from) / line.length);
    }
  });
});
