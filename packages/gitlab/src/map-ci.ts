import type { Check, Deployment } from '@scm/core';
import type { WireCommitStatus, WireDeployment, WirePipeline } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

type CheckState = Pick<Check, 'status' | 'conclusion'>;

/**
 * Commit status and pipeline statuses share one vocabulary
 * (https://docs.gitlab.com/api/pipelines/, https://docs.gitlab.com/api/commits/#list-the-statuses-of-a-commit).
 * `manual` waits for a person to start it, GitLab's nearest thing to `action_required`.
 */
const STATES: Readonly<Record<string, CheckState>> = {
  created: { status: 'queued', conclusion: null },
  waiting_for_resource: { status: 'queued', conclusion: null },
  waiting_for_callback: { status: 'queued', conclusion: null },
  preparing: { status: 'queued', conclusion: null },
  pending: { status: 'queued', conclusion: null },
  scheduled: { status: 'queued', conclusion: null },
  running: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failed: { status: 'completed', conclusion: 'failure' },
  canceled: { status: 'completed', conclusion: 'cancelled' },
  canceling: { status: 'in_progress', conclusion: null },
  skipped: { status: 'completed', conclusion: 'skipped' },
  manual: { status: 'completed', conclusion: 'action_required' },
};

/** A status GitLab adds later is reported as still queued, never as a made-up outcome. */
export function checkState(status: string): CheckState {
  return STATES[status] ?? { status: 'queued', conclusion: null };
}

/** Commit status and pipeline ids come from different tables: the kind prefixes them apart. */
export const STATUS_ID_PREFIX = 'status-';
export const PIPELINE_ID_PREFIX = 'pipeline-';

export function mapCommitStatus(wire: WireCommitStatus, context: MapContext): Check {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: `${STATUS_ID_PREFIX}${wire.id}`,
    kind: 'commit_status',
    name: wire.name,
    sha: wire.sha,
    ...checkState(wire.status),
    description: text(wire.description),
    detailsUrl: text(wire.target_url),
    startedAt: timestamp(wire.started_at),
    completedAt: timestamp(wire.finished_at),
  });
}

export function mapPipeline(wire: WirePipeline, context: MapContext): Check {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: `${PIPELINE_ID_PREFIX}${wire.id}`,
    kind: 'pipeline',
    name: text(wire.name) ?? `pipeline #${wire.iid ?? wire.id}`,
    sha: wire.sha,
    ...checkState(wire.status),
    // Pipelines have no description; `source` (push, schedule, …) is in `raw`.
    description: null,

    detailsUrl: text(wire.web_url),
    startedAt: timestamp(wire.started_at ?? wire.created_at),
    completedAt: timestamp(wire.finished_at),
  });
}

/**
 * GitLab deployment statuses (https://docs.gitlab.com/api/deployments/): `created`, `running`,
 * `success`, `failed`, `canceled`, `blocked` (waiting for an approval). GitLab keeps an older,
 * superseded deployment as `success`: it has no `inactive`.
 */
const DEPLOYMENT_STATES: Readonly<Record<string, Deployment['state']>> = {
  created: 'pending',
  blocked: 'pending',
  running: 'in_progress',
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
};

/** A GitLab deployment status (of the API or of a `Deployment Hook`) → the normalized state. */
export function deploymentState(status: string): Deployment['state'] {
  return DEPLOYMENT_STATES[status] ?? 'unknown';
}

/** Core deployment state → GitLab's `status` filter; states GitLab cannot express are absent. */
export const DEPLOYMENT_STATUS_FILTER: Readonly<Record<string, string>> = {
  pending: 'created',
  in_progress: 'running',
  success: 'success',
  failure: 'failed',
  cancelled: 'canceled',
};

export function mapDeployment(wire: WireDeployment, context: MapContext): Deployment {
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    environment: wire.environment.name,
    ref: text(wire.ref),
    sha: text(wire.sha),
    state: deploymentState(wire.status),
    creator: wire.user?.username ?? null,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    webUrl: text(wire.environment.external_url),
  });
}
