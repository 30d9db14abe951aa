/**
 * The keyword pre-filter (gitleaks' idea: run a rule only where one of its keywords appears).
 *
 * Every rule family needs a keyword on the line: a secret word stem for the assignment rule
 * (`pass`, `pwd`, `secret`, `token`, `auth`, `cred`, `key`, in any case), a literal prefix for a
 * token rule (`ghp_`, `AKIA`, `sk-ant-`, `hooks.slack.com/`, …), `-----BEGIN ` for a private key,
 * `://` for URL credentials. Every keyword is at least three characters long, so any occurrence
 * covers two consecutive character pairs starting at positions of different parity: looking up
 * only the pairs that start at every second position (in a table of all 64 Ki pairs, a
 * case-insensitive keyword's in all their case forms) cannot miss one, as long as the table
 * holds, for each keyword, one of its pairs at an even offset and one at an odd offset. Which ones
 * is chosen once, by how often pairs occur in code (`bigram-ranks.ts`), sharing pairs between
 * keywords where they can. A hit is then confirmed by comparing the whole keyword at the position
 * it implies, so the result is exact.
 *
 * A stem counts only where the assignment rule could read it as a name (`operatorAt`): a quarter of
 * the lines of ordinary code mention `key` or `token`, few assign to such a name. `://` counts only
 * where a URL could carry a password (`credentialsAfter`): most are plain links.
 *
 * Two ways in, with the same answer for a line: `families` reads one range of a string, every
 * second position; `index` reads a whole chunk of up to 64 KiB at once (the engine's way). It copies
 * the chunk into a byte buffer (one UTF-8 write, which also tells whether it is ASCII), has a
 * WebAssembly pass list its pairs with a bit in an 8 KiB bitset and the right bytes either side
 * (`hot-pairs.ts`), and lists every confirmed keyword. The engine
 * then reads the chunk line by line (its newlines found on the text with `indexOf`: on a chunk
 * that is not ASCII, a byte 10 of the copy can be the low byte of another character, U+4E0A 上
 * say) without a `charCodeAt` for the lines that hold no keyword.
 */

import { FREQUENT_PAIRS } from './bigram-ranks.js';
import {
  createPairPass,
  HITS_AT,
  MAX_CONFIRMED,
  pairKey,
  SPAN_AT,
  SPAN_ROOM,
  type PairTables,
} from './hot-pairs.js';

export const ASSIGNMENT = 1;
export const TOKEN = 2;
export const PEM = 4;
export const URL = 8;
export const ALL_FAMILIES = ASSIGNMENT | TOKEN | PEM | URL;

interface Keyword {
  text: string;
  /** Case-insensitive (ASCII) when true; exact otherwise. */
  folded: boolean;
  family: number;
}

interface Candidate {
  keyword: Keyword;
  /** Offset of the bigram inside the keyword: the keyword starts `offset` characters earlier. */
  offset: number;
}

const PAIR_RANK = new Map<string, number>();
for (let index = 0; index + 1 < FREQUENT_PAIRS.length; index += 2)
  PAIR_RANK.set(FREQUENT_PAIRS.slice(index, index + 2), index / 2);

/** How often a pair occurs in code, roughly (Zipf on its rank); a pair off the list is rare. */
function frequency(pair: string): number {
  const rank = PAIR_RANK.get(pair);
  return rank === undefined ? 1 / (4 * (PAIR_RANK.size + 10)) : 1 / (rank + 10);
}

function bigramAt(text: string, at: number): number {
  return ((text.charCodeAt(at) & 0xff) << 8) | (text.charCodeAt(at + 1) & 0xff);
}

/** The bigram as written, or, for a case-insensitive keyword, in each of its case forms. */
function variants(bigram: string, folded: boolean): string[] {
  if (!folded) return [bigram];
  const firsts = [...new Set([bigram[0] ?? '', (bigram[0] ?? '').toUpperCase()])];
  const seconds = [...new Set([bigram[1] ?? '', (bigram[1] ?? '').toUpperCase()])];
  return firsts.flatMap((first) => seconds.map((second) => first + second));
}

