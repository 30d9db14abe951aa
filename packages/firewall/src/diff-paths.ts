/**
 * Paths named by the header lines of one file in a unified diff. Git quotes paths with unusual
 * characters C-style (`"a/caf\303\251.env"`); see core.quotePath in
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-corequotePath.
 */

import { bytesEqual, bytesHave, hasAt } from './chars.js';

/** Decodes a git C-quoted string starting at `from` (on the opening quote). */
export function unquote(text: string, from: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let index = from + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 34) return { value: Buffer.from(bytes).toString('utf8'), end: index + 1 };
    if (code === 92 && index + 1 < text.length) {
      const next = text[index + 1] ?? '';
      const simple: Record<string, number> = {
        n: 10,
        t: 9,
        r: 13,
        '"': 34,
        '\\': 92,
        a: 7,
        b: 8,
        f: 12,
        v: 11,
      };
      const mapped = simple[next];
      if (mapped !== undefined) {
        bytes.push(mapped);
        index += 2;
        continue;
      }
      const octal = text.slice(index + 1, index + 4);
      if (/^[0-7]{3}$/.test(octal)) {
        bytes.push(Number.parseInt(octal, 8));
        index += 4;
        continue;
      }
    }
    for (const byte of Buffer.from(String.fromCharCode(code), 'utf8')) bytes.push(byte);
    index++;
  }
  return null;
}

/** Adds a path and returns it without git's `a/` / `b/` prefix ('' for none or /dev/null). */
function addPath(into: string[], raw: string): string {
  if (raw === '' || raw === '/dev/null') return '';
  into.push(raw);
  // `a/` and `b/` are git's default prefixes; a diff made with --no-prefix has none, so keep both.
  if (!raw.startsWith('a/') && !raw.startsWith('b/')) return raw;
  into.push(raw.slice(2));
  return raw.slice(2);
}

/** The path after a header keyword: quoted or bare, a trailing tab + timestamp dropped. */
function pathAt(text: string, from: number, into: string[]): string {
  if (text.charCodeAt(from) === 34) {
    const quoted = unquote(text, from);
    return quoted === null ? '' : addPath(into, quoted.value);
  }
  const tab = text.indexOf('\t', from);
  return addPath(into, (tab < 0 ? text.slice(from) : text.slice(from, tab)).trimEnd());
}

/** `diff --git a/x b/y`: with unquoted paths the split is ambiguous, so every reading is kept. */
function gitHeaderPaths(rest: string, into: string[]): string {
  if (rest.startsWith('"')) {
    const first = unquote(rest, 0);
    if (first === null) return '';
    const old = addPath(into, first.value);
    return pathAt(rest, first.end + 1, into) || old;
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.charCodeAt(half) === 32) {
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (left.slice(2) === right.slice(2)) {
      addPath(into, left);
      return addPath(into, right);
    }
  }
  const first = rest.indexOf(' b/');
  const last = rest.lastIndexOf(' b/');
  let display = '';
  for (const split of new Set([first, last])) {
    if (split < 0) continue;
    addPath(into, rest.slice(0, split));
    display = addPath(into, rest.slice(split + 1)) || display;
  }
  if (first >= 0) return display;
  const quoted = rest.indexOf(' "');
  if (quoted < 0) return addPath(into, rest);
  addPath(into, rest.slice(0, quoted));
  return pathAt(rest, quoted + 1, into);
}

const HEADER_PATH_PREFIXES = [
  'rename from ',
  'rename to ',
  'copy from ',
  'copy to ',
  '--- ',
  '+++ ',
] as const;

export interface HeaderPath {
  /** The path without `a/` / `b/`, '' when the line names none. */
  path: string;
  /** `+++`, `rename to`, `copy to` and the right side of `diff --git` name the new file. */
  isNew: boolean;
}

/**
 * Adds every reading of the paths a header line names to `into` (all are matched against the
 * blocked globs) and returns the one to report the file under.
 */
export function headerLinePaths(line: string, into: string[]): HeaderPath {
  if (line.startsWith('diff --git ')) {
    return { path: gitHeaderPaths(line.slice('diff --git '.length).trimEnd(), into), isNew: true };
  }
  for (const prefix of HEADER_PATH_PREFIXES) {
    if (line.startsWith(prefix)) {
      const isNew = prefix === '+++ ' || prefix.endsWith(' to ');
      return { path: pathAt(line.trimEnd(), prefix.length, into), isNew };
    }
  }
  return { path: '', isNew: false };
}

