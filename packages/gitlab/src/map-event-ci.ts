import type { ScmEvent } from '@scm/core';
import {
  WireDeploymentEventSchema,
  WireJobEventSchema,
  WirePipelineEventSchema,
} from './gitlab-schemas.js';
import { checkState, deploymentState } from './map-ci.js';
import { text, timestamp } from './map-common.js';
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
    // A Pipeline Hook has no verb: its status is the news (`status` / `conclusion`).
    action: null,
    name: text(pipeline.name) ?? `pipeline #${pipeline.iid ?? pipeline.id}`,
    sha: eventSha(pipeline.sha),
    ...checkState(pipeline.status),
  };
}

/**
 * `Job Hook`: a job's status changed. The body has no verb (`action` is null) and may have no
 * `project` object: map-event.ts then names the repository from `project_id` and
 * `repository.homepage`.
 */
export function mapJobEvent(payload: unknown, common: EventCommon): ScmEvent {
  const parsed = WireJobEventSchema.safeParse(payload);
  if (!parsed.success) throw invalid('Malformed Job Hook');
  const job = parsed.data;
  const jobId = job.build_id === null || job.build_id === undefined ? null : String(job.build_id);
  const web = text(job.repository?.homepage) ?? common.repository?.webUrl ?? null;
  return {
    ...common,
    occurredAt: when(common, job.build_finished_at, job.build_started_at, job.build_created_at),
    type: 'job',
    action: null,
    jobId: jobId ?? '',
    name: job.build_name,
    runId:
      job.pipeline_id === null || job.pipeline_id === undefined ? null : String(job.pipeline_id),
    group: text(job.build_stage),
    sha: eventSha(job.sha),
    ref: text(job.ref),
    ...checkState(job.build_status),
    providerStatus: job.build_status,
    startedAt: timestamp(job.build_started_at),
    completedAt: timestamp(job.build_finished_at),
    webUrl: web !== null && jobId !== null ? `${web.replace(/\/+$/, '')}/-/jobs/${jobId}` : null,
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
    // A Deployment Hook has no verb: its status is the news (`state`).
    action: null,
    environment: text(deployment.environment),
    state: deploymentState(deployment.status),
    sha: fromUrl ?? text(deployment.short_sha),
  };
}