/**
 * The table: for each keyword, one pair at an even and one at an odd offset in it (every case
 * form of a case-insensitive one). Each is the pair that adds the least to how often the table
 * matches code: pairs already in it are free (`cred` must use `re`, so `secret` uses it too), and
 * the keywords with the fewest choices pick first.
 */
function compile(keywords: readonly Keyword[]): (Candidate[] | undefined)[] {
  const table: (Candidate[] | undefined)[] = new Array<Candidate[] | undefined>(65536).fill(
    undefined,
  );
  const slots: { keyword: Keyword; offsets: number[] }[] = [];
  for (const keyword of keywords) {
    if (keyword.text.length < 3) throw new Error(`keyword ${keyword.text} is shorter than 3`);
    for (const parity of [0, 1]) {
      const offsets: number[] = [];
      for (let offset = parity; offset <= keyword.text.length - 2; offset += 2)
        offsets.push(offset);
      slots.push({ keyword, offsets });
    }
  }
  slots.sort((a, b) => a.offsets.length - b.offsets.length);
  for (const { keyword, offsets } of slots) {
    const cost = (offset: number): number =>
      variants(keyword.text.slice(offset, offset + 2), keyword.folded).reduce(
        (sum, pair) => sum + (table[bigramAt(pair, 0)] === undefined ? frequency(pair) : 0),
        0,
      );
    let best = offsets[0] ?? 0;
    for (const offset of offsets) if (cost(offset) < cost(best)) best = offset;
    for (const bigram of variants(keyword.text.slice(best, best + 2), keyword.folded)) {
      const index = bigramAt(bigram, 0);
      const list = table[index] ?? [];
      list.push({ keyword, offset: best });
      table[index] = list;
    }
  }
  return table;
}

function matchesAt(text: string, at: number, keyword: Keyword): boolean {
  const word = keyword.text;
  if (!keyword.folded) return text.startsWith(word, at);
  for (let index = 0; index < word.length; index++) {
    // `| 32` lowercases ASCII letters; no other character becomes a letter by it.
    if ((text.charCodeAt(at + index) | 32) !== word.charCodeAt(index)) return false;
  }
  return true;
}

/** Characters of a name (as `chars.ts` NAME): letters, digits, `_-.$@`. */
function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 45 ||
    code === 46 ||
    code === 36 ||
    code === 64
  );
}

function isSpaceChar(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11;
}

/**
 * Whether the name a secret word stem ends in (from `at` on) is followed the way the assignment
 * rule needs: an optional closing quote and `]`, spaces, an optional `?`, then `=`, `:` or `,`
 * (`DB_PASSWORD=`, `"apiKey": `, `token ?=`, `define('AUTH_KEY', `). The assignment rule finds
 * every value by an operator and looks back over exactly these for a name with a secret word, so
 * a stem without this shape after it (`rotates its key monthly`, `tokenizerSchema }`,
 * `getAccessToken(`) can never be its name.
 */
function nameEnd(text: string, at: number, end: number): number {
  let index = at;
  while (index < end && isNameChar(text.charCodeAt(index))) index++;
  return index;
}

/** Most characters `url-credentials` reads after `://` (its MAX_USERINFO). */
const MAX_USERINFO = 512;

/**
 * Whether `://` at `at` (inside [start, end)) can start a URL with a password, as
 * `scanUrlCredentials` reads it: a letter just before it, then a `:` and, at least two characters
 * later, an `@`, before the authority ends (`/ ? #`, whitespace, quotes, brackets, `\`) and
 * within MAX_USERINFO characters. A link such as `https://docs.example.com/x` has none.
 */
