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
/** The result of a line with nothing found, by `inPem`: most lines, so they allocate nothing. */
const CLEAN: LineScan = { findings: NONE, inPem: false };
const CLEAN_OPEN: LineScan = { findings: NONE, inPem: true };
/** Scratch lists, emptied on every call; a line with findings gets its own copy. */
const FOUND: Finding[] = [];
const ASSIGNED: Finding[] = [];

export function scanLine(
  text: string,
  mode: ContentMode,
  inPem: boolean,
  enabled: (rule: RuleId) => boolean,
  /** Which rule families' keywords the pre-filter saw on the line (keywords.ts). */
  families: number,
  /**
   * The operators (`=`, `:`, `,`) after a name with a secret word stem, in order, when the
   * pre-filter read them (`KeywordHits.operator`): the assignment rule looks at these only, the
   * first `operatorCount`. Null: every operator.
   */
  operators: Int32Array | null = null,
  operatorCount = 0,
): LineScan {
  const found = FOUND;
  if (found.length !== 0) found.length = 0;
  let open = false;
  if (inPem) {
    const body = scanPemBodyLine(text);
    if (body !== null) {
      if (body.finding !== null) found.push(body.finding);
      if (body.open) return found.length === 0 ? CLEAN_OPEN : { findings: [...found], inPem: true };
    }
  }
  if ((families & PEM) !== 0 && enabled('private-key')) {
    const pem = scanPemHeaders(text);
    for (const finding of pem.findings) found.push(finding);
    open = pem.open;
  }
  if ((families & TOKEN) !== 0) scanTokens(text, found, enabled);
  if ((families & URL) !== 0 && enabled('url-credentials')) scanUrlCredentials(text, found);
  const prior = found.length === 0 ? NONE : disjoint([...found]);
  if ((families & ASSIGNMENT) !== 0) {
    const assigned = ASSIGNED;
    if (assigned.length !== 0) assigned.length = 0;
    scanAssignments(text, mode, prior, assigned, enabled, operators, operatorCount);
    if (assigned.length > 0) return { findings: disjoint([...prior, ...assigned]), inPem: open };
  }
  return prior.length === 0 ? (open ? CLEAN_OPEN : CLEAN) : { findings: prior, inPem: open };
}
