import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import { WireCommitSchema, WireDiffSchema, wirePageSchema } from '../example-schemas.js';
import { mapCommit, mapDiff } from '../map-commits.js';

const CommitPage = wirePageSchema(WireCommitSchema);

/** A branch's history and a commit's diff: `/repos/:repo/commits[/:sha/diff]`. */
export function commitsOps(
  client: ExampleClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  return {
    async listCommits(repo, query) {
      return client.listPage(
        CommitPage,
        {
          path: client.repoPath(repo, '/commits'),
          query: { ...pageParams(query), branch: query.branch },
        },
        mapCommit,
      );
    },

    async getCommitDiff(repo, sha) {
      const wire = await client.call(WireDiffSchema, {
        path: client.repoPath(repo, `/commits/${client.shaSegment(sha)}/diff`),
      });
      return mapDiff(wire, client.context);
    },
  };
}