function credentialsAfter(text: string, at: number, start: number, end: number): boolean {
  if (at - 1 < start) return false;
  const before = text.charCodeAt(at - 1) | 32;
  if (before < 97 || before > 122) return false;
  const limit = Math.min(end, at + 3 + MAX_USERINFO);
  let colon = -1;
  let lastAt = -1;
  for (let index = at + 3; index < limit; index++) {
    const code = text.charCodeAt(index);
    if (
      code === 47 ||
      code === 63 ||
      code === 35 ||
      code === 10 ||
      isSpaceChar(code) ||
      code === 34 ||
      code === 39 ||
      code === 96 ||
      code === 60 ||
      code === 62 ||
      code === 40 ||
      code === 41 ||
      code === 92
    )
      break;
    if (code === 58 && colon < 0 && lastAt < 0) colon = index;
    else if (code === 64) lastAt = index;
  }
  return colon >= 0 && lastAt >= colon + 2;
}

/**
 * Whether the name run ending at `at` is followed the way the assignment rule needs (see
 * `nameEnd`): the operator (`=`, `:` or `,`) it ends at, or -1.
 */
function operatorAt(text: string, at: number, end: number): number {
  let index = at;
  let code = text.charCodeAt(index);
  if (code === 34 || code === 39 || code === 96) code = text.charCodeAt(++index);
  if (code === 93) code = text.charCodeAt(++index);
  while (index < end && isSpaceChar(code)) code = text.charCodeAt(++index);
  if (code === 63) code = text.charCodeAt(++index);
  return index < end && (code === 61 || code === 58 || code === 44) ? index : -1;
}

/** Longest span `index` reads in one call. */
export const WINDOW = 64 * 1024;

/** Most keyword occurrences one `index` call records (the pass's room); a denser span is cut short. */
const MAX_HITS = MAX_CONFIRMED;

/**
 * The keyword occurrences `index` found in a span of text, confirmed, in the order of the pair
 * that found each one (so `at` never decreases). A keyword never holds a newline, so an
 * occurrence and its pair are on the same line.
 */
export class KeywordHits {
  /** The pair position each occurrence was found at. */
  readonly at = new Int32Array(MAX_HITS);
  /** Where each occurrence's match starts (for `://`, at the scheme's letter before it). */
  readonly start = new Int32Array(MAX_HITS);
  readonly family = new Uint8Array(MAX_HITS);
  /**
   * For an assignment stem, the `=`, `:` or `,` its name is assigned with (`operatorAt`); -1
   * otherwise. Every operator whose name holds a stem is among them.
   */
  readonly operator = new Int32Array(MAX_HITS);
  /**
   * Whether the span is ASCII: then `SPAN_BYTES[i - from]` is its character at `i` until the next
   * `index` call (one byte per character, the same code).
   */
  ascii = false;
  /** The span read was [from, to): every line that ends (its newline) before `to` is covered. */
  to = 0;
}

export interface KeywordFilter {
  /** The families whose keyword occurs in `text` at [start, end): 0 for a cold line. */
  families(text: string, start: number, end: number): number;
  /**
   * Reads `text` at [from, to) (at most WINDOW characters: one chunk in one pass rather than line
   * by line) and records in `hits` (returning how many) every keyword occurrence inside it, with
   * its family (a stem only where it can be a name, `://` only where a password can follow, as in
   * `families`). For any line [lineStart, newline) inside the span
   * (newline < hits.to, which may be less than `to` on a very dense span), the families of its
   * occurrences that start at or after `start` are `families(text, start, newline)`.
   */
  index(text: string, from: number, to: number, hits: KeywordHits): number;
}

/** NAME_BYTE[c]: c is a name character (`nameEnd`); SPACE_BYTE[c]: `isSpaceChar`. */
const NAME_BYTE = new Uint8Array(256);
const SPACE_BYTE = new Uint8Array(256);
for (let code = 0; code < 256; code++) {
  NAME_BYTE[code] = isNameChar(code) ? 1 : 0;
  SPACE_BYTE[code] = isSpaceChar(code) ? 1 : 0;
}

