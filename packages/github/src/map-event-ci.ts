import {
  CheckConclusionSchema,
  DeploymentStateSchema,
  type CheckEvent,
  type DeploymentEvent,
  type ScmEvent,
} from '@scm/core';
import {
  WireCheckRunEventSchema,
  WireCheckSuiteEventSchema,
  WireDeploymentEventSchema,
  WireDeploymentStatusEventSchema,
  WireStatusEventSchema,
  WireWorkflowJobEventSchema,
  WireWorkflowRunEventSchema,
} from './github-schemas.js';
import { eventPayload, eventTime, type EventCommon } from './map-common.js';

type CheckStatus = CheckEvent['status'];
type CheckConclusion = NonNullable<CheckEvent['conclusion']>;

/**
 * Check runs, check suites and workflow runs share GitHub's status vocabulary: `queued`,
 * `in_progress`, `completed`, and for suites and runs also `requested`, `waiting` and `pending`,
 * which have not started either.
 * https://docs.github.com/en/rest/checks/runs#get-a-check-run
 */
export function checkStatus(status: string | null | undefined): CheckStatus {
  if (status === 'completed') return 'completed';
  if (status === 'in_progress') return 'in_progress';
  return 'queued';
}

/**
 * GitHub's conclusions are core's, plus `startup_failure` (a workflow that could not start), which
 * is a failure to the reader of a normalized check.
 */
export function checkConclusion(conclusion: string | null | undefined): CheckConclusion | null {
  if (conclusion === null || conclusion === undefined) return null;
  const known = CheckConclusionSchema.safeParse(conclusion);
  if (known.success) return known.data;
  return 'failure';
}

/**
 * Commit statuses have one `state` (`pending`, `success`, `failure`, `error`) instead of status +
 * conclusion. https://docs.github.com/en/rest/commits/statuses
 */
export function commitStatusState(state: string): Pick<CheckEvent, 'status' | 'conclusion'> {
  switch (state) {
    case 'success':
      return { status: 'completed', conclusion: 'success' };
    case 'failure':
    case 'error':
      return { status: 'completed', conclusion: 'failure' };
    default:
      return { status: 'in_progress', conclusion: null };
  }
}

function deploymentState(state: string): DeploymentEvent['state'] {
  return DeploymentStateSchema.safeParse(state).data ?? 'unknown';
}

export function mapCheckRunEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { check_run: run } = eventPayload(WireCheckRunEventSchema, payload, 'check_run');
  return {
    ...common,
    type: 'check',
    occurredAt: eventTime(run.completed_at) ?? eventTime(run.started_at) ?? common.occurredAt,
    name: run.name,
    sha: run.head_sha,
    status: checkStatus(run.status),
    conclusion: checkConclusion(run.conclusion),
  };
}

export function mapCheckSuiteEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { check_suite: suite } = eventPayload(WireCheckSuiteEventSchema, payload, 'check_suite');
  return {
    ...common,
    type: 'check',
    occurredAt: eventTime(suite.updated_at) ?? common.occurredAt,
    // A suite is named by the app that runs it (GitHub Actions, a CI app…).
    name: suite.app?.name ?? 'check_suite',
    sha: suite.head_sha,
    status: checkStatus(suite.status),
    conclusion: checkConclusion(suite.conclusion),
  };
}

export function mapStatusEvent(payload: unknown, common: EventCommon): ScmEvent {
  const status = eventPayload(WireStatusEventSchema, payload, 'status');
  return {
    ...common,
    type: 'check',
    // A status delivery has no action verb; its state is in `status` / `conclusion`.
    action: null,
    occurredAt: eventTime(status.updated_at) ?? common.occurredAt,
    name: status.context,
    sha: status.sha,
    ...commitStatusState(status.state),
  };
}

export function mapWorkflowRunEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { workflow_run: run, workflow } = eventPayload(
    WireWorkflowRunEventSchema,
    payload,
    'workflow_run',
  );
  return {
    ...common,
    type: 'check',
    occurredAt: eventTime(run.updated_at) ?? common.occurredAt,
    name: run.name ?? workflow?.name ?? 'workflow_run',
    sha: run.head_sha,
    status: checkStatus(run.status),
    conclusion: checkConclusion(run.conclusion),
  };
}

export function mapDeploymentEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { deployment } = eventPayload(WireDeploymentEventSchema, payload, 'deployment');
  return {
    ...common,
    type: 'deployment',
    occurredAt:
      eventTime(deployment.updated_at) ?? eventTime(deployment.created_at) ?? common.occurredAt,
    environment: deployment.environment ?? null,
    // A deployment is created without a status; GitHub treats it as pending until the first one.
    // https://docs.github.com/en/rest/deployments/deployments#about-deployments
    state: 'pending',
    sha: deployment.sha ?? null,
  };
}

export function mapDeploymentStatusEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { deployment, deployment_status: status } = eventPayload(
    WireDeploymentStatusEventSchema,
    payload,
    'deployment_status',
  );
  return {
    ...common,
    type: 'deployment',
    occurredAt: eventTime(status.updated_at) ?? common.occurredAt,
    environment: status.environment ?? deployment.environment ?? null,
    state: deploymentState(status.state),
    sha: deployment.sha ?? null,
  };
}

/** `workflow_job`: one job of a workflow run queued, waiting, in progress or completed. */
export function mapWorkflowJobEvent(payload: unknown, common: EventCommon): ScmEvent {
  const { workflow_job: job } = eventPayload(WireWorkflowJobEventSchema, payload, 'workflow_job');
  return {
    ...common,
    type: 'job',
    occurredAt:
      eventTime(job.completed_at) ??
      eventTime(job.started_at) ??
      eventTime(job.created_at) ??
      common.occurredAt,
    jobId: String(job.id),
    name: job.name,
    runId: job.run_id === null || job.run_id === undefined ? null : String(job.run_id),
    group: job.workflow_name ?? null,
    sha: job.head_sha ?? null,
    ref: job.head_branch ?? null,
    status: checkStatus(job.status),
    conclusion: checkConclusion(job.conclusion),
    providerStatus: job.status,
    startedAt: eventTime(job.started_at),
    completedAt: eventTime(job.completed_at),
    webUrl: job.html_url ?? null,
  };
}
