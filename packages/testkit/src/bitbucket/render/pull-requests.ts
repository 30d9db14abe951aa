import type { Dataset, DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import {
  accountFor,
  href,
  renderCommitRef,
  renderRepositoryRef,
  shortHash,
  type Hosts,
  type Json,
} from './common.js';

/** Dataset `closed` pull requests alternate DECLINED and SUPERSEDED: both are closed, not merged. */
export function pullRequestState(pr: DatasetPullRequest): string {
  if (pr.state === 'open') return 'OPEN';
  if (pr.state === 'merged') return 'MERGED';
  return pr.number % 2 === 0 ? 'SUPERSEDED' : 'DECLINED';
}

export function renderPullRequest(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
): Json {
  const base = `${hosts.api}/repositories/${repo.fullName}`;
  const spec = `${repo.fullName}:${shortHash(pr.headSha)}%0D${shortHash(pr.baseSha)}`;
  const state = pullRequestState(pr);
  return {
    type: 'pullrequest',
    id: pr.number,
    title: pr.title,
    description: pr.body ?? '',
    summary: { type: 'rendered', raw: pr.body ?? '', markup: 'markdown', html: '' },
    state,
    draft: pr.draft,
    author: accountFor(hosts, dataset, pr.author),
    source: {
      branch: { name: pr.sourceBranch },
      commit: renderCommitRef(hosts, repo, shortHash(pr.headSha)),
      repository: renderRepositoryRef(hosts, repo),
    },
    destination: {
      branch: { name: pr.targetBranch },
      commit: renderCommitRef(hosts, repo, shortHash(pr.baseSha)),
      repository: renderRepositoryRef(hosts, repo),
    },
    merge_commit: state === 'MERGED' ? renderCommitRef(hosts, repo, shortHash(pr.headSha)) : null,
    close_source_branch: false,
    closed_by: state === 'OPEN' ? null : accountFor(hosts, dataset, dataset.viewer.login),
    reason: '',
    comment_count: 0,
    task_count: 0,
    created_on: pr.createdAt,
    updated_on: pr.updatedAt,
    reviewers: [],
    participants: [],
    links: {
      self: href(`${base}/pullrequests/${pr.number}`),
      html: href(`${hosts.web}/${repo.fullName}/pull-requests/${pr.number}`),
      commits: href(`${base}/pullrequests/${pr.number}/commits`),
      comments: href(`${base}/pullrequests/${pr.number}/comments`),
      diff: href(`${base}/diff/${spec}?from_pullrequest_id=${pr.number}&topic=true`),
      diffstat: href(`${base}/diffstat/${spec}?from_pullrequest_id=${pr.number}&topic=true`),
    },
  };
}

/** A comment created on a pull request (`POST …/pullrequests/:id/comments`). */
export function renderComment(
  hosts: Hosts,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
  comment: { id: number; raw: string; user: Json; at: string },
): Json {
  const base = `${hosts.api}/repositories/${repo.fullName}/pullrequests/${pr.number}`;
  return {
    type: 'pullrequest_comment',
    id: comment.id,
    content: { type: 'rendered', raw: comment.raw, markup: 'markdown', html: '' },
    user: comment.user,
    created_on: comment.at,
    updated_on: comment.at,
    deleted: false,
    pending: false,
    pullrequest: { type: 'pullrequest', id: pr.number, title: pr.title },
    links: {
      self: href(`${base}/comments/${comment.id}`),
      html: href(
        `${hosts.web}/${repo.fullName}/pull-requests/${pr.number}/_/diff#comment-${comment.id}`,
      ),
    },
  };
}