/**
 * The scratch bytes `index` copies a span into, one for the process, in the memory of the pass
 * over its pairs (hot-pairs.ts): a call fills and reads it before it returns. Room for the span as
 * UTF-8 (at most 3 bytes per UTF-16 unit), so that one write tells whether the span is ASCII: then
 * byte i is character i. Otherwise the span is written again as Latin-1 (each unit's low byte,
 * the same aliasing as `& 0xff` above).
 */
const PAIR_PASS = createPairPass({ name: NAME_BYTE, space: SPACE_BYTE });
const SCRATCH = Buffer.from(PAIR_PASS.memory, SPAN_AT, SPAN_ROOM);
const BYTES = new Uint8Array(SCRATCH.buffer, SCRATCH.byteOffset, SCRATCH.length);
/** The bytes of the span `index` last read (see `KeywordHits.ascii`). */
export const SPAN_BYTES: Uint8Array = BYTES;
/** The keywords `PAIR_PASS.confirm` found, four i32 each. */
const CONFIRMED = new Int32Array(PAIR_PASS.memory, HITS_AT, 4 * MAX_CONFIRMED);

/** Whether `text` is all ASCII: then its UTF-8 and Latin-1 encodings are the same bytes. */
export function isAsciiText(text: string): boolean {
  for (let from = 0; from < text.length; from += WINDOW) {
    const piece = from === 0 && text.length <= WINDOW ? text : text.slice(from, from + WINDOW);
    // Room for every character: the count of bytes written equals the count of characters only
    // when each took one byte.
    if (SCRATCH.write(piece, 0, SCRATCH.length, 'utf8') !== piece.length) return false;
  }
  return true;
}

/**
 * The pass's tables (hot-pairs.ts) for a compiled keyword table, keyed as WebAssembly's
 * little-endian loads read a pair (`pairKey`). Its first test: a bitset of 8 KiB that stays in the
 * L1 cache between spans, of the pairs that have entries. (Newlines are not looked for here: on a
 * span that is not ASCII, a byte 10 can be the low byte of another character, U+4E0A 上 say;
 * `index` lists them on the text.) Its second, of the pairs the first listed: the bytes that can
 * stand just before and just after the pair in an occurrence of one of its keywords (`cr|re|d` and
 * `sec|re|t`: `re` only after a `c`, before a `d` or a `t`, in either case), so `return` and
 * `create` go no further: per pair with entries (a slot), a 256-bit set of the bytes before, then
 * of the bytes after; every byte on a side where some entry's keyword starts (or ends) with the
 * pair. On the bench's diff it rejects half of the pairs the bitset finds (`re` alone was a third
 * of them). Then, per slot, its entries (keyword and the pair's offset in it), and per keyword its
 * bytes, lowercase when folded, for `confirm`.
 */
