import type { PullRequest, PullRequestState, PullRequestStateFilter } from '@scm/core';
import type { WirePullRequest } from './azure-schemas.js';
import {
  AZURE_PROVIDER_ID,
  withRaw,
  branchName,
  fullNameOf,
  loginOf,
  nonEmpty,
  timestamp,
  type MapContext,
} from './map-common.js';

/**
 * Azure's pull request status → the core state. Completing a pull request merges it (whatever
 * the merge strategy), so `completed` is `merged`; `abandoned` is closed without merging.
 */
export function pullRequestState(status: string): PullRequestState {
  switch (status) {
    case 'completed':
      return 'merged';
    case 'abandoned':
      return 'closed';
    default:
      return 'open';
  }
}

/** The core state filter → `searchCriteria.status`. */
export function statusFilter(state: PullRequestStateFilter | undefined): string {
  switch (state) {
    case 'closed':
      return 'abandoned';
    case 'merged':
      return 'completed';
    case 'all':
      return 'all';
    case 'open':
    case undefined:
      return 'active';
  }
}

/** `https://dev.azure.com/org/Project/_git/repo/pullrequest/12`, the page Azure links to. */
export function pullRequestWebUrl(wire: WirePullRequest, context: MapContext): string {
  const project = wire.repository?.project?.name;
  const repository = wire.repository?.name;
  if (project === undefined || repository === undefined)
    return nonEmpty(wire.url) ?? context.collectionUrl;
  return `${context.collectionUrl}/${encodeURIComponent(project)}/_git/${encodeURIComponent(repository)}/pullrequest/${wire.pullRequestId}`;
}

/**
 * A pull request. Its number is Azure's `pullRequestId` (unique in the organization). The head is
 * `lastMergeSourceCommit`; `mergeStatus` (conflicts, …) has no core field and stays in `raw`.
 * Azure keeps one `closedDate`: the merge time of a completed pull request, the close time of an
 * abandoned one. It has no update time.
 */
export function mapPullRequest(wire: WirePullRequest, context: MapContext): PullRequest {
  const state = pullRequestState(wire.status);
  const project = wire.repository?.project?.name;
  const closed = timestamp(wire.closedDate);
  return withRaw(wire, context, {
    provider: AZURE_PROVIDER_ID,
    id: String(wire.pullRequestId),
    number: wire.pullRequestId,
    title: wire.title,
    body: nonEmpty(wire.description),
    state,
    draft: wire.isDraft ?? false,
    author: loginOf(wire.createdBy),
    sourceBranch: branchName(wire.sourceRefName),
    targetBranch: branchName(wire.targetRefName),
    headSha: wire.lastMergeSourceCommit?.commitId ?? null,
    repository:
      project === undefined || wire.repository === null || wire.repository === undefined
        ? null
        : fullNameOf(context, project, wire.repository.name),
    labels: (wire.labels ?? [])
      .filter((label) => label.active !== false)
      .map((label) => label.name),
    webUrl: pullRequestWebUrl(wire, context),
    createdAt: timestamp(wire.creationDate),
    updatedAt: null,
    mergedAt: state === 'merged' ? closed : null,
    closedAt: state === 'open' ? null : closed,
  });
}
