import type { PullRequest, PullRequestState } from '@scm/core';
import type { WireMergeRequest } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID, withRaw, text, timestamp, type MapContext } from './map-common.js';

/**
 * GitLab's merge request states (https://docs.gitlab.com/api/merge_requests/): `opened`,
 * `closed` (closed without merging), `merged`, and `locked` (an open merge request whose
 * discussion is locked, or one briefly held while it merges).
 */
export function mapMergeRequestState(state: string): PullRequestState {
  switch (state) {
    case 'merged':
      return 'merged';
    case 'closed':
      return 'closed';
    default:
      return 'open';
  }
}

/**
 * The project's full path: from `references.full` (`group/sub/project!12`), else from the web
 * URL (`<base>/group/sub/project/-/merge_requests/12`; older GitLab versions omit the `/-`).
 */
export function repositoryOf(wire: WireMergeRequest, context: MapContext): string | null {
  const full = wire.references?.full;
  if (full !== undefined) {
    const bang = full.lastIndexOf('!');
    if (bang > 0) return full.slice(0, bang);
  }
  return repositoryFromWebUrl(wire.web_url, context.webBase);
}

export function repositoryFromWebUrl(webUrl: string, webBase: string): string | null {
  let url: URL;
  let root: URL;
  try {
    url = new URL(webUrl);
    root = new URL(webBase);
  } catch {
    return null;
  }
  const prefix = root.pathname.replace(/\/+$/, '');
  // A merge request on another instance than ours says nothing trustworthy about the path prefix.
  if (url.origin !== root.origin && prefix !== '') return null;
  let path = url.pathname;
  if (url.origin === root.origin && prefix !== '' && path.startsWith(`${prefix}/`))
    path = path.slice(prefix.length);
  const marker = path.indexOf('/merge_requests/');
  if (marker <= 0) return null;
  const project = path.slice(1, marker).replace(/\/-$/, '');
  return project === '' ? null : project;
}

export function mapPullRequest(wire: WireMergeRequest, context: MapContext): PullRequest {
  const state = mapMergeRequestState(wire.state);
  return withRaw(wire, context, {
    provider: GITLAB_PROVIDER_ID,
    id: String(wire.id),
    number: wire.iid,
    title: wire.title,
    body: text(wire.description),
    state,
    // `draft` replaced `work_in_progress` in GitLab 14.0; older instances send only the latter.
    draft: wire.draft ?? wire.work_in_progress ?? false,
    author: wire.author?.username ?? null,
    sourceBranch: wire.source_branch,
    targetBranch: wire.target_branch,
    headSha: text(wire.sha) ?? text(wire.diff_refs?.head_sha),
    repository: repositoryOf(wire, context),
    labels: (wire.labels ?? []).map((label) => (typeof label === 'string' ? label : label.title)),
    webUrl: wire.web_url,
    createdAt: timestamp(wire.created_at),
    updatedAt: timestamp(wire.updated_at),
    mergedAt: timestamp(wire.merged_at),
    closedAt: timestamp(wire.closed_at),
  });
}
