import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams } from '../bitbucket-pagination.js';
import { WireCommitSchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapCommit, mapDiff } from '../map-commits.js';

const CommitPage = wirePageSchema(WireCommitSchema);
const DIFFSTAT_PAGELEN = 500;

/**
 * A branch's history (`/commits/{branch}`, the main branch by default) and a commit's diff, from
 * the commit, its diffstat and its raw diff.
 */
export function commitsOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  return {
    async listCommits(repo, query) {
      const params = pageParams(query);
      const branch = query.branch ?? (await client.defaultBranch(repo));
      return client.inRepo(repo, () =>
        client.listPage(
          CommitPage,
          {
            path: client.repoPath(repo, `/commits/${encodeURIComponent(branch)}`),
            query: params,
          },
          mapCommit,
        ),
      );
    },

    async getCommitDiff(repo, sha) {
      const segment = client.shaSegment(sha);
      return client.inRepo(repo, async () => {
        const [commit, diffstat, diff] = await Promise.all([
          client.call(WireCommitSchema, { path: client.repoPath(repo, `/commit/${segment}`) }),
          client
            .send({
              path: client.repoPath(repo, `/diffstat/${segment}`),
              query: { pagelen: DIFFSTAT_PAGELEN },
            })
            .then((response) => client.diffstat(response)),
          client.send<string>({
            path: client.repoPath(repo, `/diff/${segment}`),
            responseType: 'text',
          }),
        ]);
        return mapDiff(
          {
            sha: commit.hash,
            baseSha: commit.parents[0]?.hash ?? null,
            diffstat: diffstat.files,
            diff: diff.body,
            truncated: diffstat.truncated,
          },
          client.context,
        );
      });
    },
  };
}
