import { createHash, createHmac, createSecretKey, hash } from 'node:crypto';
import picomatch from 'picomatch/posix.js';
import { RULE_IDS, type FirewallConfig, type RuleId } from './config.js';
import { detach } from './detach.js';

/** Paths longer than this are blocked unread: no real repository path is this long (PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

const MAX_CACHED_MARKERS = 4096;

/** Longest value (in UTF-8 bytes) `hmacHex` hashes in its scratch buffer; longer ones use createHmac. */
const MAX_SCRATCH_VALUE = 4096;

/**
 * HMAC-SHA256 (RFC 2104) of a value under `key`, hex: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)) by two
 * one-shot `hash` calls into scratch buffers. The same digest as `createHmac`, without the
 * objects it makes per call (a third of the time the firewall spent on a secret).
 */
function hmacHex(keyBytes: Buffer): (value: string) => string {
  const key = createSecretKey(keyBytes);
  const block = Buffer.alloc(64);
  (keyBytes.length > 64 ? createHash('sha256').update(keyBytes).digest() : keyBytes).copy(block);
  const inner = Buffer.allocUnsafe(64 + MAX_SCRATCH_VALUE);
  const outer = Buffer.allocUnsafe(64 + 32);
  for (let index = 0; index < 64; index++) {
    inner[index] = (block[index] as number) ^ 0x36;
    outer[index] = (block[index] as number) ^ 0x5c;
  }
  return (value) => {
    // At most 3 bytes per UTF-16 unit: a value this short always fits.
    if (value.length * 3 > MAX_SCRATCH_VALUE)
      return createHmac('sha256', key).update(value, 'utf8').digest('hex');
    const length = inner.write(value, 64, 'utf8');
    hash('sha256', inner.subarray(0, 64 + length), 'buffer').copy(outer, 64);
    return hash('sha256', outer, 'hex');
  };
}

/** A config compiled for use: glob matcher, rule switches, HMAC key. Immutable. */
export interface Policy {
  readonly active: boolean;
  readonly maxLineLength: number;
  enabled: (rule: RuleId) => boolean;
  isBlocked: (path: string) => boolean;
  /**
   * No blocked pattern has a `/`: `isBlocked` then depends on a path's file name and length only
   * (so `a/x/y`, `x/y` and `b/x/y` get one answer, the longest's).
   */
  readonly byNameOnly: boolean;
  /** `[hashed:sha256:<12 hex>]` for a secret value. */
  mark: (value: string) => string;
}

/** `text` at `at` is `word` (letters in any ASCII case: the only folding a non-unicode `i` regex does between ASCII and a name). */
function foldedAt(text: string, at: number, word: string): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let index = 0; index < word.length; index++) {
    const code = text.charCodeAt(at + index);
    const expected = word.charCodeAt(index);
    if (code === expected) continue;
    const lower = expected | 32;
    if (lower < 97 || lower > 122 || (code | 32) !== lower) return false;
  }
  return true;
}

/** A pattern of one literal, with at most a leading or a trailing `*`: `.env`, `*.pem`, `id_rsa*`. */
const SIMPLE = /^(\*?)([A-Za-z0-9._-]+)(\*?)$/;

/**
 * picomatch's matcher for a list, as one regular expression: the same test picomatch makes (the
 * glob itself, or its compiled regex), one regex run instead of one per pattern. The regex runs
 * only when some pattern may match: a simple pattern (`.env`, `*.pem`, `id_rsa*`) needs the name
 * to be, end with or start with its literal, which a few comparisons rule out (most names).
 */
