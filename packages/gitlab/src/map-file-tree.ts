import type { FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './gitlab-schemas.js';
import { base, type MapContext } from './map-common.js';

/**
 * `GET /projects/:id/repository/tree` entries: `blob` (a file, or a symlink with mode 120000),
 * `tree` (a directory), `commit` (a submodule). The API reports no sizes.
 */
export function mapFileTreeEntry(wire: WireTreeEntry, context: MapContext): FileTreeEntry {
  const type: FileTreeEntry['type'] =
    wire.type === 'tree'
      ? 'directory'
      : wire.type === 'commit'
        ? 'submodule'
        : wire.mode === '120000'
          ? 'symlink'
          : 'file';
  return {
    ...base(wire, context),
    path: wire.path,
    name: wire.name,
    type,
    sha: wire.id,
    size: null,
    mode: wire.mode,
  };
}