function pairTables(
  table: readonly (Candidate[] | undefined)[],
  keywords: readonly Keyword[],
): PairTables {
  const slotCount = table.filter((list) => list !== undefined).length;
  const tables = {
    bits: new Uint32Array(65536 >> 5),
    slots: new Uint16Array(65536),
    sides: new Int32Array(16 * slotCount),
    slotEntries: new Uint32Array(slotCount),
    entries: new Uint32Array(table.reduce((sum, list) => sum + (list?.length ?? 0), 0)),
    words: new Uint32Array(4 * keywords.length),
    wordBytes: new Uint8Array(keywords.reduce((sum, keyword) => sum + keyword.text.length, 0)),
  };
  let from = 0;
  keywords.forEach((keyword, word) => {
    const { text, folded, family } = keyword;
    let head = 0;
    for (let index = 0; index < text.length; index++) {
      const byte = text.charCodeAt(index) & 0xff;
      tables.wordBytes[from + index] = byte;
      if (index < 4) head |= byte << (8 * index);
    }
    tables.words.set(
      [
        from | (text.length << 16) | ((family === ASSIGNMENT ? 1 : 0) << 25),
        head,
        folded ? 0x20202020 : 0,
        text.length >= 4 ? -1 : (1 << (8 * text.length)) - 1,
      ],
      4 * word,
    );
    from += text.length;
  });
  const add = (set: Int32Array, keyword: Keyword, at: number): void => {
    const code = keyword.text.charCodeAt(at);
    const letter = (code | 32) >= 97 && (code | 32) <= 122;
    for (const byte of keyword.folded && letter ? [code | 32, code & ~32] : [code])
      set[byte >>> 5] = (set[byte >>> 5] as number) | (1 << (byte & 31));
  };
  let slot = 0;
  let entry = 0;
  table.forEach((list, index) => {
    if (list === undefined) return;
    const key = pairKey(index >>> 8, index & 0xff);
    tables.bits[key >>> 5] = (tables.bits[key >>> 5] as number) | (1 << (key & 31));
    tables.slots[key] = slot;
    tables.slotEntries[slot] = entry | (list.length << 16);
    const before = tables.sides.subarray(16 * slot, 16 * slot + 8);
    const after = tables.sides.subarray(16 * slot + 8, 16 * slot + 16);
    for (const { keyword, offset } of list) {
      tables.entries[entry++] = keywords.indexOf(keyword) | (offset << 16);
      if (offset === 0) before.fill(-1);
      else add(before, keyword, offset - 1);
      if (offset + 2 >= keyword.text.length) after.fill(-1);
      else add(after, keyword, offset + 2);
    }
    slot++;
  });
  return tables;
}

