import { createHash } from 'node:crypto';
import type { Check, CheckQuery, Page, RepoRef, ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import {
  CURSOR_SEPARATOR,
  invalidCursor,
  pageParams,
  pinnedCursor,
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
import { createMemo, MEMO_MAX, MEMO_TTL_MS } from '@scm/core';

/** The commit a checks cursor is pinned to, at its end. */
const PINNED_SHA = /~([0-9a-f]{40})$/;

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
 * `s~<page>~<sha>` or `p~<page>~<sha>`), deployments with their environments' names, and setting a status.
 */
export function ciOps(
  client: BitbucketClient,
): Pick<ScmProvider, 'listChecks' | 'listDeployments' | 'setCommitStatus'> {
  async function checksPage(repo: RepoRef, query: CheckQuery): Promise<Page<Check>> {
    // The cursor pins the commit the first page resolved (`s~<page>~<sha>`), so later pages cost
    // one request each and a branch moving between pages cannot mix two commits' checks.
    let phase = 's';
    let token: string | undefined;
    let sha: string | undefined;
    if (query.cursor !== undefined) {
      const pinned = PINNED_SHA.exec(query.cursor);
      const split = splitCursor(
        pinned === null ? query.cursor : query.cursor.slice(0, pinned.index),
      );
      phase = split.phase;
      token = split.token;
      sha = pinned?.[1];
    }
    if (phase !== 's' && phase !== 'p') throw invalidCursor();
    const commit = sha ?? (await client.resolveCommit(repo, query.ref ?? query.branch));
    const paged = { limit: query.limit, cursor: token };
    if (phase === 's') {
      const page = await client.listPage(
        StatusPage,
        { path: client.repoPath(repo, `/commit/${commit}/statuses`), query: pageParams(paged) },
        (wire, context) => mapCommitStatus(wire, commit, context),
      );
      return {
        items: page.items,
        nextCursor: `${page.nextCursor === null ? 'p' : 's'}${CURSOR_SEPARATOR}${pinnedCursor(page.nextCursor, commit)}`,
      };
    }
    const page = await client.listPage(
      PipelinePage,
      {
        path: client.repoPath(repo, '/pipelines'),
        query: { ...pageParams(paged), 'target.commit.hash': commit },
      },
      (wire, context) => mapPipeline(wire, commit, context),
    );
    return {
      items: page.items,
      nextCursor:
        page.nextCursor === null
          ? null
          : `p${CURSOR_SEPARATOR}${pinnedCursor(page.nextCursor, commit)}`,
    };
  }

  // A repository's environments (their names by uuid) change far more rarely than deployments
  // are listed: read once, then kept a minute by this adapter (this credential only).
  const environmentNames = createMemo<Map<string, string>>({
    clock: client.clock,
    ttlMs: MEMO_TTL_MS,
    max: MEMO_MAX,
  });
  const environmentsOf = (repo: RepoRef) =>
    environmentNames.get(
      client.repoPath(repo),
      async () =>
        new Map(
          (await client.walk(EnvironmentPage, client.repoPath(repo, '/environments'))).map(
            (env) => [env.uuid, env.name],
          ),
        ),
    );

  return {
    async listChecks(repo, query) {
      pageParams({ limit: query.limit });
      return client.inRepo(repo, () => checksPage(repo, query));
    },

    async listDeployments(repo, query) {
      const params = pageParams(query);
      return client.inRepo(repo, async () => {
        let environments = await environmentsOf(repo);
        const page = await client.listPage(
          DeploymentPage,
          { path: client.repoPath(repo, '/deployments'), query: params },
          (wire) => wire,
        );
        // A deployment to an environment created since the names were read: read them again.
        if (page.items.some((wire) => !environments.has(wire.environment.uuid))) {
          environmentNames.delete(client.repoPath(repo));
          environments = await environmentsOf(repo);
        }
        const mapped = page.items.map((wire) => mapDeployment(wire, environments, client.context));
        return {
          items: mapped.filter(
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
