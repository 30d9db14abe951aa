/**
 * A unified diff of two versions of a text file, built by the adapter: Azure DevOps' REST API has
 * no patch endpoint (its diffs API lists changed files only), so the adapter reads both versions
 * through the items API and writes the hunk itself.
 *
 * One hunk spans everything between the common prefix and the common suffix of the two versions,
 * with three lines of context each side: valid unified diff (`git apply` takes it), linear in the
 * size of the files, with no backtracking on hostile input. When changes sit far apart it is one
 * larger hunk rather than several (it is not a minimal diff).
 */

const CONTEXT_LINES = 3;

/** Lines of a text; the newline that ends the last line does not make an empty line. */
export function toLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A hunk range from a 0-based start: `l,n`, `l` for one line, `l,0` for none. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

export interface UnifiedHunk {
  /** From the `@@` line on, as GitHub's `patch` field has it; empty when nothing changed. */
  patch: string;
  additions: number;
  deletions: number;
}

export function unifiedHunk(oldContent: string, newContent: string): UnifiedHunk {
  const before = toLines(oldContent);
  const after = toLines(newContent);
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix])
    prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  const deletions = before.length - prefix - suffix;
  const additions = after.length - prefix - suffix;
  if (deletions === 0 && additions === 0) return { patch: '', additions: 0, deletions: 0 };
  const start = Math.max(0, prefix - CONTEXT_LINES);
  const trailing = Math.min(suffix, CONTEXT_LINES);
  const oldCount = prefix - start + deletions + trailing;
  const newCount = prefix - start + additions + trailing;
  const lines = [`@@ -${range(start, oldCount)} +${range(start, newCount)} @@`];
  for (let index = start; index < prefix; index++) lines.push(` ${before[index] ?? ''}`);
  for (let index = prefix; index < before.length - suffix; index++)
    lines.push(`-${before[index] ?? ''}`);
  for (let index = prefix; index < after.length - suffix; index++)
    lines.push(`+${after[index] ?? ''}`);
  for (let index = before.length - suffix; index < before.length - suffix + trailing; index++)
    lines.push(` ${before[index] ?? ''}`);
  return { patch: `${lines.join('\n')}\n`, additions, deletions };
}
