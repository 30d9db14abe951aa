import type { PullRequest } from '@scm/core';
import type { WireChange } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

/** Example "change requests" are pull requests; its `draft` status is an open, draft one. */
export function mapPullRequest(wire: WireChange, context: MapContext): PullRequest {
  return withRaw(wire, context, {
    provider: EXAMPLE_PROVIDER_ID,
    id: String(wire.id),
    number: wire.number,
    title: wire.title,
    body: wire.description,
    state: wire.status === 'draft' ? 'open' : wire.status,
    draft: wire.status === 'draft',
    author: wire.author?.handle ?? null,
    sourceBranch: wire.source.branch,
    targetBranch: wire.target.branch,
    headSha: wire.source.sha,
    repository: wire.repo?.slug ?? null,
    labels: wire.labels.map((label) => label.name),
    webUrl: wire.web_url,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    mergedAt: timestamp(wire.merged_at),
    closedAt: timestamp(wire.closed_at),
  });
}
