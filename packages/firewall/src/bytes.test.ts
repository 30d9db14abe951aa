import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isExtendedHeaderAt,
  isExtendedHeaderByte,
  plainGitPath,
  plainGitPathBytes,
} from './diff-paths.js';
import { HUNK, readHunkCountBytes, readHunkCounts } from './hunk.js';
import { linesOf } from './test-support/lines.js';

// The engine reads the lines of an ASCII span from its bytes; each reader over bytes must give
// the answer of its twin over the string, for any line.

const pieces = [
  'diff --git a/',
  ' b/',
  'a/',
  'b/',
  'src/x.ts',
  'x',
  ' ',
  '\t',
  '@@ -',
  ' +',
  ' @@',
  ',',
  '1',
  '23',
  '4567890123',
  '-',
  '+',
  'index ',
  '--- ',
  '+++ ',
  'rename from ',
  'new file mode ',
  'GIT binary patch',
  '"',
];
const line = linesOf(pieces, 10).map((text) => text.replaceAll('\n', ''));
const count = fc.oneof(fc.constant(''), fc.nat().map(String), fc.constant('12345678901'));
const hunkHeader = fc
  .tuple(
    count,
    fc.option(count),
    count,
    fc.option(count),
    fc.constantFrom('', ' @@', ' @@ f()', ' @'),
  )
  .map(
    ([a, b, c, d, tail]) =>
      `@@ -${a}${b === null ? '' : `,${b}`} +${c}${d === null ? '' : `,${d}`}${tail}`,
  );
const plainHeader = fc
  .tuple(fc.constantFrom('src/x.ts', 'a', 'deploy/.env', 'x y', 'tab\there', ''), fc.boolean())
  .map(([path, same]) => `diff --git a/${path} b/${same ? path : `${path}z`}`);

/** `before` then `text` then a newline, with its bytes (ASCII only). */
function framed(before: string, text: string): { all: string; bytes: Uint8Array } {
  const all = `${before}${text}\n`;
  return { all, bytes: Uint8Array.from(all, (char) => char.charCodeAt(0)) };
}

const ascii = (text: string): boolean => {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 127) return false;
  return true;
};

describe('readers over bytes', () => {
  it('read hunk counts as over the string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(line, hunkHeader), fc.string({ maxLength: 4 }), (text, before) => {
        fc.pre(ascii(text) && ascii(before) && !before.includes('\n'));
        const { all, bytes } = framed(before, text);
        const end = before.length + text.length;
        const fromText = readHunkCounts(all, before.length, end) ? { ...HUNK } : null;
        const fromBytes = readHunkCountBytes(bytes, before.length, end) ? { ...HUNK } : null;
        expect(fromBytes).toEqual(fromText);
      }),
      { numRuns: 3000 },
    );
  });

  it('tell header lines and plain git paths as over the string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(line, plainHeader), fc.string({ maxLength: 4 }), (text, before) => {
        fc.pre(ascii(text) && ascii(before) && !before.includes('\n'));
        const { all, bytes } = framed(before, text);
        const end = before.length + text.length;
        expect(isExtendedHeaderByte(bytes, before.length)).toBe(
          isExtendedHeaderAt(all, before.length),
        );
        expect(plainGitPathBytes(all, bytes, 0, before.length, end)).toBe(
          plainGitPath(all, before.length, end),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
