import type { RuleId } from './config.js';

/** A secret value at `[start, end)` of one scanned line (or line piece). */
export interface Finding {
  start: number;
  end: number;
  rule: RuleId;
  /** False for the second and later lines of one private-key block, which count once. */
  counts: boolean;
}

/** Sorts by start and drops any finding that overlaps one before it (the earlier one wins). */
export function disjoint(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  let end = -1;
  for (const finding of findings) {
    if (finding.start < end) continue;
    kept.push(finding);
    end = finding.end;
  }
  return kept;
}
