import { fileContentFromBytes, type FileContent, type FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './github-schemas.js';
import { withRaw, GITHUB_PROVIDER_ID, type MapContext } from './map-common.js';

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
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    path: wire.path,
    name: wire.path.slice(wire.path.lastIndexOf('/') + 1),
    type: entryType(wire),
    sha: wire.sha,
    size: wire.type === 'blob' ? (wire.size ?? null) : null,
    mode: wire.mode,
  });
}

// GitHub's ETag of a raw file is its blob sha, quoted.
const BLOB_ETAG = /^"([0-9a-f]{40}|[0-9a-f]{64})"$/;

/**
 * A file read in the raw media type (`application/vnd.github.raw+json`): its bytes, the blob sha
 * from the ETag. `raw` (when asked for) is the response headers: there is no JSON payload.
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
    provider: GITHUB_PROVIDER_ID,
    path: wire.path,
    ref: wire.ref,
    sha: BLOB_ETAG.exec(wire.headers.etag ?? '')?.[1] ?? null,
    bytes: wire.body,
    raw: context.includeRaw ? wire.headers : undefined,
  });
}
