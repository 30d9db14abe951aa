import type { FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

const TYPE: Record<WireTreeEntry['kind'], FileTreeEntry['type']> = {
  blob: 'file',
  tree: 'directory',
  link: 'symlink',
  module: 'submodule',
};

export function mapFileTreeEntry(wire: WireTreeEntry, context: MapContext): FileTreeEntry {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    path: wire.path,
    name: wire.path.slice(wire.path.lastIndexOf('/') + 1),
    type: TYPE[wire.kind],
    sha: wire.object_sha,
    size: wire.size,
    mode: wire.mode,
  });
}