/** Builds the filter; `tokenPrefixes` are the token rules' exact, case-sensitive prefixes. */
export function createKeywordFilter(tokenPrefixes: readonly string[]): KeywordFilter {
  const keywords: Keyword[] = [
    ...['pass', 'pwd', 'secret', 'token', 'auth', 'cred', 'key'].map((text) => ({
      text,
      folded: true,
      family: ASSIGNMENT,
    })),
    ...tokenPrefixes.map((text) => ({ text, folded: false, family: TOKEN })),
    { text: '-----BEGIN ', folded: false, family: PEM },
    { text: '://', folded: false, family: URL },
  ];
  const table = compile(keywords);
  // `families` reads a 64 KiB byte table per pair; `table` only on a hit.
  const flags = new Uint8Array(65536);
  for (let index = 0; index < 65536; index++) flags[index] = table[index] === undefined ? 0 : 1;
  const WORD_LENGTH = Uint16Array.from(keywords, (keyword) => keyword.text.length);
  const WORD_FAMILY = Uint8Array.from(keywords, (keyword) => keyword.family);
  // Most occurrences one pair can confirm: room is kept for them before a pair is read.
  const perPair = Math.max(...table.map((list) => list?.length ?? 0));
  const tables = pairTables(table, keywords);

  // A hit on the table: confirm each keyword it may belong to. (Characters past U+00FF alias
  // onto other bigrams here; the exact comparison rejects them.)
  // The name run last read by `assignsAfter` and its answer: every stem inside one run shares
  // it, so a 1 MB run of `passwordpassword…` is read once, not once per stem.
  let runFrom = -1;
  let runTo = -1;
  let runOperator = -1;
  /** The operator the name run from `at` is assigned with (`operatorAt`), or -1. */
  const assignsAfter = (text: string, at: number, end: number): number => {
    if (at < runFrom || at > runTo) {
      runFrom = at;
      runTo = nameEnd(text, at, end);
      runOperator = operatorAt(text, runTo, end);
    }
    return runOperator;
  };

  const confirm = (text: string, at: number, start: number, end: number, seen: number): number => {
    let found = 0;
    const list = table[bigramAt(text, at)] ?? [];
    for (const candidate of list) {
      const family = candidate.keyword.family;
      // A family already seen on this line needs no second keyword.
      if (((seen | found) & family) !== 0) continue;
      const from = at - candidate.offset;
      if (from < start || from + candidate.keyword.text.length > end) continue;
      if (!matchesAt(text, from, candidate.keyword)) continue;
      if (family === ASSIGNMENT) {
        if (assignsAfter(text, from + candidate.keyword.text.length, end) < 0) continue;
      } else if (family === URL && !credentialsAfter(text, from, start, end)) continue;
      found |= family;
    }
    return found;
  };

  /**
   * `index`'s walk over BYTES[0, length): the pass lists the pairs and the keywords at them
   * (hot-pairs.ts); this checks what it cannot (a span that is not ASCII, a URL's password), fills
   * the lists, returns the hit count.
   */
  const scan = (
    text: string,
    from: number,
    to: number,
    length: number,
    ascii: boolean,
    hitAt: Int32Array,
    hitStart: Int32Array,
    hitFamily: Uint8Array,
    hitOperator: Int32Array,
  ): number => {
    const pass = PAIR_PASS;
    const confirmed = CONFIRMED;
    const wordLengths = WORD_LENGTH;
    const wordFamily = WORD_FAMILY;
    const found = pass.confirm(
      pass.list(tables, (length + 1) >> 1),
      length,
      ascii,
      MAX_HITS - perPair,
    );
    let count = 0;
    for (let next = 0; next < 4 * found; next += 4) {
      const at = confirmed[next] as number;
      const textStart = from + (confirmed[next + 1] as number);
      const word = confirmed[next + 2] as number;
      const family = wordFamily[word] as number;
      let operator = -1;
      if (ascii) {
        // Byte i is character i: the pass's comparison was exact, and it read the name run.
        if (family === ASSIGNMENT) operator = from + (confirmed[next + 3] as number);
      } else {
        if (!matchesAt(text, textStart, keywords[word] as Keyword)) continue;
        if (family === ASSIGNMENT) {
          operator = assignsAfter(text, textStart + (wordLengths[word] as number), to);
          if (operator < 0) continue;
        }
      }
      if (family === URL && !credentialsAfter(text, textStart, from, to)) continue;
      hitAt[count] = from + at;
      // A URL's match starts at the scheme's letter before `://`: a line read from a later
      // column (past that letter) has no URL, as `families` reading that range says.
      hitStart[count] = family === URL ? textStart - 1 : textStart;
      hitFamily[count] = family;
      hitOperator[count] = operator;
      count++;
    }
    return count;
  };

  return {
    index(text, from, to, hits) {
      const length = to - from;
      if (length > WINDOW) throw new RangeError(`index reads at most ${String(WINDOW)} characters`);
      hits.to = to;
      hits.ascii = false;
      if (length <= 0) return 0;
      // One copy of the span (UTF-8, which is also the check that it is ASCII); the hot loop then
      // reads two characters per 16-bit load instead of two `charCodeAt` calls, and confirms a
      // hit on the bytes (on an ASCII span, the exact comparison).
      const span = from === 0 && to === text.length ? text : text.slice(from, to);
      const ascii = SCRATCH.write(span, 0, 3 * length, 'utf8') === length;
      if (!ascii) SCRATCH.write(span, 0, length, 'latin1');
      hits.ascii = ascii;
      BYTES[length] = 0;
      runTo = -1;
      runFrom = -1;
      const count = scan(
        text,
        from,
        to,
        length,
        ascii,
        hits.at,
        hits.start,
        hits.family,
        hits.operator,
      );
      // Where the pass stopped short on a dense span (-1: it read the whole span).
      const cut = PAIR_PASS.cut();
      if (cut >= 0) hits.to = from + 2 * cut;
      return count;
    },
    families(text, start, end) {
      let found = 0;
      runTo = -1;
      runFrom = -1;
      const last = end - 1;
      for (let index = start; index < last; index += 2) {
        if (
          flags[((text.charCodeAt(index) & 0xff) << 8) | (text.charCodeAt(index + 1) & 0xff)] === 0
        )
          continue;
        found |= confirm(text, index, start, end, found);
        if (found === ALL_FAMILIES) return found;
      }
      return found;
    },
  };
}
