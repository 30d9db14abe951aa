import type { Check, CommitStatusInput } from '@scm/core';
import type { WireBuild, WireStatus } from './azure-schemas.js';
import { AZURE_PROVIDER_ID, withRaw, nonEmpty, timestamp, type MapContext } from './map-common.js';

type Progress = Pick<Check, 'status' | 'conclusion'>;

/** A status's `context` as one name: `genre/name`, as Azure shows it. */
export function statusName(wire: WireStatus): string {
  const genre = nonEmpty(wire.context.genre);
  return genre === null ? wire.context.name : `${genre}/${wire.context.name}`;
}

/** `GitStatusState` (notSet, pending, succeeded, failed, error, notApplicable). */
function statusProgress(state: string): Progress {
  switch (state) {
    case 'succeeded':
      return { status: 'completed', conclusion: 'success' };
    case 'failed':
    case 'error':
      return { status: 'completed', conclusion: 'failure' };
    case 'notApplicable':
      return { status: 'completed', conclusion: 'neutral' };
    default:
      return { status: 'in_progress', conclusion: null };
  }
}

/**
 * A commit status (`GitStatus`) of `sha`. Its id is `status-<id>`: statuses and builds number
 * themselves separately, and one listing holds both.
 */
export function mapStatus(wire: WireStatus, sha: string, context: MapContext): Check {
  const created = timestamp(wire.creationDate);
  const progress = statusProgress(wire.state);
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: `status-${wire.id ?? `${statusName(wire)}@${wire.creationDate ?? ''}`}`,
    kind: 'commit_status',
    name: statusName(wire),
    sha,
    ...progress,
    description: nonEmpty(wire.description),
    detailsUrl: nonEmpty(wire.targetUrl?.trim()),
    startedAt: created,
    completedAt: progress.status === 'completed' ? (timestamp(wire.updatedDate) ?? created) : null,
  });
}

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/**
 * The commit a build built: `sourceVersion`, or on older (XAML) builds the sha at the end of
 * `sourceGetVersion` (`LG:refs/heads/main:<sha>`); null when neither says.
 */
export function buildSha(wire: {
  sourceVersion?: string | null | undefined;
  sourceGetVersion?: string | null | undefined;
}): string | null {
  const version = nonEmpty(wire.sourceVersion);
  if (version !== null) return version;
  const getVersion = wire.sourceGetVersion ?? '';
  const tail = getVersion.slice(getVersion.lastIndexOf(':') + 1);
  return FULL_SHA.test(tail) ? tail : null;
}

// Older (XAML) builds put their outcome in `status` instead of `result`.
const OUTCOMES = new Set(['succeeded', 'partiallySucceeded', 'failed', 'stopped', 'canceled']);

/** `BuildStatus` and `BuildResult` of the build API. */
function buildProgress(
  status: string | null | undefined,
  result: string | null | undefined,
): Progress {
  if (status !== null && status !== undefined && OUTCOMES.has(status))
    return buildProgress('completed', result ?? status);
  if (status !== 'completed') {
    return {
      status: status === 'inProgress' || status === 'cancelling' ? 'in_progress' : 'queued',
      conclusion: null,
    };
  }
  switch (result ?? '') {
    case 'succeeded':
      return { status: 'completed', conclusion: 'success' };
    case 'partiallySucceeded':
      return { status: 'completed', conclusion: 'neutral' };
    case 'canceled':
    case 'stopped':
      return { status: 'completed', conclusion: 'cancelled' };
    case 'failed':
      return { status: 'completed', conclusion: 'failure' };
    default:
      return { status: 'completed', conclusion: null };
  }
}

/** A pipeline build of `sourceVersion` (kind `pipeline`, id `build-<id>`). */
export function mapBuild(wire: WireBuild, context: MapContext): Check {
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: `build-${wire.id}`,
    kind: 'pipeline',
    name: nonEmpty(wire.definition?.name) ?? nonEmpty(wire.buildNumber) ?? `build ${wire.id}`,
    sha: buildSha(wire) ?? '',
    ...buildProgress(wire.status, wire.result),
    description: nonEmpty(wire.buildNumber),
    detailsUrl: nonEmpty(wire._links?.web?.href),
    startedAt: timestamp(wire.startTime),
    completedAt: timestamp(wire.finishTime),
  });
}

/** The core status → Azure's `GitStatusState`. */
export function wireStatusState(state: CommitStatusInput['state']): string {
  switch (state) {
    case 'pending':
      return 'pending';
    case 'success':
      return 'succeeded';
    case 'failure':
      return 'failed';
    case 'error':
      return 'error';
  }
}

/** A core status context → Azure's `{ genre, name }`: the part before the last `/` is the genre. */
export function wireStatusContext(name: string): { name: string; genre?: string } {
  const slash = name.lastIndexOf('/');
  return slash <= 0 || slash === name.length - 1
    ? { name }
    : { genre: name.slice(0, slash), name: name.slice(slash + 1) };
}
