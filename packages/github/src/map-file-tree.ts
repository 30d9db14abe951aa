import type { FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './github-schemas.js';
import { base, type MapContext } from './map-common.js';

/**
 * Git tree entries: `blob` (file, or a symlink with mode 120000), `tree` (directory), `commit`
 * (a submodule). https://docs.github.com/rest/git/trees#get-a-tree
 */
function entryType(wire: WireTreeEntry): FileTreeEntry['type'] {
  if (wire.type === 'tree') return 'directory';
  if (wire.type === 'commit') return 'submodule';
  return wire.mode === '120000' ? 'symlink' : 'file';
}

export function mapFileTreeEntry(wire: WireTreeEntry, context: MapContext): FileTreeEntry {
  return {
    ...base(wire, context),
    path: wire.path,
    name: wire.path.slice(wire.path.lastIndexOf('/') + 1),
    type: entryType(wire),
    sha: wire.sha,
    size: wire.type === 'blob' ? (wire.size ?? null) : null,
    mode: wire.mode,
  };
}
