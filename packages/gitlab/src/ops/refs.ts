import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireBranchSchema, WireReleaseSchema, WireTagSchema } from '../gitlab-schemas.js';
import { mapBranch, mapRelease, mapTag } from '../map-refs.js';

/** Branches, tags and releases: `/projects/:id/repository/{branches,tags}`, `/releases`. */
export function refsOps(
  client: GitLabClient,
): Pick<ScmProvider, 'listBranches' | 'listTags' | 'listReleases'> {
  return {
    async listBranches(repo, query) {
      return client.offsetPage(
        WireBranchSchema,
        { path: client.projectPath(repo, '/repository/branches') },
        query,
        mapBranch,
      );
    },

    async listTags(repo, query) {
      return client.offsetPage(
        WireTagSchema,
        { path: client.projectPath(repo, '/repository/tags') },
        query,
        mapTag,
      );
    },

    async listReleases(repo, query) {
      return client.offsetPage(
        WireReleaseSchema,
        { path: client.projectPath(repo, '/releases') },
        query,
        mapRelease,
      );
    },
  };
}
