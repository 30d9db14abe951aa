import type { Actor, Commit, DiffFile } from '@scm/core';
import { type WireCommit, type WireDiffEntry, type WireSimpleUser } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

type GitUser = WireCommit['commit']['author'];

// The page's schema already told the two apart: a GitHub account (`login`) or the `{}` of
// older responses. Parsing it again cost more than the rest of the mapping (#21).
function account(wire: WireCommit['author']): WireSimpleUser | null {
  return wire !== null && isAccount(wire) ? wire : null;
}

function isAccount(wire: WireSimpleUser | Record<string, never>): wire is WireSimpleUser {
  return 'login' in wire;
}

function mapActor(gitUser: GitUser, user: WireSimpleUser | null): Actor {
  return {
    id: user === null ? null : String(user.id),
    login: user?.login ?? null,
    name: gitUser?.name ?? null,
    email: gitUser?.email ?? null,
    avatarUrl: user?.avatar_url ?? null,
  };
}

export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    sha: wire.sha,
    message: wire.commit.message,
    author: mapActor(wire.commit.author, account(wire.author)),
    committer: mapActor(wire.commit.committer, account(wire.committer)),
    authoredAt: timestamp(wire.commit.author?.date),
    committedAt: timestamp(wire.commit.committer?.date),
    parents: wire.parents.map((parent) => parent.sha),
    webUrl: wire.html_url ?? null,
  });
}

const FILE_STATUS: Readonly<Record<string, DiffFile['status']>> = {
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'changed',
  // A file listed without content changes (a mode change, a rename with no edit).
  unchanged: 'changed',
};

/**
 * One file of a commit or pull request diff. GitHub leaves `patch` out for binary files and for
 * diffs too large to show; the file list does not say which, so a file is taken as binary only
 * when it has no patch and no changed lines (a too-large text diff still counts its lines) and
 * was added, modified or removed.
 */
export function mapDiffEntry(wire: WireDiffEntry): DiffFile {
  const binary =
    wire.patch === undefined &&
    wire.additions === 0 &&
    wire.deletions === 0 &&
    // A pure rename or a mode change has no lines and no patch either.
    (wire.status === 'added' || wire.status === 'modified' || wire.status === 'removed');
  return {
    path: wire.filename,
    previousPath: wire.previous_filename ?? null,
    status: FILE_STATUS[wire.status] ?? 'changed',
    additions: wire.additions,
    deletions: wire.deletions,
    binary,
    patch: wire.patch ?? null,
  };
}
