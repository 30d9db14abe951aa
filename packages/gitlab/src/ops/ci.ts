import {
  assertLimit,
  ScmError,
  type RepoRef,
  type ScmProvider,
  createMemo,
  MEMO_MAX,
  MEMO_TTL_MS,
  type Memo,
} from '@scm/core';
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

type DefaultBranches = Memo<string>;

/** The project's default branch: one request, then reused for a minute by this adapter. */
function defaultBranch(
  client: GitLabClient,
  repo: RepoRef,
  memo: DefaultBranches,
): Promise<string> {
  const path = client.projectPath(repo);
  return memo.get(path, async () => {
    const project = await client.call(WireProjectSchema, { path });
    if (project.default_branch === undefined || project.default_branch === null)
      throw new ScmError('RESOURCE_NOT_FOUND', {
        provider: GITLAB_PROVIDER_ID,
        message: 'The project has no default branch (an empty repository).',
      });
    return project.default_branch;
  });
}

/** The full sha of a ref (a branch, a tag, a sha): the ref itself when it is a full sha. */
async function resolveSha(client: GitLabClient, repo: RepoRef, name: string): Promise<string> {
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
  const defaultBranches: DefaultBranches = createMemo({
    clock: client.clock,
    ttlMs: MEMO_TTL_MS,
    max: MEMO_MAX,
  });
  return {
    async listChecks(repo, query) {
      assertLimit(query.limit);
      let phase: 's' | 'l' = 's';
      let page = 1;
      // The first page names the commit by its ref: GitLab resolves a branch or tag in the
      // statuses path (`/repository/commits/:sha/statuses` looks the commit up by any ref), and
      // the statuses carry the sha the cursor then pins. Only a commit without statuses needs
      // its sha resolved before its pipelines are listed.
      let sha: string | undefined;
      let ref: string;
      if (query.cursor === undefined) {
        const name = query.ref ?? query.branch;
        ref =
          name === undefined || name === ''
            ? await defaultBranch(client, repo, defaultBranches)
            : name;
        if (FULL_SHA.test(ref)) sha = ref;
      } else {
        const match = CHECKS_CURSOR.exec(query.cursor);
        if (match === null) throw invalidCursor();
        phase = match[1] === 'l' ? 'l' : 's';
        page = Number(match[2]);
        sha = match[3] ?? '';
        ref = sha;
      }
      if (phase === 's') {
        // `all=true`: every status, not only the latest per name.
        const { items, headers } = await client.fetchList(WireCommitStatusSchema, {
          path: client.projectPath(repo, `/repository/commits/${encodeURIComponent(ref)}/statuses`),
          query: { all: true, per_page: query.limit, page },
        });
        const next = nextOffsetCursor(headers);
        if (next !== null || items.length > 0) {
          const first = items[0]?.sha;
          const pinned =
            sha ??
            (first !== undefined && FULL_SHA.test(first)
              ? first
              : await resolveSha(client, repo, ref));
          return {
            items: items.map((item) => mapCommitStatus(item, client.context)),
            nextCursor: next === null ? `l:1:${pinned}` : `s:${pageOfCursor(next)}:${pinned}`,
          };
        }
        page = 1;
      }
      const commit = sha ?? (await resolveSha(client, repo, ref));
      const { items, headers } = await client.fetchList(WirePipelineSchema, {
        path: client.projectPath(repo, '/pipelines'),
        query: { sha: commit, per_page: query.limit, page },
      });
      const next = nextOffsetCursor(headers);
      return {
        items: items.map((item) => mapPipeline(item, client.context)),
        nextCursor: next === null ? null : `l:${pageOfCursor(next)}:${commit}`,
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
