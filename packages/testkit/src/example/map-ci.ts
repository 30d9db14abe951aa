import { DeploymentStateSchema, type Check, type Deployment } from '@scm/core';
import type { WireCheck, WireDeployment } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

const CHECK_STATUS: Record<WireCheck['phase'], Check['status']> = {
  queued: 'queued',
  running: 'in_progress',
  done: 'completed',
};
const CONCLUSION: Record<NonNullable<WireCheck['outcome']>, NonNullable<Check['conclusion']>> = {
  pass: 'success',
  fail: 'failure',
  neutral: 'neutral',
  cancelled: 'cancelled',
  skipped: 'skipped',
  timeout: 'timed_out',
};

export function mapCheck(wire: WireCheck, context: MapContext): Check {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    kind: wire.type === 'run' ? 'check_run' : 'commit_status',
    name: wire.name,
    sha: wire.commit_sha,
    status: CHECK_STATUS[wire.phase],
    conclusion: wire.outcome === null ? null : CONCLUSION[wire.outcome],
    description: wire.summary,
    detailsUrl: wire.details_url ?? null,
    startedAt: timestamp(wire.started_at),
    completedAt: timestamp(wire.finished_at),
  });
}

export function mapDeployment(wire: WireDeployment, context: MapContext): Deployment {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    environment: wire.environment,
    ref: wire.ref,
    sha: wire.sha,
    // A state this adapter does not know yet is reported, not guessed.
    state: DeploymentStateSchema.safeParse(wire.state).data ?? 'unknown',
    creator: wire.creator?.handle ?? null,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    webUrl: wire.web_url ?? null,
  });
}
