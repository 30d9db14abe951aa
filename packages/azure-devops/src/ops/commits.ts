import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { buildDiff, CHANGES_PAGE, MAX_DIFF_FILES, PARALLEL_READS } from '../azure-diff.js';
import { offsetPage, offsetParams } from '../azure-pagination.js';
import {
  WireCommitChangesSchema,
  WireCommitSchema,
  type WireChange,
  type WireCommit,
} from '../azure-schemas.js';
import { mapCommit } from '../map-commits.js';
import { createMemo } from '@scm/core';

/** Full commits kept per adapter (a few KB each). */
const COMMITS_KEPT = 2_000;

/**
 * Commits: `GET …/commits` (`searchCriteria.$top`/`$skip`, on a branch with
 * `searchCriteria.itemVersion`), each then read in full for its parents, and a commit's diff from `GET …/commits/{sha}/changes` plus both
 * versions of each file from the items API (Azure has no patch endpoint).
 */
export function commitsOps(
  client: AzureClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  // A commit never changes: its full read is kept by this adapter (this credential only, at most
  // COMMITS_KEPT, ten minutes), so a page of commits already seen costs the one list request.
  const fullCommits = createMemo<WireCommit>({
    clock: client.clock,
    ttlMs: 10 * 60_000,
    max: COMMITS_KEPT,
  });
  return {
    async listCommits(repo, query) {
      const branch = query.branch === undefined || query.branch === '' ? undefined : query.branch;
      const repoPath = client.repo(repo).path;
      const { $top, $skip } = offsetParams(query);
      const { items } = await client.fetchList(WireCommitSchema, {
        path: `${repoPath}/commits`,
        query: {
          'searchCriteria.itemVersion.version': branch,
          'searchCriteria.itemVersion.versionType': branch === undefined ? undefined : 'branch',
          'searchCriteria.$top': $top,
          'searchCriteria.$skip': $skip === 0 ? undefined : $skip,
        },
      });
      const page = offsetPage(items, query);
      // The search lists commits without their parents and with comments cut at 100 characters:
      // each commit is read in full (`GET …/commits/{id}`), a few at a time.
      const commits: WireCommit[] = [];
      for (let start = 0; start < page.items.length; start += PARALLEL_READS) {
        commits.push(
          ...(await Promise.all(
            page.items.slice(start, start + PARALLEL_READS).map((listed) => {
              const path = `${repoPath}/commits/${client.shaSegment(listed.commitId)}`;
              return fullCommits.get(path, () => client.call(WireCommitSchema, { path }));
            }),
          )),
        );
      }
      return {
        items: commits.map((commit) => mapCommit(commit, client.context)),
        nextCursor: page.nextCursor,
      };
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
