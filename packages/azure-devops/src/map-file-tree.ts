import { fileContentFromBytes, type FileContent, type FileTreeEntry } from '@scm/core';
import type { WireItem } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, type MapContext } from './map-common.js';

function entryType(wire: WireItem): FileTreeEntry['type'] {
  if (wire.isFolder === true || wire.gitObjectType === 'tree') return 'directory';
  if (wire.gitObjectType === 'commit') return 'submodule';
  if (wire.isSymLink === true) return 'symlink';
  return 'file';
}

/**
 * An item of the items API (`GitItem`). Paths lose Azure's leading `/`. The items API gives no
 * size and no file mode (the trees API would, but cannot filter by path or recurse by level).
 */
export function mapFileTreeEntry(wire: WireItem, context: MapContext): FileTreeEntry {
  const path = wire.path.replace(/^\/+/, '');
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    type: entryType(wire),
    sha: wire.objectId ?? null,
    size: null,
    mode: null,
  });
}

/**
 * A file read from `…/items?path=…&$format=octetStream`: its bytes. The raw answer names no object
 * id, so `sha` is null. `raw` (when asked for) is the response headers: there is no JSON payload.
 */
export function mapFileContent(
  wire: {
    path: string;
    ref?: string | undefined;
    headers: Readonly<Record<string, string>>;
    body: Uint8Array;
  },
  context: MapContext,
): FileContent {
  return fileContentFromBytes({
    provider: AZURE_PROVIDER_ID,
    path: wire.path,
    ref: wire.ref,
    sha: null,
    bytes: wire.body,
    raw: context.includeRaw ? wire.headers : undefined,
  });
}
