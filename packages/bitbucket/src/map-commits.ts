import { splitUnifiedDiff, type Actor, type Commit, type Diff, type DiffFile } from '@scm/core';
import type { WireAuthor, WireCommit, WireDiffstat } from './bitbucket-schemas.js';
import {
  BITBUCKET_PROVIDER_ID,
  withRaw,
  loginOf,
  parseRawAuthor,
  timestamp,
  type MapContext,
} from './map-common.js';

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
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    sha: wire.hash,
    message: wire.message ?? '',
    author,
    committer: wire.committer ? mapAuthor(wire.committer) : author,
    authoredAt: date,
    committedAt: date,
    parents: wire.parents.map((parent) => parent.hash),
    webUrl: wire.links?.html?.href ?? null,
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
  const byPath = new Map(splitUnifiedDiff(input.diff).map((file) => [file.path, file]));
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
  return withRaw(input, context, {
    provider: BITBUCKET_PROVIDER_ID,
    sha: input.sha,
    baseSha: input.baseSha,
    files,
    truncated: input.truncated,
  });
}
