import type { Check, Deployment } from '@scm/core';
import type { WireCommitStatus, WireDeployment, WirePipeline } from './bitbucket-schemas.js';
import {
  BITBUCKET_PROVIDER_ID,
  withRaw,
  loginOf,
  timestamp,
  type MapContext,
} from './map-common.js';

type Outcome = Pick<Check, 'status' | 'conclusion'>;

const STATUS_STATE: Record<WireCommitStatus['state'], Outcome> = {
  INPROGRESS: { status: 'in_progress', conclusion: null },
  SUCCESSFUL: { status: 'completed', conclusion: 'success' },
  FAILED: { status: 'completed', conclusion: 'failure' },
  STOPPED: { status: 'completed', conclusion: 'cancelled' },
};

/** A build status (developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/); its id is its `key`. */
export function mapCommitStatus(wire: WireCommitStatus, sha: string, context: MapContext): Check {
  const outcome = STATUS_STATE[wire.state];
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.key,
    kind: 'commit_status',
    name: wire.name ?? wire.key,
    sha: wire.commit?.hash ?? sha,
    ...outcome,
    description: wire.description === '' ? null : (wire.description ?? null),
    detailsUrl: wire.url ?? null,
    startedAt: timestamp(wire.created_on),
    completedAt: outcome.status === 'completed' ? timestamp(wire.updated_on) : null,
  });
}

// developer.atlassian.com/cloud/bitbucket/rest/api-group-pipelines/: PENDING, IN_PROGRESS (also
// PAUSED / HALTED stages), COMPLETED with a result.
const PIPELINE_RESULT: Readonly<Record<string, Check['conclusion']>> = {
  SUCCESSFUL: 'success',
  FAILED: 'failure',
  ERROR: 'failure',
  STOPPED: 'cancelled',
  EXPIRED: 'timed_out',
};

function pipelineOutcome(state: WirePipeline['state']): Outcome {
  if (state.name === 'PENDING') return { status: 'queued', conclusion: null };
  if (state.name !== 'COMPLETED') return { status: 'in_progress', conclusion: null };
  return {
    status: 'completed',
    conclusion: PIPELINE_RESULT[state.result?.name ?? ''] ?? 'neutral',
  };
}

export function mapPipeline(wire: WirePipeline, sha: string, context: MapContext): Check {
  const pattern = wire.target?.selector?.pattern;
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    kind: 'pipeline',
    name:
      pattern !== undefined && pattern !== null && pattern !== ''
        ? pattern
        : `Pipeline #${String(wire.build_number ?? '?')}`,
    sha: wire.target?.commit?.hash ?? sha,
    ...pipelineOutcome(wire.state),
    description: null,
    detailsUrl: wire.links?.html?.href ?? null,
    startedAt: timestamp(wire.created_on),
    completedAt: timestamp(wire.completed_on),
  });
}

// developer.atlassian.com/cloud/bitbucket/rest/api-group-deployments/: UNDEPLOYED, IN_PROGRESS,
// COMPLETED with SUCCESSFUL / FAILED / STOPPED.
function deploymentState(state: WireDeployment['state']): Deployment['state'] {
  switch (state.name) {
    case 'UNDEPLOYED':
      return 'pending';
    case 'IN_PROGRESS':
      return 'in_progress';
    case 'COMPLETED':
      switch (state.status?.name ?? '') {
        case 'SUCCESSFUL':
          return 'success';
        case 'FAILED':
          return 'failure';
        case 'STOPPED':
          return 'cancelled';
        default:
          return 'unknown';
      }
    default:
      return 'unknown';
  }
}

/**
 * A deployment names its environment by UUID only; `environments` maps UUIDs to names. Bitbucket
 * records the commit deployed, not the ref.
 */
export function mapDeployment(
  wire: WireDeployment,
  environments: ReadonlyMap<string, string>,
  context: MapContext,
): Deployment {
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: wire.uuid,
    environment: environments.get(wire.environment.uuid) ?? wire.environment.uuid,
    ref: null,
    sha: wire.release?.commit?.hash ?? wire.deployable?.commit?.hash ?? null,
    state: deploymentState(wire.state),
    creator: loginOf(wire.state.deployer),
    createdAt: timestamp(
      wire.release?.created_on ?? wire.deployable?.created_on ?? wire.state.start_date,
    ),
    updatedAt: timestamp(wire.state.completion_date ?? wire.state.start_date),
    webUrl: wire.state.url ?? wire.release?.url ?? null,
  });
}
