import { createHash } from 'node:crypto';
import type { Check, CheckQuery, Page, RepoRef, ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import {
  CURSOR_SEPARATOR,
  invalidCursor,
  pageParams,
  splitCursor,
} from '../bitbucket-pagination.js';
import {
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WireEnvironmentSchema,
  WirePipelineSchema,
  wirePageSchema,
} from '../bitbucket-schemas.js';
import { mapCommitStatus, mapDeployment, mapPipeline } from '../map-ci.js';

const StatusPage = wirePageSchema(WireCommitStatusSchema);
const PipelinePage = wirePageSchema(WirePipelineSchema);
const EnvironmentPage = wirePageSchema(WireEnvironmentSchema);
const DeploymentPage = wirePageSchema(WireDeploymentSchema);

const COMMIT_STATUS_STATE = {
  pending: 'INPROGRESS',
  success: 'SUCCESSFUL',
  failure: 'FAILED',
  error: 'FAILED',
} as const;

/**
 * Bitbucket refuses status keys over 40 characters ("key: Ensure this value has at most 40
 * characters", github.com/buildbot/buildbot/issues/7049). Longer contexts keep a readable prefix
 * and a hash of the whole, so two long contexts still get two statuses.
 */
function statusKey(context: string): string {
  if (context.length <= 40) return context;
  return `${context.slice(0, 23)}-${createHash('sha256').update(context).digest('hex').slice(0, 16)}`;
}

/**
 * Build statuses and Pipelines runs (one list: statuses first, then pipelines, the cursor
 * `s~<page>` or `p~<page>`), deployments with their environments' names, and setting a status.
 */
export function ciOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'listChecks' | 'listDeployments' | 'setCommitStatus'> {
  async function checksPage(repo: RepoRef, query: CheckQuery): Promise<Page<Check>> {
    const sha = await client.resolveCommit(repo, query.ref ?? query.branch);
    const { phase, token } =
      query.cursor === undefined ? { phase: 's', token: undefined } : splitCursor(query.cursor);
    const paged = { limit: query.limit, cursor: token };
    if (phase === 's') {
      const page = await client.listPage(
        StatusPage,
        { path: client.repoPath(repo, `/commit/${sha}/statuses`), query: pageParams(paged) },
        (wire, context) => mapCommitStatus(wire, sha, context),
      );
      return {
        items: page.items,
        nextCursor: `${page.nextCursor === null ? 'p' : 's'}${CURSOR_SEPARATOR}${page.nextCursor ?? ''}`,
      };
    }
    if (phase !== 'p') throw invalidCursor();
    const page = await client.listPage(
      PipelinePage,
      {
        path: client.repoPath(repo, '/pipelines'),
        query: { ...pageParams(paged), 'target.commit.hash': sha },
      },
      (wire, context) => mapPipeline(wire, sha, context),
    );
    return {
      items: page.items,
      nextCursor: page.nextCursor === null ? null : `p${CURSOR_SEPARATOR}${page.nextCursor}`,
    };
  }

  return {
    async listChecks(repo, query) {
      pageParams({ limit: query.limit });
      return client.inRepo(repo, () => checksPage(repo, query));
    },

    async listDeployments(repo, query) {
      const params = pageParams(query);
      return client.inRepo(repo, async () => {
        const environments = new Map(
          (await client.walk(EnvironmentPage, client.repoPath(repo, '/environments'))).map(
            (env) => [env.uuid, env.name],
          ),
        );
        const page = await client.listPage(
          DeploymentPage,
          { path: client.repoPath(repo, '/deployments'), query: params },
          (wire, context) => mapDeployment(wire, environments, context),
        );
        return {
          items: page.items.filter(
            (deployment) =>
              (query.environment === undefined || deployment.environment === query.environment) &&
              (query.state === undefined || deployment.state === query.state),
          ),
          nextCursor: page.nextCursor,
        };
      });
    },

    async setCommitStatus(repo, input) {
      const sha = client.shaSegment(input.sha);
      const status = await client.inRepo(repo, () =>
        client.call(WireCommitStatusSchema, {
          method: 'POST',
          path: client.repoPath(repo, `/commit/${sha}/statuses/build`),
          body: {
            key: statusKey(input.context),
            name: input.context,
            state: COMMIT_STATUS_STATE[input.state],
            description: input.description,
            url: input.targetUrl,
          },
        }),
      );
      return mapCommitStatus(status, sha, client.context);
    },
  };
}
