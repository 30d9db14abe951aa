import type { Actor, Commit, Diff, DiffFile } from '@scm/core';
import type { WireCommit, WireDiffFile } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

/** Git identities only: GitLab's commit API names no account, so `id` and `login` are null. */
function person(name: string | null | undefined, email: string | null | undefined): Actor {
  return { id: null, login: null, name: text(name), email: text(email), avatarUrl: null };
}

export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    sha: wire.id,
    message: wire.message,
    author: person(wire.author_name, wire.author_email),
    committer: person(wire.committer_name, wire.committer_email),
    authoredAt: timestamp(wire.authored_date ?? wire.created_at),
    committedAt: timestamp(wire.committed_date ?? wire.created_at),
    parents: wire.parent_ids ?? [],
    webUrl: text(wire.web_url),
  });
}

// GitLab's `diff` for a binary file is git's one-line notice instead of hunks.
const BINARY_NOTICE = /^Binary files .{0,4096} differ\s*$/;

/** Counts `+` and `-` lines of hunks: GitLab's diff entries carry no counts of their own. */
function countLines(diff: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  let start = 0;
  while (start < diff.length) {
    const end = diff.indexOf('\n', start);
    const first = diff.charAt(start);
    if (first === '+') additions++;
    else if (first === '-') deletions++;
    if (end === -1) break;
    start = end + 1;
  }
  return { additions, deletions };
}

function fileStatus(wire: WireDiffFile): DiffFile['status'] {
  if (wire.new_file) return 'added';
  if (wire.deleted_file) return 'removed';
  if (wire.renamed_file) return 'renamed';
  return 'modified';
}

/** One entry of `GET …/commits/:sha/diff` or `…/merge_requests/:iid/diffs`. */
export function mapDiffFile(wire: WireDiffFile): DiffFile {
  const binary = BINARY_NOTICE.test(wire.diff);
  // An empty diff with `too_large` or `collapsed` means GitLab left the patch out, not that
  // the file is unchanged.
  const omitted =
    binary || (wire.diff === '' && (wire.too_large === true || wire.collapsed === true));
  const counts = omitted ? { additions: 0, deletions: 0 } : countLines(wire.diff);
  return {
    path: wire.deleted_file ? wire.old_path : wire.new_path,
    previousPath: wire.renamed_file ? wire.old_path : null,
    status: fileStatus(wire),
    ...counts,
    binary,
    patch: omitted ? null : wire.diff,
  };
}

export function mapDiff(
  files: readonly WireDiffFile[],
  heads: { sha: string | null; baseSha: string | null; truncated: boolean },
  context: MapContext,
): Diff {
  return withRaw(files, context, {
    provider: GITLAB_PROVIDER_ID,
    sha: heads.sha,
    baseSha: heads.baseSha,
    truncated: heads.truncated || files.some((file) => file.too_large === true),
    files: files.map(mapDiffFile),
  });
}
