/**
 * The keyword pre-filter (gitleaks' idea: run a rule only where one of its keywords appears), as
 * one pass over a line that reads every other character.
 *
 * Every rule family needs a keyword on the line: a secret word stem for the assignment rule
 * (`pass`, `pwd`, `secret`, `token`, `auth`, `cred`, `key`, in any case), a literal prefix for a
 * token rule (`ghp_`, `AKIA`, `sk-ant-`, `hooks.slack.com/`, …), `-----BEGIN ` for a private key,
 * `://` for URL credentials. Every keyword is at least three characters long, so any occurrence
 * covers two consecutive bigrams starting at positions of different parity: looking up only the
 * bigrams that start at every second position of the line (in a 64 Ki table of bigrams, a
 * case-insensitive keyword's in all their case forms) cannot miss one, as long as the table holds, for each keyword, one of its bigrams at an
 * even offset and one at an odd offset. We pick the rarest of each (common English and code
 * bigrams such as `th`, `er`, `re` are avoided), so a cold line costs about half a table lookup per
 * character and almost never reaches the exact check. A hit is then confirmed by comparing the
 * whole keyword at the position it implies, so the result is exact and depends only on the line.
 * A secret word stem counts only where the assignment rule could read it as a name
 * (`assignsAfter`): a quarter of the lines of ordinary code mention `key` or `token`, few assign to
 * such a name.
 */

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

/** Frequent bigrams of English prose and identifiers, most frequent first: never picked if avoidable. */
const COMMON =
  'th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns ge ly ei os no pe do su pa ec ac ot di ol tr sh ad fo pr';
const COMMON_RANK = new Map(COMMON.split(' ').map((bigram, index) => [bigram, index]));

function bigramAt(text: string, at: number): number {
  return ((text.charCodeAt(at) & 0xff) << 8) | (text.charCodeAt(at + 1) & 0xff);
}

/** Lower is rarer: a bigram outside COMMON ranks first, then by reverse frequency. */
function commonness(text: string, at: number): number {
  const rank = COMMON_RANK.get(text.slice(at, at + 2).toLowerCase());
  return rank === undefined ? -1 : COMMON.length - rank;
}

/** The bigram as written, or, for a case-insensitive keyword, in each of its case forms. */
function variants(bigram: string, folded: boolean): string[] {
  if (!folded) return [bigram];
  const firsts = [...new Set([bigram[0] ?? '', (bigram[0] ?? '').toUpperCase()])];
  const seconds = [...new Set([bigram[1] ?? '', (bigram[1] ?? '').toUpperCase()])];
  return firsts.flatMap((first) => seconds.map((second) => first + second));
}

function compile(keywords: readonly Keyword[]): (Candidate[] | undefined)[] {
  const table: (Candidate[] | undefined)[] = new Array<Candidate[] | undefined>(65536).fill(
    undefined,
  );
  for (const keyword of keywords) {
    if (keyword.text.length < 3) throw new Error(`keyword ${keyword.text} is shorter than 3`);
    for (const parity of [0, 1]) {
      let best = parity;
      for (let offset = parity; offset <= keyword.text.length - 2; offset += 2) {
        if (commonness(keyword.text, offset) < commonness(keyword.text, best)) best = offset;
      }
      for (const bigram of variants(keyword.text.slice(best, best + 2), keyword.folded)) {
        const index = bigramAt(bigram, 0);
        const list = table[index] ?? [];
        list.push({ keyword, offset: best });
        table[index] = list;
      }
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

function assignsAt(text: string, at: number, end: number): boolean {
  let index = at;
  let code = text.charCodeAt(index);
  if (code === 34 || code === 39 || code === 96) code = text.charCodeAt(++index);
  if (code === 93) code = text.charCodeAt(++index);
  while (index < end && isSpaceChar(code)) code = text.charCodeAt(++index);
  if (code === 63) code = text.charCodeAt(++index);
  return index < end && (code === 61 || code === 58 || code === 44);
}

export interface KeywordFilter {
  /** The families whose keyword occurs in `text` at [start, end): 0 for a cold line. */
  families(text: string, start: number, end: number): number;
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
  // The hot loop reads a 64 KiB byte table (it stays in cache); `table` only on a hit.
  const flags = new Uint8Array(65536);
  table.forEach((list, index) => {
    if (list !== undefined) flags[index] = 1;
  });

  // A hit on the table: confirm each keyword it may belong to. (Characters past U+00FF alias
  // onto other bigrams here; the exact comparison rejects them.)
  // The name run last read by `assignsAfter` and its answer: every stem inside one run shares
  // it, so a 1 MB run of `passwordpassword…` is read once, not once per stem.
  let runFrom = -1;
  let runTo = -1;
  let runAssigns = false;
  const assignsAfter = (text: string, at: number, end: number): boolean => {
    if (at < runFrom || at > runTo) {
      runFrom = at;
      runTo = nameEnd(text, at, end);
      runAssigns = assignsAt(text, runTo, end);
    }
    return runAssigns;
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
      if (family !== ASSIGNMENT || assignsAfter(text, from + candidate.keyword.text.length, end))
        found |= family;
    }
    return found;
  };

  return {
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
