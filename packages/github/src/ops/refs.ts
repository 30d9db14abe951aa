import type { ScmProvider } from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { pageParams } from '../github-pagination.js';
import { WireBranchSchema, WireReleaseSchema, WireTagSchema } from '../github-schemas.js';
import { mapBranch, mapRelease, mapTag } from '../map-refs.js';

/** Branches, tags and releases: `/repos/:owner/:repo/{branches,tags,releases}`. */
export function refsOps(
  client: GitHubClient,
): Pick<ScmProvider, 'listBranches' | 'listTags' | 'listReleases'> {
  return {
    async listBranches(repo, query) {
      return client.inRepo(repo, () =>
        client.listPage(
          WireBranchSchema,
          { path: client.repoPath(repo, '/branches'), query: pageParams(query) },
          mapBranch,
        ),
      );
    },

    async listTags(repo, query) {
      return client.inRepo(repo, () =>
        client.listPage(
          WireTagSchema,
          { path: client.repoPath(repo, '/tags'), query: pageParams(query) },
          mapTag,
        ),
      );
    },

    async listReleases(repo, query) {
      return client.inRepo(repo, () =>
        client.listPage(
          WireReleaseSchema,
          { path: client.repoPath(repo, '/releases'), query: pageParams(query) },
          mapRelease,
        ),
      );
    },
  };
}
