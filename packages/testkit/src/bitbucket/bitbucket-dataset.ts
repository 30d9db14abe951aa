import { deriveSha } from '../dataset/diff.js';
import type { Dataset, DatasetCheck, DatasetDeploymentState } from '../dataset/types.js';

/** A braced UUID derived from a kind and an id, stable across runs. */
export function uuidFor(kind: string, id: string | number): string {
  const hex = deriveSha('bitbucket-uuid', kind, id);
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

/** The `key` Bitbucket gives a commit status: unique per commit and vendor. */
export function statusKeyFor(check: Pick<DatasetCheck, 'id'>): string {
  return deriveSha('bitbucket-status', check.id).slice(0, 32);
}

// Bitbucket deployments are UNDEPLOYED, IN_PROGRESS or COMPLETED (SUCCESSFUL / FAILED / STOPPED):
// it has no queued, error or inactive deployment.
const DEPLOYMENT_STATE: Record<DatasetDeploymentState, DatasetDeploymentState> = {
  pending: 'pending',
  queued: 'pending',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'failure',
  inactive: 'success',
};

/**
 * The dataset as Bitbucket Cloud can hold it, so the contract suite expects what the API can say:
 * no `internal` visibility (a repository is private or public), no archived repositories, and
 * only the deployment states above. Everything else is unchanged.
 */
export function bitbucketDataset(dataset: Dataset): Dataset {
  return {
    ...dataset,
    repositories: dataset.repositories.map((repo) => ({
      ...repo,
      visibility: repo.visibility === 'internal' ? 'private' : repo.visibility,
      archived: false,
      deployments: repo.deployments.map((deployment) => ({
        ...deployment,
        state: DEPLOYMENT_STATE[deployment.state],
        statuses: deployment.statuses.map((status) => ({
          ...status,
          state: DEPLOYMENT_STATE[status.state],
        })),
      })),
    })),
  };
}
