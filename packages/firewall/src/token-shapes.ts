/**
 * The checks of a token's inner structure that token-formats.ts gives its prefixed formats (a
 * body's parts, separators, padding, a payload's fields), and the placeholder test every format
 * uses.
 */
import {
  BASE64URL,
  BASE64_BODY,
  FLUTTERWAVE,
  DIGIT,
  HEX,
  isIn,
  runLength,
  type CharClass,
} from './chars.js';

/** No run of 8 or more identical characters: `XXXXXXXX…`, `00000000…` are documentation. */
export function hasNoLongRun(text: string, start: number, end: number): boolean {
  let run = 1;
  for (let index = start + 1; index < end; index++) {
    run = text.charCodeAt(index) === text.charCodeAt(index - 1) ? run + 1 : 1;
    if (run >= 8) return false;
  }
  return true;
}

/** Discord webhook: a 17–20 digit id, `/`, then a 60–100 character base64url token. */
export function discordShape(text: string, start: number, end: number): boolean {
  let index = start;
  while (index < end && isIn(DIGIT, text.charCodeAt(index))) index++;
  const id = index - start;
  if (id < 17 || id > 20 || text.charCodeAt(index) !== 47) return false;
  const token = end - index - 1;
  if (token < 60 || token > 100) return false;
  for (let at = index + 1; at < end; at++) if (!isIn(BASE64URL, text.charCodeAt(at))) return false;
  return true;
}

/** Base64 characters of `body` (at least `min`), then up to three `=` at the end only. */
export function paddedShape(
  text: string,
  start: number,
  end: number,
  body: CharClass,
  min: number,
): boolean {
  const length = runLength(text, start, body, end - start);
  if (length < min) return false;
  for (let index = start + length; index < end; index++)
    if (text.charCodeAt(index) !== 61) return false;
  return end - start - length <= 3;
}

/**
 * 1Password secret key after `A3-`: six, then eleven (or six and five), then three groups of
 * five upper-case letters or digits, joined by dashes (gitleaks `1password-secret-key`).
 */
export function onePasswordKeyShape(text: string, start: number, end: number): boolean {
  const groups = text.slice(start, end).split('-');
  const sizes = groups.map((group) => group.length).join(',');
  return sizes === '6,11,5,5,5' || sizes === '6,6,5,5,5,5';
}

/**
 * `first` characters of `table`, `separator`, then `second` characters of `then` (the same table
 * unless given): SendGrid's `22.43`, Postman's `24-34` hex, Grafana's `32_8`, LangSmith's `32_10`.
 */
export function twoParts(
  separator: number,
  first: number,
  second: number,
  table: CharClass,
  then: CharClass = table,
) {
  return (text: string, start: number, end: number): boolean =>
    end - start === first + 1 + second &&
    text.charCodeAt(start + first) === separator &&
    runLength(text, start, table, first) === first &&
    runLength(text, start + first + 1, then, second) === second;
}

/** Flutterwave secret key body: 32 of `[a-h0-9]` (any case) then `-X`; with `twelve`, also 12 alone. */
export function flutterwaveShape(twelve: boolean) {
  return (text: string, start: number, end: number): boolean => {
    const length = end - start;
    if (twelve && length === 12) return runLength(text, start, FLUTTERWAVE, 12) === 12;
    return (
      length === 34 &&
      runLength(text, start, FLUTTERWAVE, 32) === 32 &&
      text.charCodeAt(start + 32) === 45 &&
      text.charCodeAt(start + 33) === 88
    );
  };
}

/** Sourcegraph tokens after `sgp_`: 40 hex (legacy), or 16 hex, `_`, 40 hex. */
const sourcegraphParts = twoParts(95, 16, 40, HEX);
export function sourcegraphShape(text: string, start: number, end: number): boolean {
  return end - start === 40
    ? runLength(text, start, HEX, 40) === 40
    : sourcegraphParts(text, start, end);
}

/** Base64 JSON fragments a Sentry organization token's payload holds (`region_url`). */
const SENTRY_REGION = ['LCJyZWdpb25fdXJs', 'InJlZ2lvbl91cmwi', 'cmVnaW9uX3VybCI6'];

/**
 * Sentry organization token after `sntrys_eyJpYXQiO` (`{"iat":`): the rest of its base64 JSON
 * payload, which names a `region_url`, then `_` and a 43-character base64 secret
 * (https://github.com/getsentry/rfcs/blob/main/text/0091-ci-upload-tokens.md).
 */
export function sentryOrgShape(text: string, start: number, end: number): boolean {
  const separator = text.indexOf('_', start);
  if (separator < 0 || separator !== end - 44) return false;
  if (runLength(text, separator + 1, BASE64_BODY, 43) !== 43) return false;
  if (!paddedShape(text, start, separator, BASE64_BODY, 20)) return false;
  const payload = text.slice(start, separator);
  return SENTRY_REGION.some((fragment) => payload.includes(fragment));
}
