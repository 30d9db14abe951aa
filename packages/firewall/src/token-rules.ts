import type { RuleId } from './config.js';
import { ALNUM, AZURE_SECRET, BASE64URL, DIGIT, isIn, runLength } from './chars.js';
import type { Finding } from './finding.js';
import { PREFIXED_TOKENS, type PrefixedToken } from './token-formats.js';
import { hasNoLongRun } from './token-shapes.js';

const OPENAI_MARK = 'T3BlbkFJ';
const AZURE_MARK = 'Q~';

/** Every literal the pre-filter looks for on behalf of the token rules (each ≥ 3 characters). */
export const TOKEN_KEYWORDS: readonly string[] = [
  ...new Set([
    ...PREFIXED_TOKENS.flatMap((token) => token.keywords ?? token.prefixes),
    'eyJ',
    OPENAI_MARK,
    ...Array.from('0123456789', (digit) => `${digit}${AZURE_MARK}`),
  ]),
];

function touchesWord(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isIn(ALNUM, text.charCodeAt(index));
}

function scanPrefixed(
  text: string,
  token: PrefixedToken,
  out: Finding[],
  enabled: (rule: RuleId) => boolean,
): void {
  if (!enabled(token.rule)) return;
  for (const prefix of token.prefixes) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(prefix, from);
      if (at < 0) break;
      const bodyStart = at + prefix.length;
      // One past max is enough to tell "too long"; the next search resumes after the run, so each
      // character is read a bounded number of times per prefix.
      const length = runLength(text, bodyStart, token.body, token.max + 1);
      const end = bodyStart + length;
      if (
        length >= token.min &&
        length <= token.max &&
        !touchesWord(text, at - 1) &&
        !touchesWord(text, end) &&
        (token.check === undefined || token.check(text, bodyStart, end)) &&
        (token.rejectRuns !== true || hasNoLongRun(text, bodyStart, end))
      ) {
        out.push({
          start: token.keepPrefix === true ? bodyStart : at,
          end,
          rule: token.rule,
          counts: true,
        });
      }
      from = Math.max(end, at + 1);
    }
  }
}

/** `header.payload.signature`, header and payload base64url JSON (so they start with `eyJ`). */
function scanJwts(text: string, out: Finding[]): void {
  let from = 0;
  for (;;) {
    const at = text.indexOf('eyJ', from);
    if (at < 0) return;
    from = at + 3;
    if (touchesWord(text, at - 1)) continue;
    const header = runLength(text, at, BASE64URL, 4096);
    let cursor = at + header;
    from = Math.max(from, cursor);
    if (header < 10 || text.charCodeAt(cursor) !== 46 || !text.startsWith('eyJ', cursor + 1))
      continue;
    const payload = runLength(text, cursor + 1, BASE64URL, 65536);
    cursor += 1 + payload;
    from = Math.max(from, cursor);
    if (payload < 10 || text.charCodeAt(cursor) !== 46) continue;
    const signature = runLength(text, cursor + 1, BASE64URL, 4096);
    cursor += 1 + signature;
    from = Math.max(from, cursor);
    // An unsigned token (`alg: none`, empty signature) grants nothing on its own.
    if (signature < 16 || touchesWord(text, cursor)) continue;
    out.push({ start: at, end: cursor, rule: 'jwt', counts: true });
  }
}

/** The legacy OpenAI key: `sk-` + 20 letters/digits + `T3BlbkFJ` + 20 letters/digits. */
function scanOpenAiLegacy(text: string, out: Finding[]): void {
  let from = 0;
  for (;;) {
    const mark = text.indexOf(OPENAI_MARK, from);
    if (mark < 0) return;
    from = mark + OPENAI_MARK.length;
    const start = mark - 23;
    const end = from + 20;
    if (
      start >= 0 &&
      text.startsWith('sk-', start) &&
      runLength(text, start + 3, ALNUM, 20) === 20 &&
      runLength(text, from, ALNUM, 21) === 20 &&
      !touchesWord(text, start - 1)
    )
      out.push({ start, end, rule: 'openai-api-key', counts: true });
  }
}

/**
 * Azure AD (Entra ID) client secrets: 3 characters, a digit, `Q~`, then 31–34 characters of
 * `[A-Za-z0-9_~.-]`, standing alone (not inside a longer run of those characters).
 */
function scanAzureSecrets(text: string, out: Finding[]): void {
  let from = 0;
  for (;;) {
    const mark = text.indexOf(AZURE_MARK, from);
    if (mark < 0) return;
    from = mark + AZURE_MARK.length;
    const start = mark - 4;
    if (start < 0 || !isIn(DIGIT, text.charCodeAt(mark - 1))) continue;
    if (runLength(text, start, AZURE_SECRET, 3) !== 3) continue;
    if (start > 0 && isIn(AZURE_SECRET, text.charCodeAt(start - 1))) continue;
    const tail = runLength(text, from, AZURE_SECRET, 35);
    if (tail < 31 || tail > 34) continue;
    out.push({ start, end: from + tail, rule: 'azure-ad-client-secret', counts: true });
    from += tail;
  }
}

/**
 * Every well-known token in `text`, in no particular order. The engine calls it only for lines on
 * which the keyword pre-filter saw one of TOKEN_KEYWORDS.
 */
export function scanTokens(text: string, out: Finding[], enabled: (rule: RuleId) => boolean): void {
  for (const token of PREFIXED_TOKENS) scanPrefixed(text, token, out, enabled);
  if (enabled('jwt')) scanJwts(text, out);
  if (enabled('openai-api-key')) scanOpenAiLegacy(text, out);
  if (enabled('azure-ad-client-secret')) scanAzureSecrets(text, out);
}
