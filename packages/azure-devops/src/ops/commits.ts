import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { buildDiff, CHANGES_PAGE, MAX_DIFF_FILES } from '../azure-diff.js';
import { WireCommitChangesSchema, WireCommitSchema, type WireChange } from '../azure-schemas.js';
import { mapCommit } from '../map-commits.js';

/**
 * Commits: `GET …/commits` (`searchCriteria.$top`/`$skip`, on a branch with
 * `searchCriteria.itemVersion`), and a commit's diff from `GET …/commits/{sha}/changes` plus both
 * versions of each file from the items API (Azure has no patch endpoint).
 */
export function commitsOps(
  client: AzureClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  return {
    async listCommits(repo, query) {
      const branch = query.branch === undefined || query.branch === '' ? undefined : query.branch;
      return client.offsetList(
        WireCommitSchema,
        {
          path: `${client.repo(repo).path}/commits`,
          query: {
            'searchCriteria.itemVersion.version': branch,
            'searchCriteria.itemVersion.versionType': branch === undefined ? undefined : 'branch',
          },
        },
        query,
        mapCommit,
        { top: 'searchCriteria.$top', skip: 'searchCriteria.$skip' },
      );
    },

    async getCommitDiff(repo, sha) {
      const repoPath = client.repo(repo).path;
      const segment = client.shaSegment(sha);
      const commit = await client.call(WireCommitSchema, {
        path: `${repoPath}/commits/${segment}`,
      });
      const changes: WireChange[] = [];
      let complete = false;
      while (changes.length <= MAX_DIFF_FILES) {
        const page = await client.call(WireCommitChangesSchema, {
          path: `${repoPath}/commits/${segment}/changes`,
          query: { top: CHANGES_PAGE, skip: changes.length === 0 ? undefined : changes.length },
        });
        changes.push(...page.changes);
        if (page.changes.length < CHANGES_PAGE) {
          complete = true;
          break;
        }
      }
      const parent = commit.parents?.[0] ?? null;
      return buildDiff(client, {
        repoPath,
        changes,
        oldCommit: parent,
        newCommit: commit.commitId,
        sha: commit.commitId,
        baseSha: parent,
        truncated: !complete,
        wire: commit,
      });
    },
  };
}
