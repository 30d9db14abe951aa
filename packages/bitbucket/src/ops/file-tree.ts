import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams } from '../bitbucket-pagination.js';
import { WireTreeEntrySchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapFileTreeEntry } from '../map-file-tree.js';

const TreePage = wirePageSchema(WireTreeEntrySchema);
/** Deep enough for any repository layout; Bitbucket answers 555 when a listing takes too long. */
const RECURSIVE_MAX_DEPTH = 100;

/** The file tree at a ref: `GET /repositories/:repo/src/{commit}/{path}/`, the ref resolved first. */
export function fileTreeOps(client: BitbucketClient): Pick<ScmProvider, 'listFileTree'> {
  return {
    async listFileTree(repo, query) {
      const params = pageParams(query);
      const path = (query.path ?? '')
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
      return client.inRepo(repo, async () => {
        const sha = await client.resolveCommit(repo, query.ref ?? query.branch);
        return client.listPage(
          TreePage,
          {
            path: client.repoPath(repo, `/src/${sha}/${path === '' ? '' : `${path}/`}`),
            query: {
              ...params,
              max_depth: query.recursive === true ? RECURSIVE_MAX_DEPTH : undefined,
            },
          },
          mapFileTreeEntry,
        );
      });
    },
  };
}
