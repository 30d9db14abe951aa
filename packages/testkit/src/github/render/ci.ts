import type {
  Dataset,
  DatasetCheck,
  DatasetDeployment,
  DatasetDeploymentStatus,
  DatasetRepository,
} from '../../dataset/types.js';
import {
  accountFor,
  derivedId,
  nodeId,
  renderSimpleUser,
  type Hosts,
  type Json,
} from './common.js';

const GITHUB_ACTIONS_APP_ID = 15368;

function renderActionsApp(hosts: Hosts): Json {
  return {
    id: GITHUB_ACTIONS_APP_ID,
    slug: 'github-actions',
    client_id: 'Iv1.actions0000000000',
    node_id: nodeId('A', GITHUB_ACTIONS_APP_ID),
    owner: renderSimpleUser(hosts, 'github', 9919, 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${hosts.web}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', contents: 'write', metadata: 'read', statuses: 'write' },
    events: ['check_run', 'check_suite', 'push', 'pull_request'],
  };
}

export function renderCheckRun(hosts: Hosts, repo: DatasetRepository, check: DatasetCheck): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const suiteId = derivedId('suite', repo.fullName, check.sha);
  return {
    id: check.id,
    name: check.name,
    node_id: nodeId('CR', check.id),
    head_sha: check.sha,
    external_id: String(check.id),
    url: `${api}/check-runs/${check.id}`,
    html_url: `${hosts.web}/${repo.fullName}/runs/${check.id}`,
    details_url: `${hosts.web}/${repo.fullName}/runs/${check.id}`,
    status: check.status,
    conclusion: check.conclusion,
    started_at: check.startedAt,
    completed_at: check.completedAt,
    output: {
      title: check.description,
      summary: check.description,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${check.id}/annotations`,
    },
    check_suite: { id: suiteId },
    app: renderActionsApp(hosts),
    pull_requests: [],
  };
}

/** Commit statuses carry GitHub's four states; the dataset keeps check-style status/conclusion. */
export function commitStatusState(
  check: DatasetCheck,
): 'pending' | 'success' | 'failure' | 'error' {
  if (check.status !== 'completed') return 'pending';
  if (
    check.conclusion === 'success' ||
    check.conclusion === 'neutral' ||
    check.conclusion === 'skipped'
  )
    return 'success';
  if (check.conclusion === 'timed_out' || check.conclusion === 'cancelled') return 'error';
  return 'failure';
}

export function renderStatus(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  check: DatasetCheck,
  targetUrl: string | null,
  withCreator: boolean,
): Json {
  const created = check.startedAt ?? repo.createdAt;
  return {
    url: `${hosts.api}/repos/${repo.fullName}/statuses/${check.sha}`,
    avatar_url: `${hosts.web}/avatars/u/${GITHUB_ACTIONS_APP_ID}?v=4`,
    id: check.id,
    node_id: nodeId('SC', check.id),
    state: commitStatusState(check),
    description: check.description,
    target_url: targetUrl,
    context: check.name,
    created_at: created,
    updated_at: check.completedAt ?? created,
    ...(withCreator
      ? { creator: accountFor(dataset, hosts, dataset.viewer.login) }
      : { required: false }),
  };
}

export function renderDeployment(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: nodeId('DE', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: 'deploy',
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: null,
    creator: accountFor(dataset, hosts, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${api}/deployments/${deployment.id}/statuses`,
    repository_url: api,
    transient_environment: false,
    production_environment: deployment.environment === 'production',
  };
}

export function renderDeploymentStatus(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
  status: DatasetDeploymentStatus,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const target = `${hosts.web}/${repo.fullName}/deployments/${deployment.environment}`;
  return {
    url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DES', status.id),
    state: status.state,
    creator: accountFor(dataset, hosts, deployment.creator),
    description: status.description,
    environment: deployment.environment,
    target_url: target,
    log_url: target,
    environment_url: target,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: `${api}/deployments/${deployment.id}`,
    repository_url: api,
  };
}
