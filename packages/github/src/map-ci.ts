import {
  CheckConclusionSchema,
  DeploymentStateSchema,
  type Check,
  type Deployment,
} from '@scm/core';
import type {
  WireCheckRun,
  WireDeployment,
  WireDeploymentStatus,
  WireStatus,
} from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

type Conclusion = NonNullable<Check['conclusion']>;
const CONCLUSIONS: ReadonlySet<string> = new Set(CheckConclusionSchema.options);

// A set lookup, not a failing safeParse: a run still in progress (conclusion null) built a
// ZodError with its stack on every item of a page (#21).
function checkConclusion(value: string | null): Conclusion | null {
  return value !== null && CONCLUSIONS.has(value) ? (value as Conclusion) : null;
}

/**
 * Check runs: `waiting`, `requested` and `pending` (GitHub Actions states) are not started yet,
 * so they read as `queued`. https://docs.github.com/rest/checks/runs
 */
function checkRunStatus(status: string): Check['status'] {
  if (status === 'completed') return 'completed';
  if (status === 'in_progress') return 'in_progress';
  return 'queued';
}

export function mapCheckRun(wire: WireCheckRun, context: MapContext): Check {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    kind: 'check_run',
    name: wire.name,
    sha: wire.head_sha,
    status: checkRunStatus(wire.status),
    conclusion: checkConclusion(wire.conclusion),
    description: wire.output?.title ?? wire.output?.summary ?? null,
    detailsUrl: wire.details_url ?? wire.html_url ?? null,
    startedAt: timestamp(wire.started_at),
    completedAt: timestamp(wire.completed_at),
  });
}

/**
 * Commit statuses have one `state`: `pending` is still running; `success`, `failure` and `error`
 * are finished. `error` (the CI itself broke) has no conclusion of its own and reads as `failure`.
 * https://docs.github.com/rest/commits/statuses
 */
export function mapCommitStatus(wire: WireStatus, sha: string, context: MapContext): Check {
  const pending = wire.state === 'pending';
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    kind: 'commit_status',
    name: wire.context,
    sha,
    status: pending ? 'in_progress' : 'completed',
    conclusion: pending ? null : wire.state === 'success' ? 'success' : 'failure',
    description: wire.description ?? null,
    detailsUrl: wire.target_url ?? null,
    startedAt: timestamp(wire.created_at),
    completedAt: pending ? null : timestamp(wire.updated_at),
  });
}

/** A deployment's state is its newest status; a deployment nobody reported on yet is `pending`. */
export function mapDeployment(
  wire: WireDeployment,
  latest: WireDeploymentStatus | undefined,
  context: MapContext,
): Deployment {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    environment: wire.environment,
    ref: wire.ref,
    sha: wire.sha,
    state:
      latest === undefined
        ? 'pending'
        : (DeploymentStateSchema.safeParse(latest.state).data ?? 'unknown'),
    creator: wire.creator?.login ?? null,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(latest?.created_at ?? wire.updated_at),
    webUrl: latest?.environment_url || latest?.target_url || null,
  });
}
