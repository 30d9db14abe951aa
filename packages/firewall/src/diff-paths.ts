/**
 * Paths named by the header lines of one file in a unified diff. Git quotes paths with unusual
 * characters C-style (`"a/caf\303\251.env"`); see core.quotePath in
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-corequotePath.
 */

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

/** Header lines git prints between `diff --git` and the first hunk. */
export function isExtendedHeader(line: string): boolean {
  for (const prefix of EXTENDED_HEADERS) if (line.startsWith(prefix)) return true;
  return false;
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
