import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import { WireTreeEntrySchema, wirePageSchema } from '../example-schemas.js';
import { mapFileTreeEntry } from '../map-file-tree.js';

const TreePage = wirePageSchema(WireTreeEntrySchema);

/** The file tree at a ref: `GET /repos/:repo/tree`. */
export function fileTreeOps(client: ExampleClient): Pick<ScmProvider, 'listFileTree'> {
  return {
    async listFileTree(repo, query) {
      return client.listPage(
        TreePage,
        {
          path: client.repoPath(repo, '/tree'),
          query: {
            ...pageParams(query),
            ref: query.ref ?? query.branch,
            path: query.path,
            recursive: query.recursive === true ? 'true' : undefined,
          },
        },
        mapFileTreeEntry,
      );
    },
  };
}
