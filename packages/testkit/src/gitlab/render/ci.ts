import type { DatasetCheck, DatasetDeployment, DatasetRepository } from '../../dataset/types.js';
import { renderUserBasic, type Json, type RenderContext } from './common.js';

/** Dataset check state → GitLab's status vocabulary (statuses and pipelines share it). */
export function gitlabStatus(check: Pick<DatasetCheck, 'status' | 'conclusion'>): string {
  if (check.status === 'queued') return 'pending';
  if (check.status === 'in_progress') return 'running';
  switch (check.conclusion) {
    case 'success':
      return 'success';
    case 'cancelled':
      return 'canceled';
    case 'skipped':
    case 'neutral':
      return 'skipped';
    case 'failure':
    case 'timed_out':
    case null:
      return 'failed';
  }
}

const DEPLOYMENT_STATUS: Readonly<Record<string, string>> = {
  pending: 'created',
  queued: 'created',
  in_progress: 'running',
  success: 'success',
  failure: 'failed',
  error: 'failed',
  inactive: 'success',
};

/** Dataset deployment state → GitLab's deployment status. */
export function deploymentStatus(state: string): string {
  return DEPLOYMENT_STATUS[state] ?? 'created';
}

/** `GET /projects/:id/repository/commits/:sha/statuses`, `POST /projects/:id/statuses/:sha`. */
export function renderCommitStatus(
  context: RenderContext,
  repo: DatasetRepository,
  check: DatasetCheck,
): Json {
  return {
    id: check.id,
    sha: check.sha,
    ref: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? null,
    status: gitlabStatus(check),
    name: check.name,
    target_url: `${context.web()}/${repo.fullName}/-/jobs/${check.id}`,
    description: check.description,
    created_at: check.startedAt ?? repo.createdAt,
    started_at: check.startedAt,
    finished_at: check.completedAt,
    allow_failure: false,
    coverage: null,
    pipeline_id: null,
    author: renderUserBasic(context, context.dataset.viewer.login),
  };
}

/** `GET /projects/:id/pipelines`: the dataset's check runs. */
export function renderPipeline(
  context: RenderContext,
  repo: DatasetRepository,
  check: DatasetCheck,
): Json {
  return {
    id: check.id,
    iid: check.id % 10_000,
    project_id: repo.id,
    sha: check.sha,
    ref: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? check.sha,
    status: gitlabStatus(check),
    source: 'push',
    name: check.name,
    created_at: check.startedAt ?? repo.createdAt,
    updated_at: check.completedAt ?? check.startedAt ?? repo.createdAt,
    started_at: check.startedAt,
    finished_at: check.completedAt,
    web_url: `${context.web()}/${repo.fullName}/-/pipelines/${check.id}`,
  };
}

/** `GET /projects/:id/deployments`. */
export function renderDeployment(
  context: RenderContext,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Json {
  const environment = repo.environments.find((env) => env.name === deployment.environment);
  return {
    id: deployment.id,
    iid: deployment.id % 10_000,
    ref: deployment.ref,
    sha: deployment.sha,
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    status: deploymentStatus(deployment.state),
    user: renderUserBasic(context, deployment.creator),
    environment: {
      id: environment?.id ?? 0,
      name: deployment.environment,
      external_url: `https://${deployment.environment}.${repo.name}.example.test`,
      tier: deployment.environment === 'production' ? 'production' : 'staging',
    },
    deployable: null,
  };
}
