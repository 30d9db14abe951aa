import type { PullRequest } from '@scm/core';
import type { WireIssueSearchItem, WirePullRequest } from './github-schemas.js';
import { GITHUB_PROVIDER_ID, withRaw, timestamp, type MapContext } from './map-common.js';

type Label = WirePullRequest['labels'][number];

function labelName(label: Label): string {
  return typeof label === 'string' ? label : label.name;
}

/** GitHub has `open` and `closed`; a merged pull request is a closed one with `merged_at`. */
function state(wireState: string, mergedAt: string | null | undefined): PullRequest['state'] {
  if (mergedAt !== null && mergedAt !== undefined) return 'merged';
  return wireState === 'open' ? 'open' : 'closed';
}

export function mapPullRequest(wire: WirePullRequest, context: MapContext): PullRequest {
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    number: wire.number,
    title: wire.title,
    body: wire.body ?? null,
    state: state(wire.state, wire.merged_at),
    draft: wire.draft ?? false,
    author: wire.user?.login ?? null,
    sourceBranch: wire.head.ref,
    targetBranch: wire.base.ref,
    headSha: wire.head.sha,
    repository: wire.base.repo?.full_name ?? null,
    labels: wire.labels.map(labelName),
    webUrl: wire.html_url,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    mergedAt: timestamp(wire.merged_at),
    closedAt: timestamp(wire.closed_at),
  });
}

/** `…/repos/<owner>/<name>` → `owner/name`. */
function repositoryFromUrl(url: string): string | null {
  const marker = url.lastIndexOf('/repos/');
  if (marker === -1) return null;
  const rest = url.slice(marker + '/repos/'.length).split('/');
  return rest.length >= 2 && rest[0] !== '' && rest[1] !== ''
    ? `${rest[0] ?? ''}/${rest[1] ?? ''}`
    : null;
}

/**
 * A pull request as the issue search returns it: no branches or head sha (the search API does
 * not carry them), so those are empty, and the repository comes from `repository_url`.
 * https://docs.github.com/rest/search/search#search-issues-and-pull-requests
 */
export function mapIssueSearchItem(wire: WireIssueSearchItem, context: MapContext): PullRequest {
  const mergedAt = wire.pull_request?.merged_at;
  return withRaw(wire, context, {
    provider: GITHUB_PROVIDER_ID,
    id: String(wire.id),
    number: wire.number,
    title: wire.title,
    body: wire.body ?? null,
    state: state(wire.state, mergedAt),
    draft: wire.draft ?? false,
    author: wire.user?.login ?? null,
    sourceBranch: '',
    targetBranch: '',
    headSha: null,
    repository: repositoryFromUrl(wire.repository_url),
    labels: wire.labels.map(labelName),
    webUrl: wire.pull_request?.html_url ?? wire.html_url,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    mergedAt: timestamp(mergedAt),
    closedAt: timestamp(wire.closed_at),
  });
}
