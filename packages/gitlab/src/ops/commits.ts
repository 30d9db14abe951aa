import type { Diff, HttpRequest, ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireCommitSchema, WireDiffFileSchema } from '../gitlab-schemas.js';
import { mapCommit, mapDiff } from '../map-commits.js';

/** Diffs are read whole, 100 files a page, up to this many pages; beyond that `truncated`. */
const MAX_DIFF_PAGES = 30;

/**
 * Every page of a diff (`…/commits/:sha/diff`, `…/merge_requests/:iid/diffs`), `truncated` when
 * more were left. Shared with `ops/pull-requests.ts`.
 */
export async function readDiff(
  client: GitLabClient,
  request: HttpRequest,
  heads: { sha: string | null; baseSha: string | null },
): Promise<Diff> {
  const files = await client.allPages(WireDiffFileSchema, request, MAX_DIFF_PAGES);
  return mapDiff(files.items, { ...heads, truncated: !files.complete }, client.context);
}

/** A branch's history and a commit's diff: `/projects/:id/repository/commits[/:sha/diff]`. */
export function commitsOps(
  client: GitLabClient,
): Pick<ScmProvider, 'listCommits' | 'getCommitDiff'> {
  return {
    async listCommits(repo, query) {
      return client.offsetPage(
        WireCommitSchema,
        {
          path: client.projectPath(repo, '/repository/commits'),
          query: { ref_name: query.branch },
        },
        query,
        mapCommit,
      );
    },

    async getCommitDiff(repo, sha) {
      const path = client.projectPath(repo, `/repository/commits/${client.shaSegment(sha)}`);
      const commit = await client.call(WireCommitSchema, { path });
      return readDiff(
        client,
        { path: `${path}/diff` },
        { sha: commit.id, baseSha: commit.parent_ids?.[0] ?? null },
      );
    },
  };
}
