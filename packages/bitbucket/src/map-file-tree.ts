import type { FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './bitbucket-schemas.js';
import { base, type MapContext } from './map-common.js';

/**
 * `src` listings name files and directories with their attributes; Bitbucket exposes no blob or
 * tree ids, so `sha` is null and `mode` is the git mode the attributes imply.
 */
export function mapFileTreeEntry(wire: WireTreeEntry, context: MapContext): FileTreeEntry {
  let end = wire.path.length;
  while (end > 0 && wire.path[end - 1] === '/') end--;
  const path = wire.path.slice(0, end);
  const entry = {
    ...base(wire, context),
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    sha: null,
  };
  if (wire.type === 'commit_directory')
    return { ...entry, type: 'directory', size: null, mode: '040000' };
  if (wire.attributes.includes('subrepository'))
    return { ...entry, type: 'submodule', size: null, mode: '160000' };
  if (wire.attributes.includes('link'))
    return { ...entry, type: 'symlink', size: wire.size ?? null, mode: '120000' };
  return {
    ...entry,
    type: 'file',
    size: wire.size ?? null,
    mode: wire.attributes.includes('executable') ? '100755' : '100644',
  };
}
