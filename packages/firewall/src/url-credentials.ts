import { LETTER, isIn, isQuote, isSpace } from './chars.js';
import type { Finding } from './finding.js';
import { isPlaceholder } from './placeholders.js';

const MAX_USERINFO = 512;
const MAX_SCHEME = 32;

function endsUserinfo(code: number): boolean {
  // `/ ? #` end the authority (RFC 3986 §3.2); whitespace, quotes and brackets end the URL in text.
  return (
    code === 47 ||
    code === 63 ||
    code === 35 ||
    isSpace(code) ||
    isQuote(code) ||
    code === 60 ||
    code === 62 ||
    code === 40 ||
    code === 41 ||
    code === 92
  );
}

/**
 * `scheme://user:password@host`: the password (between the first `:` and the last `@` of the
 * userinfo) is the secret; the user and host stay readable. Left alone: no password
 * (`https://user@host`), `host:port` without `@`, and placeholder passwords (`${DB_PASS}`,
 * `<password>`, `****`).
 */
export function scanUrlCredentials(text: string, out: Finding[]): void {
  let from = 0;
  for (;;) {
    const at = text.indexOf('://', from);
    if (at < 0) return;
    from = at + 3;
    let scheme = 0;
    while (
      scheme < MAX_SCHEME &&
      at - scheme - 1 >= 0 &&
      isIn(LETTER, text.charCodeAt(at - scheme - 1))
    )
      scheme++;
    if (scheme === 0) continue;
    const start = at + 3;
    let colon = -1;
    let lastAt = -1;
    let cursor = start;
    const limit = Math.min(text.length, start + MAX_USERINFO);
    while (cursor < limit) {
      const code = text.charCodeAt(cursor);
      if (endsUserinfo(code)) break;
      if (code === 58 && colon < 0 && lastAt < 0) colon = cursor;
      else if (code === 64) lastAt = cursor;
      cursor++;
    }
    from = Math.max(from, cursor);
    if (colon < 0 || lastAt < colon + 2) continue;
    const password = text.slice(colon + 1, lastAt);
    if (isPlaceholder(password)) continue;
    out.push({ start: colon + 1, end: lastAt, rule: 'url-credentials', counts: true });
  }
}
