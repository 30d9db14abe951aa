import { scanAssignments, type ContentMode } from './assignment-rule.js';
import type { RuleId } from './config.js';
import { disjoint, type Finding } from './finding.js';
import { scanPemBodyLine, scanPemHeaders } from './private-key.js';
import { scanTokens } from './token-rules.js';
import { mentionsSecretWord } from './secret-words.js';
import { scanUrlCredentials } from './url-credentials.js';

export interface LineScan {
  /** Sorted, non-overlapping. */
  findings: Finding[];
  /** Whether the next line is inside a private-key block. */
  inPem: boolean;
}

const NONE: Finding[] = [];
const TOKEN_OR_PEM_HINT =
  /gh[pousr]_|github_pat_|glpat-|xox[abeprs]-|A[KS]IA|ABIA|ACCA|[sr]k_live_|[sr]k_test_|AIza|eyJ|-----BEGIN |:\/\//;

/**
 * Whether a line the engine's trigger hit (it has `=` or `:`) can hold a secret at all: a secret
 * word in any case, a token prefix, a PEM header or a URL. Most code lines with an operator have
 * none, and this costs a fraction of running the rules.
 */
export function mayHoldSecret(text: string): boolean {
  return mentionsSecretWord(text) || TOKEN_OR_PEM_HINT.test(text);
}

export function scanLine(
  text: string,
  mode: ContentMode,
  inPem: boolean,
  enabled: (rule: RuleId) => boolean,
): LineScan {
  const found: Finding[] = [];
  let open = false;
  if (inPem) {
    const body = scanPemBodyLine(text);
    if (body !== null) {
      if (body.finding !== null) found.push(body.finding);
      if (body.open) return { findings: found, inPem: true };
    }
  }
  if (enabled('private-key') && text.includes('-----BEGIN ')) {
    const pem = scanPemHeaders(text);
    for (const finding of pem.findings) found.push(finding);
    open = pem.open;
  }
  scanTokens(text, found, enabled);
  if (enabled('url-credentials')) scanUrlCredentials(text, found);
  const prior = disjoint(found);
  const assignments: Finding[] = [];
  scanAssignments(text, mode, prior, assignments, enabled);
  if (assignments.length === 0) return { findings: prior.length === 0 ? NONE : prior, inPem: open };
  return { findings: disjoint([...prior, ...assignments]), inPem: open };
}
