import type { RuleId } from './config.js';
import {
  ALNUM,
  ALNUM_UNDERSCORE,
  BASE64URL,
  GITLAB_TOKEN,
  SLACK_TOKEN,
  UPPER_DIGITS,
  isIn,
  type CharClass,
} from './chars.js';
import type { Finding } from './finding.js';

/**
 * A token format recognised by a literal prefix and a run of body characters. The whole token
 * (prefix included) is the secret. Neither side may touch another letter or digit, so `xAKIA…`
 * or a 30-character `AKIA…` run is left alone.
 */
interface PrefixedToken {
  rule: RuleId;
  prefixes: readonly string[];
  body: CharClass;
  /** Body length bounds (after the prefix). */
  min: number;
  max: number;
}

// Formats from the providers' own documentation:
// GitHub https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
// GitLab https://docs.gitlab.com/security/tokens/#token-prefixes
// Slack  https://docs.slack.dev/authentication/tokens
// AWS    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
// Stripe https://docs.stripe.com/keys
// Google https://cloud.google.com/docs/authentication/api-keys
const PREFIXED_TOKENS: readonly PrefixedToken[] = [
  {
    rule: 'github-token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: ALNUM,
    min: 36,
    max: 251,
  },
  { rule: 'github-token', prefixes: ['github_pat_'], body: ALNUM_UNDERSCORE, min: 40, max: 244 },
  { rule: 'gitlab-token', prefixes: ['glpat-'], body: GITLAB_TOKEN, min: 20, max: 200 },
  {
    rule: 'slack-token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-'],
    body: SLACK_TOKEN,
    min: 10,
    max: 250,
  },
  {
    rule: 'aws-access-key-id',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    body: UPPER_DIGITS,
    min: 16,
    max: 16,
  },
  {
    rule: 'stripe-key',
    prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
    body: ALNUM,
    min: 16,
    max: 247,
  },
  { rule: 'google-api-key', prefixes: ['AIza'], body: BASE64URL, min: 35, max: 35 },
];

function touchesWord(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isIn(ALNUM, text.charCodeAt(index));
}

/** Length of the run of `table` characters at `from` (stops at `limit` characters). */
function runLength(text: string, from: number, table: CharClass, limit: number): number {
  let end = from;
  const stop = Math.min(text.length, from + limit);
  while (end < stop && isIn(table, text.charCodeAt(end))) end++;
  return end - from;
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
        !touchesWord(text, end)
      ) {
        out.push({ start: at, end, rule: token.rule, counts: true });
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

/** Whether a line can hold any well-known token: one regex test instead of a dozen searches. */
const TOKEN_HINT =
  /gh[pousr]_|github_pat_|glpat-|xox[abeprs]-|A[KS]IA|ABIA|ACCA|[sr]k_live_|[sr]k_test_|AIza|eyJ/;

/** Every well-known token in `text`, in no particular order. */
export function scanTokens(text: string, out: Finding[], enabled: (rule: RuleId) => boolean): void {
  if (!TOKEN_HINT.test(text)) return;
  for (const token of PREFIXED_TOKENS) scanPrefixed(text, token, out, enabled);
  if (enabled('jwt')) scanJwts(text, out);
}
