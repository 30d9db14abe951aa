import type { ScmEvent } from '@scm/core';
import {
  WireDeploymentEventSchema,
  WireJobEventSchema,
  WirePipelineEventSchema,
} from './gitlab-schemas.js';
import { checkState, deploymentState } from './map-ci.js';
import { text } from './map-common.js';
import { eventSha, invalid, when, type EventCommon } from './map-event-common.js';

/** `Pipeline Hook`: a pipeline's status changed (a check of kind pipeline). */
export function mapPipelineEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WirePipelineEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Pipeline Hook');
  const pipeline = parsed.data.object_attributes;
  return {
    ...common,
    occurredAt: when(common, pipeline.finished_at, pipeline.created_at),
    type: 'check',
    action: pipeline.status,
    name: text(pipeline.name) ?? `pipeline #${pipeline.iid ?? pipeline.id}`,
    sha: eventSha(pipeline.sha),
    ...checkState(pipeline.status),
  };
}

/** `Job Hook`: a job's status changed. */
export function mapJobEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireJobEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Job Hook');
  const job = parsed.data;
  return {
    ...common,
    occurredAt: when(common, job.build_finished_at, job.build_started_at),
    type: 'check',
    action: job.build_status,
    name: job.build_name,
    sha: eventSha(job.sha),
    ...checkState(job.build_status),
  };
}

/** `Deployment Hook`: a deployment's status changed; the full sha is read from the commit URL. */
export function mapDeploymentEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireDeploymentEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Deployment Hook');
  const deployment = parsed.data;
  const fromUrl = /\/commit\/([0-9a-f]{40})$/.exec(deployment.commit_url ?? '')?.[1];
  return {
    ...common,
    occurredAt: when(common, deployment.status_changed_at),
    type: 'deployment',
    action: deployment.status,
    environment: text(deployment.environment),
    state: deploymentState(deployment.status),
    sha: fromUrl ?? text(deployment.short_sha),
  };
}
