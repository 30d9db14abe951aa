import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import {
  WireChangeSchema,
  WireCommentSchema,
  WireDiffSchema,
  wirePageSchema,
} from '../example-schemas.js';
import { mapDiff } from '../map-commits.js';
import { mapPullRequest } from '../map-pull-requests.js';

const ChangePage = wirePageSchema(WireChangeSchema);

/**
 * Pull requests, which the example API calls change requests: the list, the diff, the search and
 * comments. `addLabels` is unsupported (labels are read-only there).
 */
export function pullRequestsOps(
  client: ExampleClient,
): Pick<
  ScmProvider,
  'listPullRequests' | 'getPullRequestDiff' | 'searchPullRequests' | 'createComment'
> {
  return {
    async listPullRequests(repo, query) {
      return client.listPage(
        ChangePage,
        {
          path: client.repoPath(repo, '/changes'),
          query: { ...pageParams(query), status: query.state ?? 'open' },
        },
        mapPullRequest,
      );
    },

    async getPullRequestDiff(repo, number) {
      const wire = await client.call(WireDiffSchema, {
        path: client.repoPath(repo, `/changes/${client.numberSegment(number)}/diff`),
      });
      return mapDiff(wire, client.context);
    },

    async searchPullRequests(query) {
      return client.listPage(
        ChangePage,
        {
          path: '/search/changes',
          query: {
            ...pageParams(query),
            status: query.state,
            repo: query.repo,
            author: query.author,
          },
        },
        mapPullRequest,
      );
    },

    async createComment(repo, input) {
      const comment = await client.call(WireCommentSchema, {
        method: 'POST',
        path: client.repoPath(repo, `/changes/${client.numberSegment(input.number)}/comments`),
        body: { body: input.body },
      });
      return { id: String(comment.id), webUrl: comment.web_url };
    },
  };
}
