import { fileContentFromBytes, type FileContent, type FileTreeEntry } from '@scm/core';
import type { WireTreeEntry } from './bitbucket-schemas.js';
import { withRaw, BITBUCKET_PROVIDER_ID, type MapContext } from './map-common.js';

/**
 * `src` listings name files and directories with their attributes; Bitbucket exposes no blob or
 * tree ids, so `sha` is null and `mode` is the git mode the attributes imply.
 */
export function mapFileTreeEntry(wire: WireTreeEntry, context: MapContext): FileTreeEntry {
  let end = wire.path.length;
  while (end > 0 && wire.path[end - 1] === '/') end--;
  const path = wire.path.slice(0, end);
  const entry = withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    sha: null,
  });
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

/**
 * True when a `src/{commit}/{path}` answer is a directory listing (a JSON page of
 * `commit_file` / `commit_directory` entries), not a file's bytes.
 */
export function isDirectoryListing(response: {
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}): boolean {
  if (!/^application\/json\b/i.test(response.headers['content-type'] ?? '')) return false;
  try {
    const page = JSON.parse(new TextDecoder().decode(response.body)) as unknown;
    if (typeof page !== 'object' || page === null || !('values' in page)) return false;
    const { values } = page;
    return (
      Array.isArray(values) &&
      values.every(
        (entry: unknown) =>
          typeof entry === 'object' &&
          entry !== null &&
          'type' in entry &&
          (entry.type === 'commit_file' || entry.type === 'commit_directory'),
      )
    );
  } catch {
    return false;
  }
}

/**
 * A file read from `src/{commit}/{path}`: its bytes. Bitbucket names no blob id, so `sha` is null.
 * `raw` (when asked for) is the response headers: there is no JSON payload.
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
    provider: BITBUCKET_PROVIDER_ID,
    path: wire.path,
    ref: wire.ref,
    sha: null,
    bytes: wire.body,
    raw: context.includeRaw ? wire.headers : undefined,
  });
}
