import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams } from '../bitbucket-pagination.js';
import { WireBranchSchema, WireTagSchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapBranch, mapTag } from '../map-refs.js';

const BranchPage = wirePageSchema(WireBranchSchema);
const TagPage = wirePageSchema(WireTagSchema);

/**
 * Branches and tags: `/repositories/:repo/refs/{branches,tags}`. `listReleases` is unsupported:
 * Bitbucket has no releases.
 */
export function refsOps(client: BitbucketClient): Pick<ScmProvider, 'listBranches' | 'listTags'> {
  return {
    async listBranches(repo, query) {
      const params = pageParams(query);
      return client.inRepo(repo, () =>
        client.listPage(
          BranchPage,
          { path: client.repoPath(repo, '/refs/branches'), query: params },
          mapBranch,
        ),
      );
    },

    async listTags(repo, query) {
      const params = pageParams(query);
      return client.inRepo(repo, () =>
        client.listPage(
          TagPage,
          { path: client.repoPath(repo, '/refs/tags'), query: params },
          mapTag,
        ),
      );
    },
  };
}
