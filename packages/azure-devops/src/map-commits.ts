import type { Commit, DiffFile } from '@scm/core';
import type { WireChange, WireCommit } from './azure-schemas.js';
import {
  AZURE_PROVIDER_ID,
  actorOfGitUser,
  withRaw,
  nonEmpty,
  timestamp,
  type MapContext,
} from './map-common.js';

/** A commit (`GitCommitRef`): git identities (name, email), no account. */
export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    sha: wire.commitId,
    message: wire.comment ?? '',
    author: actorOfGitUser(wire.author),
    committer: actorOfGitUser(wire.committer),
    authoredAt: timestamp(wire.author?.date),
    committedAt: timestamp(wire.committer?.date),
    parents: wire.parents ?? [],
    webUrl: nonEmpty(wire.remoteUrl),
  });
}

const stripSlash = (path: string): string => (path.startsWith('/') ? path.slice(1) : path);

/**
 * One changed file (`GitChange`), before its content is read: `changeType` is a comma-separated
 * set of flags (`add`, `edit`, `delete`, `rename`, `edit, rename`, …). A rename names its old path
 * in `sourceServerItem` (or `originalPath`).
 */
export function mapDiffFile(wire: WireChange): DiffFile {
  const flags = new Set(wire.changeType.split(',').map((flag) => flag.trim().toLowerCase()));
  const status: DiffFile['status'] = flags.has('delete')
    ? 'removed'
    : flags.has('add')
      ? 'added'
      : flags.has('rename')
        ? 'renamed'
        : 'modified';
  const oldPath = nonEmpty(wire.sourceServerItem) ?? nonEmpty(wire.originalPath);
  return {
    path: stripSlash(wire.item.path),
    previousPath: status === 'renamed' && oldPath !== null ? stripSlash(oldPath) : null,
    status,
    additions: 0,
    deletions: 0,
    binary: false,
    patch: null,
  };
}
