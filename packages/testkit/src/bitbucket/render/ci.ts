import type {
  Dataset,
  DatasetCheck,
  DatasetDeployment,
  DatasetEnvironment,
  DatasetRepository,
} from '../../dataset/types.js';
import { statusKeyFor, uuidFor } from '../bitbucket-dataset.js';
import {
  accountFor,
  href,
  renderAccount,
  renderCommitRef,
  renderRepositoryRef,
  type Hosts,
  type Json,
} from './common.js';

const STATUS_STATE = (check: DatasetCheck): string => {
  if (check.status !== 'completed') return 'INPROGRESS';
  if (check.conclusion === 'failure' || check.conclusion === 'timed_out') return 'FAILED';
  return check.conclusion === 'cancelled' ? 'STOPPED' : 'SUCCESSFUL';
};

export function renderCommitStatus(
  hosts: Hosts,
  repo: DatasetRepository,
  check: DatasetCheck,
  state: string = STATUS_STATE(check),
  key: string = statusKeyFor(check),
): Json {
  return {
    type: 'build',
    key,
    name: check.name,
    state,
    description: check.description ?? '',
    url: `${hosts.web}/ci/${repo.fullName}/${check.id}`,
    refname: null,
    commit: renderCommitRef(hosts, repo, check.sha),
    repository: renderRepositoryRef(hosts, repo),
    created_on: check.startedAt ?? repo.createdAt,
    updated_on: check.completedAt ?? check.startedAt ?? repo.createdAt,
    links: {
      self: href(
        `${hosts.api}/repositories/${repo.fullName}/commit/${check.sha}/statuses/build/${key}`,
      ),
      commit: href(`${hosts.api}/repositories/${repo.fullName}/commit/${check.sha}`),
    },
  };
}

const PIPELINE_RESULT: Record<NonNullable<DatasetCheck['conclusion']>, string> = {
  success: 'SUCCESSFUL',
  neutral: 'SUCCESSFUL',
  skipped: 'STOPPED',
  failure: 'FAILED',
  cancelled: 'STOPPED',
  timed_out: 'EXPIRED',
};

function pipelineState(check: DatasetCheck): Json {
  if (check.status === 'queued') return { type: 'pipeline_state_pending', name: 'PENDING' };
  if (check.status === 'in_progress')
    return {
      type: 'pipeline_state_in_progress',
      name: 'IN_PROGRESS',
      stage: { type: 'pipeline_state_in_progress_running', name: 'RUNNING' },
    };
  const result = PIPELINE_RESULT[check.conclusion ?? 'success'];
  return {
    type: 'pipeline_state_completed',
    name: 'COMPLETED',
    result: { type: `pipeline_state_completed_${result.toLowerCase()}`, name: result },
  };
}

export function renderPipeline(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  check: DatasetCheck,
  branch: string | null,
): Json {
  const uuid = uuidFor('check', check.id);
  const pipeline: Json = {
    type: 'pipeline',
    uuid,
    build_number: check.id % 10_000,
    creator: renderAccount(hosts, dataset.viewer),
    repository: renderRepositoryRef(hosts, repo),
    target: {
      type: 'pipeline_ref_target',
      ref_type: 'branch',
      ref_name: branch ?? repo.defaultBranch,
      commit: renderCommitRef(hosts, repo, check.sha),
      selector: { type: 'custom', pattern: check.name },
    },
    trigger: { type: 'pipeline_trigger_push', name: 'PUSH' },
    state: pipelineState(check),
    created_on: check.startedAt ?? repo.createdAt,
    build_seconds_used: 0,
    // Atlassian describes Pipelines' links as typed objects (`pipelines_pipeline_links`).
    links: {
      type: 'pipelines_pipeline_links',
      self: {
        type: 'pipelines_links_section_href',
        href: `${hosts.api}/repositories/${repo.fullName}/pipelines/${encodeURIComponent(uuid)}`,
      },
    },
  };
  if (check.completedAt !== null) pipeline.completed_on = check.completedAt;
  return pipeline;
}

export function renderEnvironment(repo: DatasetRepository, environment: DatasetEnvironment): Json {
  const rank = ['test', 'preview', 'staging', 'production'].indexOf(environment.name);
  const typeName =
    environment.name === 'production'
      ? 'Production'
      : environment.name === 'staging'
        ? 'Staging'
        : 'Test';
  return {
    type: 'deployment_environment',
    uuid: uuidFor('environment', `${repo.id}:${environment.id}`),
    name: environment.name,
    slug: environment.name,
    rank: rank < 0 ? 0 : rank,
    hidden: false,
    environment_type: {
      type: 'deployment_environment_type',
      name: typeName,
      rank: typeName === 'Test' ? 0 : typeName === 'Staging' ? 1 : 2,
    },
  };
}

function deploymentState(hosts: Hosts, dataset: Dataset, deployment: DatasetDeployment): Json {
  const deployer = accountFor(hosts, dataset, deployment.creator);
  if (deployment.state === 'in_progress')
    return {
      type: 'deployment_state_in_progress',
      name: 'IN_PROGRESS',
      deployer,
      start_date: deployment.createdAt,
    };
  if (deployment.state === 'success' || deployment.state === 'failure') {
    const name = deployment.state === 'success' ? 'SUCCESSFUL' : 'FAILED';
    return {
      type: 'deployment_state_completed',
      name: 'COMPLETED',
      deployer,
      status: { type: `deployment_state_completed_status_${name.toLowerCase()}`, name },
      start_date: deployment.createdAt,
      completion_date: deployment.updatedAt,
    };
  }
  return { type: 'deployment_state_undeployed', name: 'UNDEPLOYED' };
}

export function renderDeployment(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Json {
  const environment = repo.environments.find((env) => env.name === deployment.environment);
  return {
    type: 'deployment',
    uuid: uuidFor('deployment', deployment.id),
    state: deploymentState(hosts, dataset, deployment),
    environment: {
      type: 'deployment_environment',
      uuid: uuidFor('environment', `${repo.id}:${environment?.id ?? 0}`),
    },
    release: {
      type: 'deployment_release',
      uuid: uuidFor('release', deployment.id),
      name: `${deployment.ref}-${deployment.id}`,
      url: `${hosts.web}/${repo.fullName}/pipelines/results/${deployment.id}`,
      commit: renderCommitRef(hosts, repo, deployment.sha),
      created_on: deployment.createdAt,
    },
  };
}
