import type { Diff, ScmProvider } from '@scm/core';
import { z } from 'zod';
import type { GitHubClient } from '../github-client.js';
import { invalidInput } from '../github-errors.js';
import { nextPage, pageParams } from '../github-pagination.js';
import {
  WireDiffEntrySchema,
  WireIssueCommentSchema,
  WireIssueSearchItemSchema,
  WireLabelsSchema,
  WirePullRequestSchema,
  WireSearchSchema,
} from '../github-schemas.js';
import { mapDiffEntry } from '../map-commits.js';
import { GITHUB_PROVIDER_ID, withRaw } from '../map-common.js';
import { mapIssueSearchItem, mapPullRequest } from '../map-pull-requests.js';
import { completeDiff } from './commits.js';

// GitHub's commit and pull-request file lists stop at 3000 files.
const MAX_DIFF_FILE_PAGES = 30;

/**
 * Pull requests: the list, the diff, the search (the issue search API), and the conversation
 * comments and labels, which live on the pull request's issue.
 */
export function pullRequestsOps(
  client: GitHubClient,
): Pick<
  ScmProvider,
  'listPullRequests' | 'getPullRequestDiff' | 'searchPullRequests' | 'createComment' | 'addLabels'
> {
  return {
    async listPullRequests(repo, query) {
      const filter = query.state ?? 'open';
      // GitHub's `closed` includes merged pull requests; core's `closed` means closed unmerged.
      const wireState = filter === 'merged' || filter === 'closed' ? 'closed' : filter;
      return client.inRepo(repo, async () => {
        const page = await client.listPage(
          WirePullRequestSchema,
          {
            path: client.repoPath(repo, '/pulls'),
            query: { state: wireState, sort: 'created', direction: 'desc', ...pageParams(query) },
          },
          mapPullRequest,
        );
        if (filter === 'all' || filter === 'open') return page;
        // A page may come back shorter than `limit` (or empty) but the cursor still advances.
        return { ...page, items: page.items.filter((pr) => pr.state === filter) };
      });
    },

    async getPullRequestDiff(repo, number) {
      return client.inRepo(repo, async () => {
        const path = client.repoPath(repo, `/pulls/${client.numberSegment(number)}`);
        const { body: pr } = await client.call(
          WirePullRequestSchema.extend({ changed_files: z.number().optional() }),
          { path },
        );
        const files: Diff['files'] = [];
        let page: string | null = '1';
        for (let count = 0; page !== null && count < MAX_DIFF_FILE_PAGES; count++) {
          const { body, headers } = await client.call(z.array(WireDiffEntrySchema), {
            path: `${path}/files`,
            query: { per_page: 100, page },
          });
          files.push(...body.map(mapDiffEntry));
          page = nextPage(headers);
        }
        const truncatedList = page !== null || (pr.changed_files ?? 0) > files.length;
        const complete = await completeDiff(client, files, truncatedList, path);
        return withRaw(pr, client.context, {
          provider: GITHUB_PROVIDER_ID,
          sha: pr.head.sha,
          baseSha: pr.base.sha,
          files: complete.files,
          truncated: complete.truncated,
        });
      });
    },

    async searchPullRequests(query) {
      // https://docs.github.com/search-github/searching-on-github/searching-issues-and-pull-requests
      const state =
        query.state === 'open'
          ? 'is:open'
          : query.state === 'closed'
            ? 'is:closed is:unmerged'
            : query.state === 'merged'
              ? 'is:merged'
              : '';
      for (const value of [query.repo, query.author]) {
        if (value !== undefined && /[\s"]/.test(value))
          throw invalidInput('repo and author must not contain spaces or quotes');
      }
      const q = [
        'is:pr',
        state,
        query.repo === undefined ? '' : `repo:${query.repo}`,
        query.author === undefined ? '' : `author:${query.author}`,
      ]
        .filter((part) => part !== '')
        .join(' ');
      const { body, headers } = await client.call(WireSearchSchema(WireIssueSearchItemSchema), {
        path: '/search/issues',
        query: { q, sort: 'created', order: 'desc', ...pageParams(query) },
      });
      return {
        items: body.items.map((item) => mapIssueSearchItem(item, client.context)),
        nextCursor: nextPage(headers),
      };
    },

    async createComment(repo, input) {
      // Pull requests are issues: their conversation comments live on the issue.
      const { body } = await client.inRepo(repo, () =>
        client.call(WireIssueCommentSchema, {
          method: 'POST',
          path: client.repoPath(repo, `/issues/${client.numberSegment(input.number)}/comments`),
          body: { body: input.body },
        }),
      );
      return { id: String(body.id), webUrl: body.html_url ?? null };
    },

    async addLabels(repo, input) {
      const { body } = await client.inRepo(repo, () =>
        client.call(WireLabelsSchema, {
          method: 'POST',
          path: client.repoPath(repo, `/issues/${client.numberSegment(input.number)}/labels`),
          body: { labels: input.labels },
        }),
      );
      return { labels: body.map((label) => label.name) };
    },
  };
}
