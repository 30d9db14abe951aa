import type { Actor, Commit, Diff, DiffFile } from '@scm/core';
import type { WireAuthor, WireCommit, WireDiffstat } from './bitbucket-schemas.js';
import { base, loginOf, parseRawAuthor, timestamp, type MapContext } from './map-common.js';

function mapAuthor(wire: WireAuthor | null | undefined): Actor {
  const parsed = parseRawAuthor(wire?.raw ?? '');
  return {
    id: wire?.user?.uuid ?? null,
    login: loginOf(wire?.user),
    name: parsed.name ?? wire?.user?.display_name ?? null,
    email: parsed.email,
    avatarUrl: wire?.user?.links?.avatar?.href ?? null,
  };
}

/**
 * Bitbucket commits carry one `date` (the author date) and usually no committer: the committer
 * is reported as the author when Bitbucket leaves it out.
 */
export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  const author = mapAuthor(wire.author);
  const date = timestamp(wire.date);
  return {
    ...base(wire, context),
    sha: wire.hash,
    message: wire.message ?? '',
    author,
    committer: wire.committer ? mapAuthor(wire.committer) : author,
    authoredAt: date,
    committedAt: date,
    parents: wire.parents.map((parent) => parent.hash),
    webUrl: wire.links?.html?.href ?? null,
  };
}

/** One file's section of a unified diff: its paths as the `---`/`+++` lines name them. */
export interface DiffSection {
  oldPath: string | null;
  newPath: string | null;
  binary: boolean;
  /** From the first `@@` to the end of the section; null when there is no hunk. */
  patch: string | null;
}

function headerPath(line: string, prefix: string): string | null {
  const value = line.slice(4).trimEnd();
  if (value === '/dev/null') return null;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

function sameSidePath(rest: string): string | null {
  const length = (rest.length - 5) / 2;
  if (!Number.isInteger(length) || length < 1 || !rest.startsWith('a/')) return null;
  const left = rest.slice(2, 2 + length);
  return rest.slice(2 + length, 5 + length) === ' b/' && rest.slice(5 + length) === left
    ? left
    : null;
}

/**
 * Splits Bitbucket's raw `diff` into one section per file. Line scanning only, no regex: the diff
 * is repository content.
 */
export function splitUnifiedDiff(text: string): DiffSection[] {
  const starts: number[] = [];
  if (text.startsWith('diff --git ')) starts.push(0);
  for (
    let index = text.indexOf('\ndiff --git ');
    index !== -1;
    index = text.indexOf('\ndiff --git ', index + 1)
  )
    starts.push(index + 1);
  return starts.map((start, position) => {
    const section = text.slice(start, starts[position + 1] ?? text.length);
    const hunk = section.startsWith('@@') ? 0 : section.indexOf('\n@@');
    const header = hunk === -1 ? section : section.slice(0, hunk + 1);
    // `diff --git a/P b/P` names a file even without `---`/`+++` lines (binary, mode-only).
    const gitPath = sameSidePath(
      section.slice(
        'diff --git '.length,
        section.indexOf('\n') === -1 ? section.length : section.indexOf('\n'),
      ),
    );
    let oldPath: string | null = header.includes('\nnew file mode') ? null : gitPath;
    let newPath: string | null = header.includes('\ndeleted file mode') ? null : gitPath;
    let binary = false;
    for (const line of header.split('\n')) {
      if (line.startsWith('--- ')) oldPath = headerPath(line, 'a/');
      else if (line.startsWith('+++ ')) newPath = headerPath(line, 'b/');
      else if (line.startsWith('rename from ')) oldPath = line.slice('rename from '.length);
      else if (line.startsWith('rename to ')) newPath = line.slice('rename to '.length);
      else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
    }
    return {
      oldPath,
      newPath,
      binary,
      patch: hunk === -1 ? null : section.slice(hunk === 0 ? 0 : hunk + 1),
    };
  });
}

const STATUS: Readonly<Record<string, DiffFile['status']>> = {
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  renamed: 'renamed',
};

/**
 * A diff from Bitbucket's two views of it: `diffstat` (status and counts per file) and the raw
 * `diff` (the hunks), matched by path.
 */
export function mapDiff(
  input: {
    sha: string | null;
    baseSha: string | null;
    diffstat: WireDiffstat[];
    diff: string;
    truncated: boolean;
  },
  context: MapContext,
): Diff {
  const sections = splitUnifiedDiff(input.diff);
  const byPath = new Map<string, DiffSection>();
  for (const section of sections) {
    const path = section.newPath ?? section.oldPath;
    if (path !== null) byPath.set(path, section);
  }
  const files = input.diffstat.map((entry): DiffFile => {
    const path = entry.new?.path ?? entry.old?.path ?? '';
    const section = byPath.get(path);
    const binary = section?.binary ?? false;
    return {
      path,
      previousPath:
        entry.old !== null && entry.old !== undefined && entry.old.path !== path
          ? entry.old.path
          : null,
      // Merge-conflict statuses (`local deleted`, `merge conflict`, …) are changes of no simpler kind.
      status: STATUS[entry.status] ?? 'changed',
      additions: entry.lines_added ?? 0,
      deletions: entry.lines_removed ?? 0,
      binary,
      patch: binary ? null : (section?.patch ?? null),
    };
  });
  return {
    ...base(input, context),
    sha: input.sha,
    baseSha: input.baseSha,
    files,
    truncated: input.truncated,
  };
}