function anyOf(
  patterns: readonly string[],
  options: { dot: boolean; nocase: boolean },
): (input: string) => boolean {
  const literal = new Set(patterns);
  const combined = new RegExp(
    patterns.map((pattern) => `(?:${picomatch.makeRe(pattern, options).source})`).join('|'),
    'i',
  );
  // The simple patterns' literals, by the character (lowercased) a name must have where they
  // sit: an exact name's and a prefix's first one, a suffix's last one.
  const byFirst = new Map<number, { word: string; exact: boolean }[]>();
  const bySuffixEnd = new Map<number, string[]>();
  const fold = (code: number): number => (code >= 65 && code <= 90 ? code | 32 : code);
  let other = false;
  for (const pattern of patterns) {
    const simple = SIMPLE.exec(pattern);
    const word = simple?.[2] ?? '';
    if (simple === null || (simple[1] === '*' && simple[3] === '*')) other = true;
    else if (simple[1] === '*') {
      const key = fold(word.charCodeAt(word.length - 1));
      bySuffixEnd.set(key, [...(bySuffixEnd.get(key) ?? []), word]);
    } else {
      const key = fold(word.charCodeAt(0));
      byFirst.set(key, [...(byFirst.get(key) ?? []), { word, exact: simple[3] !== '*' }]);
    }
  }
  const mayMatch = (input: string): boolean => {
    if (other) return true;
    for (const { word, exact } of byFirst.get(fold(input.charCodeAt(0))) ?? []) {
      if ((!exact || input.length === word.length) && foldedAt(input, 0, word)) return true;
    }
    for (const word of bySuffixEnd.get(fold(input.charCodeAt(input.length - 1))) ?? []) {
      if (foldedAt(input, input.length - word.length, word)) return true;
    }
    return false;
  };
  return (input) =>
    input !== '' && (literal.has(input) || (mayMatch(input) && combined.test(input)));
}

export function compilePolicy(config: FirewallConfig): Policy {
  // A pattern without a slash (`.env`, `*.pem`) matches the file name in any directory, as in
  // .gitignore; one with a slash matches the whole path. (picomatch's own `basename` option does
  // the same but splits the path with a regex on every call: 10× slower here.)
  // `dot`: `*` and `**` match dotfiles and dot-directories (`.env.local`, `.ssh/…`).
  // `nocase`: `ID_RSA`, `Server.PEM` on case-insensitive checkouts are the same files.
  const options = { dot: true, nocase: true };
  const namePatterns = config.blockedPaths.filter((pattern) => !pattern.includes('/'));
  const pathPatterns = config.blockedPaths
    .filter((pattern) => pattern.includes('/'))
    .map((pattern) => (pattern.startsWith('/') ? pattern.slice(1) : pattern));
  const matchesName = namePatterns.length === 0 ? () => false : anyOf(namePatterns, options);
  const matchesPath = pathPatterns.length === 0 ? () => false : picomatch(pathPatterns, options);
  const hmac = hmacHex(Buffer.from(config.hashKey, 'utf8'));
  // A Set of the rules on: `rules[rule]` on the parsed config (an object of ~90 keys, which V8
  // keeps as a dictionary) cost ~35 ns a call, ~3 % of the stream on Node 24.
  const on = new Set(RULE_IDS.filter((rule) => config.rules[rule]));
  // A diff shows most secrets twice (the `-` and the `+` line) and a file shows the same key in
  // several places: markers are remembered per policy, in a map emptied when full. It lives and
  // dies with the config, so a key change never serves an old marker.
  const markers = new Map<string, string>();
  // A diff names each file up to four times (`a/x`, `b/x`, with and without the prefix), all with
  // the same file name: the last name's answer is remembered.
  let lastName: string | null = null;
  let lastNameBlocked = false;
  return {
    active: config.enabled,
    maxLineLength: config.maxLineLength,
    byNameOnly: pathPatterns.length === 0,
    enabled: (rule) => on.has(rule),
    isBlocked: (path) => {
      if (path.length > MAX_PATH_LENGTH) return true;
      let start = 0;
      while (path.charCodeAt(start) === 47) start++;
      const clean = start === 0 ? path : path.slice(start);
      let slash = clean.length - 1;
      while (slash >= 0 && clean.charCodeAt(slash) !== 47) slash--;
      const name = clean.slice(slash + 1);
      if (name !== lastName) {
        lastNameBlocked = matchesName(name);
        lastName = name;
      }
      return lastNameBlocked || matchesPath(clean);
    },
    mark: (value) => {
      let marker = markers.get(value);
      if (marker === undefined) {
        if (markers.size >= MAX_CACHED_MARKERS) markers.clear();
        marker = `[hashed:sha256:${hmac(value).slice(0, 12)}]`;
        // Detached: the value is a slice of an input chunk, which the cache must not keep alive.
        markers.set(detach(value), marker);
      }
      return marker;
    },
  };
}
