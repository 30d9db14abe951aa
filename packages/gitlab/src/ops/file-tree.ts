import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireTreeEntrySchema } from '../gitlab-schemas.js';
import { mapFileTreeEntry } from '../map-file-tree.js';

/** The file tree at a ref: `GET /projects/:id/repository/tree` (keyset, `page_token`). */
export function fileTreeOps(client: GitLabClient): Pick<ScmProvider, 'listFileTree'> {
  return {
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
