import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import {
  WireBranchSchema,
  WireReleaseSchema,
  WireTagSchema,
  wirePageSchema,
} from '../example-schemas.js';
import { mapBranch, mapRelease, mapTag } from '../map-refs.js';

const BranchPage = wirePageSchema(WireBranchSchema);
const TagPage = wirePageSchema(WireTagSchema);
const ReleasePage = wirePageSchema(WireReleaseSchema);

/** Branches, tags and releases: `/repos/:repo/{branches,tags,releases}`. */
export function refsOps(
  client: ExampleClient,
): Pick<ScmProvider, 'listBranches' | 'listTags' | 'listReleases'> {
  return {
    async listBranches(repo, query) {
      return client.listPage(
        BranchPage,
        { path: client.repoPath(repo, '/branches'), query: pageParams(query) },
        mapBranch,
      );
    },

    async listTags(repo, query) {
      return client.listPage(
        TagPage,
        { path: client.repoPath(repo, '/tags'), query: pageParams(query) },
        mapTag,
      );
    },

    async listReleases(repo, query) {
      return client.listPage(
        ReleasePage,
        { path: client.repoPath(repo, '/releases'), query: pageParams(query) },
        mapRelease,
      );
    },
  };
}
