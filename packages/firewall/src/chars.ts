/**
 * ASCII character classes as lookup tables. Every scanner in this package walks a string with
 * `charCodeAt` and these tables instead of regular expressions, so its cost is one pass over the
 * input whatever the input is.
 */
export type CharClass = Uint8Array;

export function charClass(chars: string): CharClass {
  const table = new Uint8Array(128);
  for (let index = 0; index < chars.length; index++) table[chars.charCodeAt(index)] = 1;
  return table;
}

/** Length of the run of `table` characters at `from` (stops at `limit` characters). */
export function runLength(text: string, from: number, table: CharClass, limit: number): number {
  let end = from;
  const stop = Math.min(text.length, from + limit);
  while (end < stop && isIn(table, text.charCodeAt(end))) end++;
  return end - from;
}

export function isIn(table: CharClass, code: number): boolean {
  return code < 128 && table[code] === 1;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export const ALNUM = charClass(UPPER + LOWER + DIGITS);
export const UPPER_DIGITS = charClass(UPPER + DIGITS);
export const ALNUM_UNDERSCORE = charClass(UPPER + LOWER + DIGITS + '_');
export const BASE64URL = charClass(UPPER + LOWER + DIGITS + '-_');
export const GITLAB_TOKEN = charClass(UPPER + LOWER + DIGITS + '-_.');
export const SLACK_TOKEN = charClass(UPPER + LOWER + DIGITS + '-');
export const BASE64 = charClass(UPPER + LOWER + DIGITS + '+/=');
/** Characters of a name on the left of `=` / `:` (`api_key`, `db.password`, `$token`, `--pass`). */
export const NAME = charClass(UPPER + LOWER + DIGITS + '_-.$@');
export const DIGIT = charClass(DIGITS);
export const HEX = charClass(DIGITS + 'abcdefABCDEF');
export const LOWER_HEX = charClass(DIGITS + 'abcdef');
/** Slack webhook paths (`T…/B…/…`) and Discord webhook paths (`<id>/<token>`). */
export const WEBHOOK_PATH = charClass(UPPER + LOWER + DIGITS + '-_/+');
/** SendGrid keys: two base64url segments joined by a dot. */
export const BASE64URL_DOT = charClass(UPPER + LOWER + DIGITS + '-_.');
/** Atlassian API tokens. */
export const BASE64URL_EQ = charClass(UPPER + LOWER + DIGITS + '-_=');
/** Azure AD client secrets. */
export const AZURE_SECRET = charClass(UPPER + LOWER + DIGITS + '_~.-');
export const LETTER = charClass(UPPER + LOWER);
/** Postman API keys: two hex runs joined by a dash. */
export const HEX_DASH = charClass(DIGITS + 'abcdefABCDEF-');
/** Databricks tokens (gitleaks reads `[a-h0-9]`). */
export const DATABRICKS = charClass(DIGITS + 'abcdefgh');
/** Flutterwave's secret key characters, `[a-h0-9]` in any case (gitleaks `(?i)[a-h0-9]`). */
export const FLUTTERWAVE = charClass(DIGITS + 'abcdefghABCDEFGH');
/** PlanetScale tokens and passwords: `[\w=.-]`. */
export const BASE64URL_DOT_EQ = charClass(UPPER + LOWER + DIGITS + '-_.=');
/** 1Password secret keys: upper-case groups joined by dashes. */
export const UPPER_DIGITS_DASH = charClass(UPPER + DIGITS + '-');
/** `[A-Za-z0-9+/]`: base64 without its padding. */
export const BASE64_BODY = charClass(UPPER + LOWER + DIGITS + '+/');
/** Base64 with `_` (a Sentry organization token: payload `_` secret). */
export const BASE64_UNDERSCORE = charClass(UPPER + LOWER + DIGITS + '+/=_');
/** `[a-z0-9]` (LangSmith keys). */
export const LOWER_ALNUM = charClass(LOWER + DIGITS);
/** Bech32's alphabet in upper case (age secret keys). */
export const BECH32_UPPER = charClass('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L');

export const SPACE = 32;
export const TAB = 9;
export const CR = 13;

export function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === CR || code === 12 || code === 11;
}

export function isQuote(code: number): boolean {
  return code === 34 || code === 39 || code === 96;
}

/**
 * `text.startsWith(word, at)` as a loop over `charCodeAt`: the builtin is a call, dear for the
 * short prefixes the diff parser tests on every header line.
 */
export function hasAt(text: string, at: number, word: string): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let index = 0; index < word.length; index++) {
    if (text.charCodeAt(at + index) !== word.charCodeAt(index)) return false;
  }
  return true;
}

/** `hasAt` over bytes (the ASCII span `KeywordHits.ascii` describes): no `charCodeAt` on the text. */
export function bytesHave(bytes: Uint8Array, at: number, word: string): boolean {
  if (at < 0 || at + word.length > bytes.length) return false;
  for (let index = 0; index < word.length; index++) {
    if (bytes[at + index] !== word.charCodeAt(index)) return false;
  }
  return true;
}

/** Whether bytes [a, a + length) and [b, b + length) are the same. */
export function bytesEqual(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let index = 0; index < length; index++)
    if (bytes[a + index] !== bytes[b + index]) return false;
  return true;
}
