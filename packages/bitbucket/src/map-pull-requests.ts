import type { PullRequest, PullRequestState } from '@scm/core';
import type { WirePullRequest } from './bitbucket-schemas.js';
import {
  BITBUCKET_PROVIDER_ID,
  withRaw,
  loginOf,
  nonEmpty,
  timestamp,
  type MapContext,
} from './map-common.js';

/** DECLINED and SUPERSEDED are both closed without a merge, which is what core `closed` means. */
export const PULL_REQUEST_STATE: Record<WirePullRequest['state'], PullRequestState> = {
  OPEN: 'open',
  MERGED: 'merged',
  DECLINED: 'closed',
  SUPERSEDED: 'closed',
};

/**
 * Bitbucket pull requests carry no labels, no merge or close time (the last update is the
 * closest it says), and abbreviated (12-character) source hashes.
 */
export function mapPullRequest(wire: WirePullRequest, context: MapContext): PullRequest {
  const state = PULL_REQUEST_STATE[wire.state];
  const updatedAt = timestamp(wire.updated_on);
  return withRaw(wire, context, {
    provider: BITBUCKET_PROVIDER_ID,
    id: String(wire.id),
    number: wire.id,
    title: wire.title,
    body: nonEmpty(wire.description),
    state,
    draft: wire.draft ?? false,
    author: loginOf(wire.author) ?? wire.author?.display_name ?? null,
    sourceBranch: wire.source.branch.name,
    targetBranch: wire.destination.branch.name,
    headSha: wire.source.commit?.hash ?? null,
    repository: wire.destination.repository?.full_name ?? null,
    labels: [],
    webUrl: wire.links.html.href,
    createdAt: timestamp(wire.created_on),
    updatedAt,
    mergedAt: state === 'merged' ? updatedAt : null,
    closedAt: state === 'open' ? null : updatedAt,
  });
}
