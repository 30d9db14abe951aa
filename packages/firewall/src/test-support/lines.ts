import fc from 'fast-check';

/**
 * Random lines for the property tests: up to `maxPieces` pieces, each one of `pieces` (the text the
 * code under test looks for, and its near misses) or up to three random characters.
 */
export function linesOf(pieces: readonly string[], maxPieces: number): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), {
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(''));
}
