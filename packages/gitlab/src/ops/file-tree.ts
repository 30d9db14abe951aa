import {
  FILE_CONTENT_MAX_BYTES,
  fileContentError,
  fileContentPath,
  ScmError,
  type ScmProvider,
} from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireTreeEntrySchema } from '../gitlab-schemas.js';
import { GITLAB_PROVIDER_ID } from '../map-common.js';
import { mapFileContent, mapFileTreeEntry } from '../map-file-tree.js';

/** The file tree at a ref: `GET /projects/:id/repository/tree` (keyset, `page_token`). */
export function fileTreeOps(
  client: GitLabClient,
): Pick<ScmProvider, 'listFileTree' | 'getFileContent'> {
  return {
    ...fileContentOps(client),
    async listFileTree(repo, query) {
      return client.keysetPage(
        WireTreeEntrySchema,
        {
          path: client.projectPath(repo, '/repository/tree'),
          query: {
            ref: query.ref ?? query.branch,
            path: query.path === undefined || query.path === '' ? undefined : query.path,
            recursive: query.recursive === true ? true : undefined,
          },
        },
        query,
        'page_token',
        mapFileTreeEntry,
      );
    },
  };
}

/**
 * One file at a ref: `GET /projects/:id/repository/files/:file_path/raw?ref=`, the path
 * URL-encoded as one segment. https://docs.gitlab.com/api/repository_files/#get-raw-file-from-repository
 */
function fileContentOps(client: GitLabClient): Pick<ScmProvider, 'getFileContent'> {
  return {
    async getFileContent(repo, query) {
      const path = fileContentPath(query.path, GITLAB_PROVIDER_ID);
      if (query.ref !== undefined && (query.ref === '' || query.ref.length > 255))
        throw new ScmError('INVALID_REQUEST', {
          provider: GITLAB_PROVIDER_ID,
          source: 'client',
          message: 'ref must be a branch, tag or commit sha of 1 to 255 characters.',
          details: { field: 'ref' },
        });
      try {
        const response = await client.send<Uint8Array>({
          path: client.projectPath(repo, `/repository/files/${encodeURIComponent(path)}/raw`),
          query: { ref: query.ref },
          responseType: 'bytes',
          maxBytes: FILE_CONTENT_MAX_BYTES,
        });
        return mapFileContent({ path, ref: query.ref, ...response }, client.context);
      } catch (error) {
        if (ScmError.isInstance(error) && error.code === 'REPOSITORY_NOT_FOUND') throw error;
        throw fileContentError(error, GITLAB_PROVIDER_ID, { path, ref: query.ref });
      }
    },
  };
}
