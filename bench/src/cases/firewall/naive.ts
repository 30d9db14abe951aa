import { createHmac } from 'node:crypto';

/**
 * The baseline the issue asks for: every rule a regex, every line tested against every rule, the
 * way a first version would be written. It detects roughly what @scm/firewall detects on single
 * lines (no state across lines: a private-key body is not followed), so its cost per byte is the
 * comparison, not its accuracy.
 */
const ASSIGN = String.raw`\w*["']?\s*(?:=>|:=|=|:)\s*["']?)([^"'\s,;]{4,})`;

/** Whole-match rules hash the match; two-group rules keep group 1 and hash group 2. */
const RULES: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{36,251}\b/g,
  /\bgithub_pat_\w{40,244}\b/g,
  /\bglpat-[\w.-]{20,}/g,
  /\bxox[abeprs]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bAIza[\w-]{35}\b/g,
  /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{16,}/g,
  /(-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----)(.+)/g,
  /([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]+)(?=@)/gi,
  new RegExp(String.raw`(\b\w*(?:password|passwd|pwd)` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*secret` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*token` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*api[_-]?key` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*(?:private|access|signing|encryption|client)[_-]?key` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*auth` + ASSIGN, 'gi'),
  new RegExp(String.raw`(\b\w*cred(?:ential)?s?` + ASSIGN, 'gi'),
  /(\bAuthorization:\s*(?:Bearer|Basic|token)\s+)(\S+)/gi,
  /(\baws_secret_access_key\s*[=:]\s*["']?)([A-Za-z0-9/+=]{40})/gi,
];

export function createNaiveScanner(
  hashKey: string,
): (text: string) => { text: string; findings: number } {
  return (text) => {
    let findings = 0;
    const mark = (value: string): string => {
      findings++;
      return `[hashed:sha256:${createHmac('sha256', hashKey).update(value).digest('hex').slice(0, 12)}]`;
    };
    const replace = (match: string, ...groups: unknown[]): string =>
      typeof groups[0] === 'string' && typeof groups[1] === 'string'
        ? groups[0] + mark(groups[1])
        : mark(match);
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      let line = lines[index] ?? '';
      for (const rule of RULES) {
        rule.lastIndex = 0;
        if (rule.test(line)) {
          rule.lastIndex = 0;
          line = line.replace(rule, replace);
        }
      }
      lines[index] = line;
    }
    return { text: lines.join('\n'), findings };
  };
}
