import { fileContentFromBytes, type FileContent, type FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './gitlab-schemas.js';
import { withRaw, GITLAB_PROVIDER_ID, type MapContext } from './map-common.js';

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
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    path: wire.path,
    name: wire.name,
    type,
    sha: wire.id,
    size: null,
    mode: wire.mode,
  });
}

const BLOB_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A file read from `…/repository/files/:file_path/raw`: its bytes, the blob id from
 * `X-Gitlab-Blob-Id`. `raw` (when asked for) is the response headers: there is no JSON payload.
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
  const blobId = wire.headers['x-gitlab-blob-id'] ?? '';
  return fileContentFromBytes({
    provider: GITLAB_PROVIDER_ID,
    path: wire.path,
    ref: wire.ref,
    sha: BLOB_ID.test(blobId) ? blobId : null,
    bytes: wire.body,
    raw: context.includeRaw ? wire.headers : undefined,
  });
}
