import type { ScmProvider } from '@scm/core';
import { z } from 'zod';
import type { GitHubClient } from '../github-client.js';
import { invalidCursor, nextPage, pageParams, parseTaggedCursor } from '../github-pagination.js';
import {
  WireCheckRunsSchema,
  WireCombinedStatusSchema,
  WireDeploymentSchema,
  WireDeploymentStatusSchema,
  WireStatusSchema,
} from '../github-schemas.js';
import { mapCheckRun, mapCommitStatus, mapDeployment } from '../map-ci.js';
import { deploymentsByGraphQL } from '../deployments-graphql.js';

/**
 * Check runs and commit statuses (`/repos/:owner/:repo/commits/:ref/{check-runs,status}`,
 * `/statuses/:sha`), and deployments with their newest status.
 */
export function ciOps(
  client: GitHubClient,
): Pick<ScmProvider, 'listChecks' | 'listDeployments' | 'setCommitStatus'> {
  return {
    async listChecks(repo, query) {
      return client.inRepo(repo, async () => {
        const cursor = parseTaggedCursor(query.cursor, ['r', 's'] as const) ?? {
          tag: 'r' as const,
          value: 1,
        };
        const { per_page } = pageParams({ limit: query.limit });
        if (cursor.value < 1) throw invalidCursor();
        const ref = client.refSegment(
          query.ref ?? query.branch ?? (await client.defaultBranch(repo)),
        );
        // Check runs first, then commit statuses: one cursor walks both sources in turn.
        if (cursor.tag === 'r') {
          const { body, headers } = await client.call(WireCheckRunsSchema, {
            path: client.repoPath(repo, `/commits/${ref}/check-runs`),
            query: { per_page, page: cursor.value },
          });
          const items = body.check_runs.map((run) => mapCheckRun(run, client.context));
          const next = nextPage(headers);
          if (next !== null) return { items, nextCursor: `r:${next}` };
          if (items.length > 0) return { items, nextCursor: 's:1' };
        }
        const page = cursor.tag === 's' ? cursor.value : 1;
        // The combined status holds the latest status of each context (the plain list keeps
        // every update). https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference
        const { body, headers } = await client.call(WireCombinedStatusSchema, {
          path: client.repoPath(repo, `/commits/${ref}/status`),
          query: { per_page, page },
        });
        const next = nextPage(headers);
        return {
          items: body.statuses.map((status) => mapCommitStatus(status, body.sha, client.context)),
          nextCursor: next === null ? null : `s:${next}`,
        };
      });
    },

    async listDeployments(repo, query) {
      // By name: one GraphQL query per page carries each deployment's latest status. A repository
      // given by id has no GraphQL lookup by that id: the REST list and one status read per
      // deployment (documented in the README).
      if (repo.kind === 'path' && (query.cursor === undefined || !/^[0-9]+$/.test(query.cursor)))
        return deploymentsByGraphQL(client, repo, query);
      return client.inRepo(repo, async () => {
        const { body, headers } = await client.call(z.array(WireDeploymentSchema), {
          path: client.repoPath(repo, '/deployments'),
          query: { ...pageParams(query), environment: query.environment },
        });
        // The list has no state: a deployment's state is its newest status (newest first).
        const deployments = await Promise.all(
          body.map(async (deployment) => {
            const { body: statuses } = await client.call(z.array(WireDeploymentStatusSchema), {
              path: client.repoPath(repo, `/deployments/${deployment.id}/statuses`),
              query: { per_page: 1 },
            });
            return mapDeployment(deployment, statuses[0], client.context);
          }),
        );
        return {
          // GitHub cannot filter deployments by state; a filtered page may come back short.
          items:
            query.state === undefined
              ? deployments
              : deployments.filter((deployment) => deployment.state === query.state),
          nextCursor: nextPage(headers),
        };
      });
    },

    async setCommitStatus(repo, input) {
      const sha = client.shaSegment(input.sha);
      const { body } = await client.inRepo(repo, () =>
        client.call(WireStatusSchema, {
          method: 'POST',
          path: client.repoPath(repo, `/statuses/${sha}`),
          body: {
            state: input.state,
            context: input.context,
            description: input.description,
            target_url: input.targetUrl,
          },
        }),
      );
      return mapCommitStatus(body, sha, client.context);
    },
  };
}
