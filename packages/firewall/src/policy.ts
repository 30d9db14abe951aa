import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import picomatch from 'picomatch/posix.js';
import type { FirewallConfig, RuleId } from './config.js';
import { detach } from './detach.js';

/** Paths longer than this are blocked unread: no real repository path is this long (PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

const MAX_CACHED_MARKERS = 4096;

/** A config compiled for use: glob matcher, rule switches, HMAC key. Immutable. */
export interface Policy {
  readonly active: boolean;
  readonly maxLineLength: number;
  enabled: (rule: RuleId) => boolean;
  isBlocked: (path: string) => boolean;
  /** `[hashed:sha256:<12 hex>]` for a secret value. */
  mark: (value: string) => string;
}

/**
 * picomatch's matcher for a list, as one regular expression: the same test picomatch makes (the
 * glob itself, or its compiled regex), one regex run instead of one per pattern.
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
  return (input) => input !== '' && (literal.has(input) || combined.test(input));
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
  const key: KeyObject = createSecretKey(Buffer.from(config.hashKey, 'utf8'));
  const rules = config.rules;
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
    enabled: (rule) => rules[rule],
    isBlocked: (path) => {
      if (path.length > MAX_PATH_LENGTH) return true;
      let start = 0;
      while (path.charCodeAt(start) === 47) start++;
      const clean = start === 0 ? path : path.slice(start);
      const name = clean.slice(clean.lastIndexOf('/') + 1);
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
        marker = `[hashed:sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 12)}]`;
        // Detached: the value is a slice of an input chunk, which the cache must not keep alive.
        markers.set(detach(value), marker);
      }
      return marker;
    },
  };
}
