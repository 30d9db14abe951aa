import type { CheckEvent, JobEvent } from '@scm/core';
import type { z } from 'zod';
import type { WireBuildResourceSchema, WirePipelineResource } from './azure-schemas.js';
import { buildSha } from './map-ci.js';
import { branchName, nonEmpty, timestamp } from './map-common.js';
import { eventBase, type DeliveryContext } from './map-event-common.js';

type BuildResource = z.infer<typeof WireBuildResourceSchema>;
type Progress = Pick<CheckEvent, 'status' | 'conclusion'>;

/** A result word of builds and pipeline runs, stages and jobs → the core conclusion. */
function conclusionOf(result: string | null | undefined): CheckEvent['conclusion'] {
  switch ((result ?? '').toLowerCase()) {
    case 'succeeded':
      return 'success';
    case 'partiallysucceeded':
    case 'succeededwithissues':
      return 'neutral';
    case 'failed':
    case 'rejected':
      return 'failure';
    case 'canceled':
    case 'stopped':
      return 'cancelled';
    case 'skipped':
      return 'skipped';
    default:
      return null;
  }
}

/** A pipeline state (`notStarted`, `waiting`, `running`/`inProgress`, `canceling`, `completed`). */
function progressOf(state: string | null | undefined, result: string | null | undefined): Progress {
  switch ((state ?? '').toLowerCase()) {
    case 'completed':
      return { status: 'completed', conclusion: conclusionOf(result) };
    case 'running':
    case 'inprogress':
    case 'canceling':
      return { status: 'in_progress', conclusion: null };
    default:
      return { status: 'queued', conclusion: null };
  }
}

/**
 * `build.complete`: a finished build. Older payloads carry the outcome in `status`
 * (`succeeded`) and the commit only in `sourceGetVersion` (`LG:refs/heads/main:<sha>`).
 */
export function mapBuildEvent(
  payload: unknown,
  createdDate: string | null | undefined,
  resource: BuildResource,
  delivery: DeliveryContext,
): CheckEvent {
  const sha = buildSha(resource);
  return {
    ...eventBase(payload, delivery, {
      createdDate: resource.finishTime ?? createdDate,
      action: 'completed',
      repository: null,
      sender: resource.requests?.[0]?.requestedFor ?? resource.lastChangedBy,
    }),
    type: 'check',
    name:
      nonEmpty(resource.definition?.name) ??
      nonEmpty(resource.buildNumber) ??
      `build ${resource.id}`,
    sha,
    status: 'completed',
    conclusion: conclusionOf(resource.result ?? resource.status),
  };
}

/** The commit and ref a pipeline run built (its `self` repository resource), when told. */
function runSource(resource: WirePipelineResource): { sha: string | null; ref: string | null } {
  const self = resource.run.resources?.repositories?.self;
  return {
    sha: nonEmpty(self?.version),
    ref: self?.refName === null || self?.refName === undefined ? null : branchName(self.refName),
  };
}

/** `ms.vss-pipelines.run-state-changed-event` and `…stage-state-changed-event`: a check. */
export function mapRunEvent(
  payload: unknown,
  createdDate: string | null | undefined,
  resource: WirePipelineResource,
  delivery: DeliveryContext,
): CheckEvent {
  const pipeline = nonEmpty(resource.pipeline?.name ?? resource.run.pipeline?.name) ?? 'pipeline';
  const stage = resource.stage;
  const part = stage ?? resource.run;
  return {
    ...eventBase(payload, delivery, { createdDate, action: null, repository: null, sender: null }),
    type: 'check',
    name:
      stage === null || stage === undefined
        ? pipeline
        : `${pipeline}/${nonEmpty(stage.displayName) ?? stage.name ?? ''}`,
    sha: runSource(resource).sha,
    ...progressOf(part.state, part.result),
  };
}

/** `ms.vss-pipelines.job-state-changed-event`: one job of a run, in its stage. */
export function mapJobEvent(
  payload: unknown,
  createdDate: string | null | undefined,
  resource: WirePipelineResource,
  delivery: DeliveryContext,
): JobEvent | undefined {
  const job = resource.job;
  if (job === null || job === undefined) return undefined;
  const source = runSource(resource);
  return {
    ...eventBase(payload, delivery, { createdDate, action: null, repository: null, sender: null }),
    type: 'job',
    jobId: String(job.id),
    name: job.name ?? String(job.id),
    runId: String(resource.run.id),
    group: nonEmpty(resource.stage?.displayName) ?? nonEmpty(resource.stage?.name),
    sha: source.sha,
    ref: source.ref,
    ...progressOf(job.state, job.result),
    providerStatus:
      job.result !== null && job.result !== undefined && job.state === 'completed'
        ? job.result
        : (job.state ?? 'unknown'),
    startedAt: timestamp(job.startTime),
    completedAt: timestamp(job.finishTime),
    webUrl: nonEmpty(job._links?.web?.href),
  };
}
