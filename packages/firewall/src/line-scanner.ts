import { scanAssignments, type ContentMode } from './assignment-rule.js';
import type { RuleId } from './config.js';
import { disjoint, type Finding } from './finding.js';
import { scanPemBodyLine, scanPemHeaders } from './private-key.js';
import { scanTokens } from './token-rules.js';
import { ASSIGNMENT, PEM, TOKEN, URL } from './keywords.js';
import { scanUrlCredentials } from './url-credentials.js';

export interface LineScan {
  /** Sorted, non-overlapping. */
  findings: Finding[];
  /** Whether the next line is inside a private-key block. */
  inPem: boolean;
}

const NONE: Finding[] = [];

export function scanLine(
  text: string,
  mode: ContentMode,
  inPem: boolean,
  enabled: (rule: RuleId) => boolean,
  /** Which rule families' keywords the pre-filter saw on the line (keywords.ts). */
  families: number,
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
  if ((families & PEM) !== 0 && enabled('private-key')) {
    const pem = scanPemHeaders(text);
    for (const finding of pem.findings) found.push(finding);
    open = pem.open;
  }
  if ((families & TOKEN) !== 0) scanTokens(text, found, enabled);
  if ((families & URL) !== 0 && enabled('url-credentials')) scanUrlCredentials(text, found);
  if ((families & ASSIGNMENT) === 0) return { findings: disjoint(found), inPem: open };
  const prior = disjoint(found);
  const assignments: Finding[] = [];
  scanAssignments(text, mode, prior, assignments, enabled);
  if (assignments.length === 0) return { findings: prior.length === 0 ? NONE : prior, inPem: open };
  return { findings: disjoint([...prior, ...assignments]), inPem: open };
}
