import { assertLimit, ScmError, type RepoRef, type ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { invalidRequest } from '../gitlab-errors.js';
import { invalidCursor, nextOffsetCursor, pageOfCursor } from '../gitlab-pagination.js';
import {
  WireCommitSchema,
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WirePipelineSchema,
  WireProjectSchema,
} from '../gitlab-schemas.js';
import {
  DEPLOYMENT_STATUS_FILTER,
  mapCommitStatus,
  mapDeployment,
  mapPipeline,
} from '../map-ci.js';
import { GITLAB_PROVIDER_ID } from '../map-common.js';

const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** `listChecks` cursors: `s:<page>:<sha>` (commit statuses), then `l:<page>:<sha>` (pipelines). */
const CHECKS_CURSOR = /^(s|l):([1-9][0-9]{0,6}):([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;

/** Core commit status states → GitLab's (`error` has no GitLab counterpart but `failed`). */
const STATUS_STATE = {
  pending: 'pending',
  success: 'success',
  failure: 'failed',
  error: 'failed',
} as const;

/** The full sha of a ref (a branch, a tag, a sha), or of the default branch when none is given. */
async function resolveSha(
  client: GitLabClient,
  repo: RepoRef,
  ref: string | undefined,
): Promise<string> {
  let name = ref;
  if (name === undefined || name === '') {
    const project = await client.call(WireProjectSchema, { path: client.projectPath(repo) });
    if (project.default_branch === undefined || project.default_branch === null)
      throw new ScmError('RESOURCE_NOT_FOUND', {
        provider: GITLAB_PROVIDER_ID,
        message: 'The project has no default branch (an empty repository).',
      });
    name = project.default_branch;
  }
  if (FULL_SHA.test(name)) return name;
  const commit = await client.call(WireCommitSchema, {
    path: client.projectPath(repo, `/repository/commits/${encodeURIComponent(name)}`),
  });
  return commit.id;
}

/**
 * Checks (a commit's statuses, then its pipelines), deployments, and setting a commit status:
 * `/projects/:id/repository/commits/:sha/statuses`, `/pipelines`, `/deployments`, `/statuses/:sha`.
 */
export function ciOps(
  client: GitLabClient,
): Pick<ScmProvider, 'listChecks' | 'listDeployments' | 'setCommitStatus'> {
  return {
    async listChecks(repo, query) {
      assertLimit(query.limit);
      let phase: 's' | 'l' = 's';
      let page = 1;
      let sha: string;
      if (query.cursor === undefined) {
        sha = await resolveSha(client, repo, query.ref ?? query.branch);
      } else {
        const match = CHECKS_CURSOR.exec(query.cursor);
        if (match === null) throw invalidCursor();
        phase = match[1] === 'l' ? 'l' : 's';
        page = Number(match[2]);
        sha = match[3] ?? '';
      }
      if (phase === 's') {
        // `all=true`: every status, not only the latest per name.
        const { items, headers } = await client.fetchList(WireCommitStatusSchema, {
          path: client.projectPath(repo, `/repository/commits/${sha}/statuses`),
          query: { all: true, per_page: query.limit, page },
        });
        const next = nextOffsetCursor(headers);
        if (next !== null || items.length > 0)
          return {
            items: items.map((item) => mapCommitStatus(item, client.context)),
            nextCursor: next === null ? `l:1:${sha}` : `s:${pageOfCursor(next)}:${sha}`,
          };
        page = 1;
      }
      const { items, headers } = await client.fetchList(WirePipelineSchema, {
        path: client.projectPath(repo, '/pipelines'),
        query: { sha, per_page: query.limit, page },
      });
      const next = nextOffsetCursor(headers);
      return {
        items: items.map((item) => mapPipeline(item, client.context)),
        nextCursor: next === null ? null : `l:${pageOfCursor(next)}:${sha}`,
      };
    },

    async listDeployments(repo, query) {
      let status: string | undefined;
      if (query.state !== undefined) {
        status = DEPLOYMENT_STATUS_FILTER[query.state];
        if (status === undefined)
          throw invalidRequest(
            `GitLab cannot filter deployments by ${query.state.slice(0, 32)}; use ${Object.keys(DEPLOYMENT_STATUS_FILTER).join(', ')}`,
          );
      }
      return client.offsetPage(
        WireDeploymentSchema,
        {
          path: client.projectPath(repo, '/deployments'),
          query: { environment: query.environment, status, order_by: 'id', sort: 'asc' },
        },
        query,
        mapDeployment,
      );
    },

    async setCommitStatus(repo, input) {
      const status = await client.call(WireCommitStatusSchema, {
        method: 'POST',
        path: client.projectPath(repo, `/statuses/${client.shaSegment(input.sha)}`),
        body: {
          state: STATUS_STATE[input.state],
          name: input.context,
          description: input.description,
          target_url: input.targetUrl,
        },
      });
      return mapCommitStatus(status, client.context);
    },
  };
}
