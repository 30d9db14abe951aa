import type { Actor, Commit, Diff, DiffFile } from '@scm/core';
import type { WireCommit, WireDiff, WirePerson } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

function mapPerson(wire: WirePerson): Actor {
  return { id: null, login: wire.handle, name: wire.name, email: wire.email, avatarUrl: null };
}

export function mapCommit(wire: WireCommit, context: MapContext): Commit {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    sha: wire.sha,
    message: wire.message,
    author: mapPerson(wire.author),
    committer: mapPerson(wire.committer),
    authoredAt: timestamp(wire.author.date),
    committedAt: timestamp(wire.committer.date),
    parents: wire.parent_shas,
    webUrl: wire.web_url ?? null,
  });
}

const STATUS: Record<WireDiff['files'][number]['change'], DiffFile['status']> = {
  add: 'added',
  modify: 'modified',
  delete: 'removed',
  rename: 'renamed',
  copy: 'copied',
};

export function mapDiff(wire: WireDiff, context: MapContext): Diff {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    sha: wire.head_sha,
    baseSha: wire.base_sha,
    truncated: wire.truncated,
    files: wire.files.map((file) => ({
      path: file.path,
      previousPath: file.old_path,
      status: STATUS[file.change],
      additions: file.added_lines,
      deletions: file.removed_lines,
      binary: file.is_binary,
      patch: file.is_binary ? null : file.hunks,
    })),
  });
}
