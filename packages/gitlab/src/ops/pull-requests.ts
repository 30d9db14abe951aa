import { parseRepoRef, type ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { invalidRequest } from '../gitlab-errors.js';
import { WireMergeRequestSchema, WireNoteSchema } from '../gitlab-schemas.js';
import { mapPullRequest } from '../map-pull-requests.js';
import { readDiff } from './commits.js';

/** GitLab's `state` filter for merge requests. */
const MR_STATE_FILTER = { open: 'opened', closed: 'closed', merged: 'merged', all: 'all' } as const;

/**
 * Pull requests, which GitLab calls merge requests: a project's list, the diff, the search, notes
 * and labels (`/projects/:id/merge_requests[/:iid[/diffs|/notes]]`, `/merge_requests`).
 */
export function pullRequestsOps(
  client: GitLabClient,
): Pick<
  ScmProvider,
  'listPullRequests' | 'getPullRequestDiff' | 'searchPullRequests' | 'createComment' | 'addLabels'
> {
  return {
    async listPullRequests(repo, query) {
      return client.offsetPage(
        WireMergeRequestSchema,
        {
          path: client.projectPath(repo, '/merge_requests'),
          query: {
            state: MR_STATE_FILTER[query.state ?? 'open'],
            order_by: 'created_at',
            sort: 'desc',
          },
        },
        query,
        mapPullRequest,
      );
    },

    async getPullRequestDiff(repo, number) {
      const path = client.projectPath(repo, `/merge_requests/${client.numberSegment(number)}`);
      const mergeRequest = await client.call(WireMergeRequestSchema, { path });
      return readDiff(
        client,
        { path: `${path}/diffs` },
        {
          sha: mergeRequest.diff_refs?.head_sha ?? mergeRequest.sha ?? null,
          baseSha: mergeRequest.diff_refs?.base_sha ?? null,
        },
      );
    },

    async searchPullRequests(query) {
      const filters = {
        state: query.state === undefined ? undefined : MR_STATE_FILTER[query.state],
        author_username: query.author,
        order_by: 'created_at',
        sort: 'desc',
      };
      if (query.repo !== undefined && query.repo !== '') {
        return client.offsetPage(
          WireMergeRequestSchema,
          {
            path: client.projectPath(parseRepoRef(query.repo), '/merge_requests'),
            query: filters,
          },
          query,
          mapPullRequest,
        );
      }
      // scope=all: every merge request the viewer can see, not only those created by them.
      return client.offsetPage(
        WireMergeRequestSchema,
        { path: '/merge_requests', query: { ...filters, scope: 'all' } },
        query,
        mapPullRequest,
      );
    },

    async createComment(repo, input) {
      const iid = client.numberSegment(input.number);
      const note = await client.call(WireNoteSchema, {
        method: 'POST',
        path: client.projectPath(repo, `/merge_requests/${iid}/notes`),
        body: { body: input.body },
      });
      return {
        id: String(note.id),
        webUrl:
          repo.kind === 'path'
            ? `${client.root}/${repo.fullPath}/-/merge_requests/${iid}#note_${note.id}`
            : null,
      };
    },

    async addLabels(repo, input) {
      if (input.labels.some((label) => label.includes(',') || label.trim() === ''))
        throw invalidRequest('GitLab label names cannot be empty or contain commas');
      const mergeRequest = await client.call(WireMergeRequestSchema, {
        method: 'PUT',
        path: client.projectPath(repo, `/merge_requests/${client.numberSegment(input.number)}`),
        body: { add_labels: input.labels.join(',') },
      });
      return { labels: mapPullRequest(mergeRequest, client.context).labels };
    },
  };
}
