import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayAssignInCode, type ContentMode } from './assignment-rule.js';
import { ALL_FAMILIES, ASSIGNMENT, KeywordHits, createKeywordFilter } from './keywords.js';
import { scanLine } from './line-scanner.js';
import { TOKEN_KEYWORDS } from './token-rules.js';
import { linesOf } from './test-support/lines.js';

const filter = createKeywordFilter(TOKEN_KEYWORDS);
const hits = new KeywordHits();
const enabled = (): boolean => true;

/** The operators the engine hands the assignment rule for `line`, from the pre-filter's index. */
function operators(line: string): Int32Array {
  const text = `${line}\n`;
  const count = filter.index(text, 0, text.length, hits);
  const found = new Set<number>();
  for (let hit = 0; hit < count; hit++) {
    const operator = hits.operator[hit] ?? -1;
    if (hits.family[hit] === ASSIGNMENT && operator >= 0) found.add(operator);
  }
  return Int32Array.from([...found].sort((a, b) => a - b));
}

// Names with and without secret words, every operator and value shape the rule reads, strings,
// calls, comments and noise, so that operators land inside values, strings and other names.
const pieces = [
  'password',
  'DB_PASSWORD',
  'apiKey',
  'api_key',
  'token',
  'secretRef',
  'AUTH_KEY',
  'key',
  'name',
  'x',
  '=',
  ' = ',
  ':',
  ': ',
  ':=',
  '?=',
  '=>',
  '==',
  '!=',
  '::',
  '://',
  ',',
  ', ',
  '"',
  "'",
  '`',
  ']',
  '[',
  '(',
  ')',
  ' ',
  '\t',
  '#',
  ';',
  '\\',
  'hunter2',
  '"Server=db;Password=',
  ' password=',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  '${TOKEN}',
  'getToken()',
  'define(',
  'é',
  '\u0170',
];
const line = linesOf(pieces, 16);
const mode = fc.constantFrom<ContentMode>('code', 'config', 'text');

describe('the line scanner', () => {
  it('finds the same with the pre-filter’s operators as with every operator (property)', () => {
    fc.assert(
      fc.property(line, mode, (text, contentMode) => {
        const all = structuredClone(
          scanLine(text, contentMode, false, enabled, ALL_FAMILIES, null),
        );
        const ops = operators(text);
        const some = scanLine(text, contentMode, false, enabled, ALL_FAMILIES, ops, ops.length);
        expect(some).toEqual(all);
      }),
      { numRuns: 5000 },
    );
  });

  it('finds no assignment in code where mayAssignInCode says none can be (property)', () => {
    fc.assert(
      fc.property(line, (text) => {
        const ops = operators(text);
        if (ops.length === 0 || mayAssignInCode(text, 0, text.length, ops, ops.length)) return;
        expect(
          scanLine(text, 'code', false, enabled, ASSIGNMENT, ops, ops.length).findings,
        ).toEqual([]);
        expect(scanLine(text, 'code', false, enabled, ASSIGNMENT, null).findings).toEqual([]);
      }),
      { numRuns: 20000 },
    );
    // A name inside a string literal: its unquoted value is text, so the line needs the rule.
    for (const text of [
      'const dsn = "Server=db;Password=hunter22";',
      "connect('password=hunter22 host=db')",
      'apiKey = "sk-abcdefghijklmnop"',
      'x = fn(), token => "abc12345"',
    ]) {
      const ops = operators(text);
      expect(mayAssignInCode(text, 0, text.length, ops, ops.length)).toBe(true);
      expect(
        scanLine(text, 'code', false, enabled, ASSIGNMENT, ops, ops.length).findings,
      ).not.toEqual([]);
    }
  });
});
