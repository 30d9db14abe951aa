import { createHash } from 'node:crypto';
import type { DatasetDiffFile, DatasetTreeFile } from './types.js';

const CONTEXT_LINES = 3;

/** Splits file content into lines; every generated file ends with a newline. */
export function toLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A hunk range from a 0-based start: `l,n`, `l` for one line, `l,0` naming the line before when empty. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/**
 * One hunk covering everything between the common prefix and the common suffix of two versions,
 * with up to three context lines on each side. Valid unified diff, as `git diff -U3` prints it
 * when all changes sit close together.
 */
export function unifiedHunk(
  oldContent: string,
  newContent: string,
): { patch: string; additions: number; deletions: number } {
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
  for (let index = before.length - suffix; index < before.length - suffix + trailing; index++) {
    lines.push(` ${before[index] ?? ''}`);
  }
  return { patch: `${lines.join('\n')}\n`, additions, deletions };
}

/** The diff of every file that differs between two trees, sorted by path. */
export function diffTrees(
  before: readonly DatasetTreeFile[],
  after: readonly DatasetTreeFile[],
  blobs: Readonly<Record<string, string>>,
): DatasetDiffFile[] {
  const oldFiles = new Map(before.map((file) => [file.path, file]));
  const newFiles = new Map(after.map((file) => [file.path, file]));
  const paths = [...new Set([...oldFiles.keys(), ...newFiles.keys()])].sort();
  const files: DatasetDiffFile[] = [];
  for (const path of paths) {
    const oldFile = oldFiles.get(path);
    const newFile = newFiles.get(path);
    if (oldFile?.sha === newFile?.sha) continue;
    const oldContent = oldFile === undefined ? '' : (blobs[oldFile.sha] ?? '');
    const newContent = newFile === undefined ? '' : (blobs[newFile.sha] ?? '');
    const { patch, additions, deletions } = unifiedHunk(oldContent, newContent);
    files.push({
      path,
      previousPath: null,
      status: oldFile === undefined ? 'added' : newFile === undefined ? 'removed' : 'modified',
      additions,
      deletions,
      binary: false,
      patch,
    });
  }
  return files;
}

/** A whole `git diff` for several files: headers plus each file's hunks. */
export function renderUnifiedDiff(files: readonly DatasetDiffFile[]): string {
  let out = '';
  for (const file of files) {
    const oldPath = file.previousPath ?? file.path;
    out += `diff --git a/${oldPath} b/${file.path}\n`;
    if (file.status === 'added') out += 'new file mode 100644\n';
    if (file.status === 'removed') out += 'deleted file mode 100644\n';
    out += `--- ${file.status === 'added' ? '/dev/null' : `a/${oldPath}`}\n`;
    out += `+++ ${file.status === 'removed' ? '/dev/null' : `b/${file.path}`}\n`;
    out += file.patch;
  }
  return out;
}

/** The sha git gives a blob: sha1 of `blob <length>\0<content>`. */
export function gitBlobSha(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** Any deterministic 40-hex id (commit shas, tree shas) from its parts. */
export function deriveSha(...parts: readonly (string | number)[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}
