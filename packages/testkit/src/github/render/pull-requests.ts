import { deriveSha } from '../../dataset/diff.js';
import type { Dataset, DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import { accountFor, derivedId, nodeId, type Hosts, type Json } from './common.js';
import { renderRepository } from './repositories.js';

function renderLabel(hosts: Hosts, repo: DatasetRepository, name: string): Json {
  const id = derivedId('label', repo.fullName, name);
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${hosts.api}/repos/${repo.fullName}/labels/${encodeURIComponent(name)}`,
    name,
    description: `Pull requests labelled ${name}`,
    color: deriveSha('color', name).slice(0, 6),
    default: name === 'bug' || name === 'enhancement' || name === 'documentation',
  };
}

export function renderLabels(
  hosts: Hosts,
  repo: DatasetRepository,
  names: readonly string[],
): Json[] {
  return names.map((name) => renderLabel(hosts, repo, name));
}

function authorAssociation(dataset: Dataset, repo: DatasetRepository, login: string): string {
  if (login === repo.owner) return 'OWNER';
  const org = dataset.organizations.find((candidate) => candidate.login === repo.owner);
  return org?.members.includes(login) === true ? 'MEMBER' : 'CONTRIBUTOR';
}

function pullLinks(hosts: Hosts, repo: DatasetRepository, number: number, head: string): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    self: { href: `${api}/pulls/${number}` },
    html: { href: `${hosts.web}/${repo.fullName}/pull/${number}` },
    issue: { href: `${api}/issues/${number}` },
    comments: { href: `${api}/issues/${number}/comments` },
    review_comments: { href: `${api}/pulls/${number}/comments` },
    review_comment: { href: `${api}/pulls/comments{/number}` },
    commits: { href: `${api}/pulls/${number}/commits` },
    statuses: { href: `${api}/statuses/${head}` },
  };
}

/** `GET /repos/:o/:r/pulls`: the "pull request simple" shape. */
export function renderPullRequestSimple(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
  extraLabels: readonly string[] = [],
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const web = `${hosts.web}/${repo.fullName}/pull/${pr.number}`;
  const author = accountFor(dataset, hosts, pr.author);
  const repoJson = renderRepository(dataset, hosts, repo);
  const owner = accountFor(dataset, hosts, repo.owner);
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId('PR', pr.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    // GitHub has only `open` and `closed`; a merged pull request is closed with `merged_at`.
    state: pr.state === 'open' ? 'open' : 'closed',
    locked: false,
    title: pr.title,
    user: author,
    body: pr.body,
    labels: renderLabels(hosts, repo, [...pr.labels, ...extraLabels]),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergedAt === null ? null : deriveSha('merge', repo.fullName, pr.number),
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${repo.owner}:${pr.sourceBranch}`,
      ref: pr.sourceBranch,
      sha: pr.headSha,
      user: owner,
      repo: repoJson,
    },
    base: {
      label: `${repo.owner}:${pr.targetBranch}`,
      ref: pr.targetBranch,
      sha: pr.baseSha,
      user: owner,
      repo: repoJson,
    },
    _links: pullLinks(hosts, repo, pr.number, pr.headSha),
    author_association: authorAssociation(dataset, repo, pr.author),
    auto_merge: null,
    draft: pr.draft,
  };
}

/** `GET /repos/:o/:r/pulls/:number`: the full pull request. */
export function renderPullRequest(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
  extraLabels: readonly string[] = [],
): Json {
  const additions = pr.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = pr.files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    ...renderPullRequestSimple(dataset, hosts, repo, pr, extraLabels),
    merged: pr.mergedAt !== null,
    mergeable: pr.state === 'open' ? true : null,
    rebaseable: pr.state === 'open' ? true : null,
    mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
    merged_by: pr.mergedAt === null ? null : accountFor(dataset, hosts, repo.owner),
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: pr.files.length,
  };
}

/** A pull request as `GET /search/issues` returns it: an issue with a `pull_request` link. */
export function renderIssueSearchItem(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  pr: DatasetPullRequest,
  extraLabels: readonly string[] = [],
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const web = `${hosts.web}/${repo.fullName}/pull/${pr.number}`;
  return {
    url: `${api}/issues/${pr.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${pr.number}/labels{/name}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    events_url: `${api}/issues/${pr.number}/events`,
    html_url: web,
    id: pr.id,
    node_id: nodeId('PR', pr.id),
    number: pr.number,
    title: pr.title,
    user: accountFor(dataset, hosts, pr.author),
    labels: renderLabels(hosts, repo, [...pr.labels, ...extraLabels]),
    state: pr.state === 'open' ? 'open' : 'closed',
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    author_association: authorAssociation(dataset, repo, pr.author),
    active_lock_reason: null,
    draft: pr.draft,
    pull_request: {
      url: `${api}/pulls/${pr.number}`,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: pr.mergedAt,
    },
    // GitHub's schema has `body` as a plain string: an empty description is left out.
    ...(pr.body === null ? {} : { body: pr.body }),
    score: 1,
  };
}

export function renderIssueComment(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  number: number,
  comment: { id: number; body: string; createdAt: string },
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${hosts.web}/${repo.fullName}/pull/${number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: accountFor(dataset, hosts, dataset.viewer.login),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    issue_url: `${api}/issues/${number}`,
    author_association: 'OWNER',
    reactions: {
      url: `${api}/issues/comments/${comment.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}