const EXTENDED_HEADERS = [
  'index ',
  'old mode ',
  'new mode ',
  'deleted file mode ',
  'new file mode ',
  'similarity index ',
  'dissimilarity index ',
  'rename from ',
  'rename to ',
  'copy from ',
  'copy to ',
  '--- ',
  '+++ ',
  'Binary files ',
  'GIT binary patch',
] as const;

/** EXTENDED_HEADERS by their first character's code (all are ASCII). */
const EXTENDED_BY_FIRST: (readonly string[] | undefined)[] = [];
for (const prefix of EXTENDED_HEADERS) {
  const first = prefix.charCodeAt(0);
  EXTENDED_BY_FIRST[first] = [...(EXTENDED_BY_FIRST[first] ?? []), prefix];
}

/**
 * Whether the line at `start` of `text` is a header line git prints between `diff --git` and the
 * first hunk (no prefix holds a newline, so a shorter line never matches).
 */
export function isExtendedHeaderAt(text: string, start: number): boolean {
  const prefixes = EXTENDED_BY_FIRST[text.charCodeAt(start)];
  if (prefixes === undefined) return false;
  for (const prefix of prefixes) if (hasAt(text, start, prefix)) return true;
  return false;
}

/** `isExtendedHeaderAt` over the bytes of an ASCII span (`at` in `bytes`). */
export function isExtendedHeaderByte(bytes: Uint8Array, at: number): boolean {
  const prefixes = EXTENDED_BY_FIRST[bytes[at] as number];
  if (prefixes === undefined) return false;
  for (const prefix of prefixes) if (bytesHave(bytes, at, prefix)) return true;
  return false;
}

/** Header lines git prints between `diff --git` and the first hunk. */
export function isExtendedHeader(line: string): boolean {
  return isExtendedHeaderAt(line, 0);
}

/** Header lines that a blocked file keeps: they say what happened, not what the content was. */
export function keepsWhenBlocked(line: string): boolean {
  return !(
    line.startsWith('index ') ||
    line.startsWith('--- ') ||
    line.startsWith('+++ ') ||
    line.startsWith('Binary files ') ||
    line.startsWith('GIT binary patch')
  );
}

/**
 * P when the line at [start, newline) is `diff --git a/P b/P` with P non-empty, without a tab
 * and not ending in whitespace (so `headerLinePaths` reads a/P, P, b/P and P); '' otherwise.
 */
export function plainGitPath(text: string, start: number, newline: number): string {
  if (!hasAt(text, start, 'diff --git a/')) return '';
  const restStart = start + 11;
  const restLength = newline - restStart;
  const last = text.charCodeAt(newline - 1);
  if (restLength < 7 || restLength % 2 === 0 || last <= 32 || last > 126) return '';
  const half = (restLength - 1) / 2;
  if (text.charCodeAt(restStart + half) !== 32 || !hasAt(text, restStart + half + 1, 'b/'))
    return '';
  const plain = text.slice(restStart + 2, restStart + half);
  // A slice and `===` (a block compare) beat a loop over `charCodeAt` for a path.
  const right = restStart + half + 3;
  if (text.slice(right, right + plain.length) !== plain || plain.includes('\t')) return '';
  return plain;
}

/**
 * `plainGitPath` over the bytes of an ASCII span that holds the line: `bytes[i - base]` is the
 * character of `text` at `i`. The same answer, reading no character of `text` but P's slice.
 */
export function plainGitPathBytes(
  text: string,
  bytes: Uint8Array,
  base: number,
  start: number,
  newline: number,
): string {
  const from = start - base;
  const end = newline - base;
  if (!bytesHave(bytes, from, 'diff --git a/')) return '';
  const restStart = from + 11;
  const restLength = end - restStart;
  const last = bytes[end - 1] as number;
  if (restLength < 7 || restLength % 2 === 0 || last <= 32 || last > 126) return '';
  const half = (restLength - 1) / 2;
  const right = restStart + half + 3;
  if (bytes[restStart + half] !== 32 || !bytesHave(bytes, restStart + half + 1, 'b/')) return '';
  if (!bytesEqual(bytes, restStart + 2, right, half - 2)) return '';
  for (let index = restStart + 2; index < restStart + half; index++)
    if (bytes[index] === 9) return '';
  return text.slice(base + restStart + 2, base + restStart + half);
}
