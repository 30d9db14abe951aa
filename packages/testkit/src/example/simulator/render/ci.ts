import type { DatasetCheck, DatasetDeployment, DatasetRepository } from '../../../dataset/types.js';
import { EXAMPLE_WEB } from './common.js';

const PHASE: Record<DatasetCheck['status'], string> = {
  queued: 'queued',
  in_progress: 'running',
  completed: 'done',
};
const OUTCOME: Record<NonNullable<DatasetCheck['conclusion']>, string> = {
  success: 'pass',
  failure: 'fail',
  neutral: 'neutral',
  cancelled: 'cancelled',
  skipped: 'skipped',
  timed_out: 'timeout',
};

export function renderCheck(repo: DatasetRepository, check: DatasetCheck): Record<string, unknown> {
  return {
    id: check.id,
    type: check.kind === 'check_run' ? 'run' : 'status',
    name: check.name,
    commit_sha: check.sha,
    phase: PHASE[check.status],
    outcome: check.conclusion === null ? null : OUTCOME[check.conclusion],
    summary: check.description,
    details_url: `${EXAMPLE_WEB}/${repo.fullName}/checks/${check.id}`,
    started_at: check.startedAt,
    finished_at: check.completedAt,
  };
}

export function renderDeployment(
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Record<string, unknown> {
  return {
    id: deployment.id,
    environment: deployment.environment,
    ref: deployment.ref,
    sha: deployment.sha,
    state: deployment.state,
    creator: { handle: deployment.creator },
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/deployments/${deployment.id}`,
  };
}
