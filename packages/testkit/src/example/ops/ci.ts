import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import { WireCheckSchema, WireDeploymentSchema, wirePageSchema } from '../example-schemas.js';
import { mapCheck, mapDeployment } from '../map-ci.js';

const CheckPage = wirePageSchema(WireCheckSchema);
const DeploymentPage = wirePageSchema(WireDeploymentSchema);

/** Checks and commit statuses, and deployments: `/repos/:repo/{checks,deployments}`. */
export function ciOps(
  client: ExampleClient,
): Pick<ScmProvider, 'listChecks' | 'listDeployments' | 'setCommitStatus'> {
  return {
    async listChecks(repo, query) {
      return client.listPage(
        CheckPage,
        {
          path: client.repoPath(repo, '/checks'),
          query: { ...pageParams(query), ref: query.ref ?? query.branch },
        },
        mapCheck,
      );
    },

    async listDeployments(repo, query) {
      return client.listPage(
        DeploymentPage,
        {
          path: client.repoPath(repo, '/deployments'),
          query: { ...pageParams(query), environment: query.environment, state: query.state },
        },
        mapDeployment,
      );
    },

    async setCommitStatus(repo, input) {
      const check = await client.call(WireCheckSchema, {
        method: 'POST',
        path: client.repoPath(repo, `/commits/${client.shaSegment(input.sha)}/statuses`),
        body: {
          state: input.state,
          context: input.context,
          description: input.description,
          target_url: input.targetUrl,
        },
      });
      return mapCheck(check, client.context);
    },
  };
}
