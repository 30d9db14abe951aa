import type { DiffFile } from '../schemas/commit.js';

const GIT_HEADER = 'diff --git ';

function unquote(path: string): string {
  // git quotes paths with unusual characters ("a/tab\there"); keep such paths as printed.
  return path.length > 1 && path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
}

/** A `---` / `+++` path: null for `/dev/null`, else without its `a/` or `b/` prefix. */
function sidePath(value: string, prefix: 'a/' | 'b/'): string | null {
  if (value === '/dev/null') return null;
  const bare = unquote(value);
  return bare.startsWith(prefix) ? bare.slice(prefix.length) : bare;
}

/**
 * The path `diff --git a/P b/P` names, for sections without `---`/`+++` lines (binary, mode-only).
 * Both sides are the same path, which settles where ` b/` splits even when P contains ` b/`.
 */
function headerPath(rest: string): string | null {
  const length = (rest.length - 5) / 2;
  if (Number.isInteger(length) && length >= 1 && rest.startsWith('a/')) {
    const left = rest.slice(2, 2 + length);
    if (rest.slice(2 + length, 5 + length) === ' b/' && rest.slice(5 + length) === left)
      return left;
  }
  const split = rest.indexOf(' b/');
  return split === -1 ? null : unquote(rest.slice(split + 3));
}

function toFile(text: string, start: number, end: number): DiffFile {
  const firstNewline = text.indexOf('\n', start);
  const headerEnd = firstNewline === -1 || firstNewline > end ? end : firstNewline;
  let oldPath: string | null = null;
  let newPath: string | null = null;
  let renameFrom: string | null = null;
  let renameTo: string | null = null;
  let status: DiffFile['status'] = 'modified';
  let binary = false;
  let hunkStart = -1;
  let additions = 0;
  let deletions = 0;
  let lineStart = headerEnd + 1;
  while (lineStart < end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    const line = text.slice(lineStart, lineEnd).trimEnd();
    if (hunkStart === -1 && line.startsWith('@@')) hunkStart = lineStart;
    if (hunkStart !== -1) {
      if (line.startsWith('+')) additions++;
      else if (line.startsWith('-')) deletions++;
    } else if (line.startsWith('--- ')) oldPath = sidePath(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) newPath = sidePath(line.slice(4), 'b/');
    else if (line.startsWith('new file mode')) status = 'added';
    else if (line.startsWith('deleted file mode')) status = 'removed';
    else if (line.startsWith('rename from ')) renameFrom = unquote(line.slice(12));
    else if (line.startsWith('rename to ')) renameTo = unquote(line.slice(10));
    else if (line.startsWith('copy from ')) {
      renameFrom = unquote(line.slice(10));
      status = 'copied';
    } else if (line.startsWith('copy to ')) renameTo = unquote(line.slice(8));
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
    lineStart = lineEnd + 1;
  }
  if (renameFrom !== null && status !== 'copied') status = 'renamed';
  const path =
    renameTo ??
    newPath ??
    (status === 'removed' ? oldPath : null) ??
    headerPath(text.slice(start + GIT_HEADER.length, headerEnd).trimEnd()) ??
    '';
  return {
    path,
    previousPath: renameFrom ?? (status === 'renamed' ? oldPath : null),
    status,
    additions,
    deletions,
    binary,
    patch: binary || hunkStart === -1 ? null : text.slice(hunkStart, end),
  };
}

/**
 * Splits a unified diff (`git diff` output: GitHub's diff media type, Bitbucket's `diff`, GitLab's
 * raw diffs) into files: path, previous path, status from the extended headers, added and removed
 * lines, and the hunks from the first `@@` as providers' per-file `patch` fields carry them.
 * A linear scan over lines; no regex sees the text, which is repository content.
 */
export function splitUnifiedDiff(text: string): DiffFile[] {
  const starts: number[] = [];
  if (text.startsWith(GIT_HEADER)) starts.push(0);
  for (
    let index = text.indexOf(`\n${GIT_HEADER}`);
    index !== -1;
    index = text.indexOf(`\n${GIT_HEADER}`, index + 1)
  )
    starts.push(index + 1);
  return starts.map((start, position) => toFile(text, start, starts[position + 1] ?? text.length));
}
