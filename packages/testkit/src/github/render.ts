import { deriveSha } from '../dataset/diff.js';
import type { DatasetTreeEntry } from '../dataset/queries.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetCommit,
  DatasetDeployment,
  DatasetDeploymentStatus,
  DatasetDiffFile,
  DatasetOrganization,
  DatasetPerson,
  DatasetPullRequest,
  DatasetRelease,
  DatasetRepository,
  DatasetSshKey,
  DatasetTag,
  DatasetUser,
  DatasetViewer,
} from '../dataset/types.js';

/**
 * GitHub's REST wire format, rendered from the dataset with GitHub's own field names and the full
 * objects GitHub returns (every field its OpenAPI response schema requires), so the adapter and the
 * conformance tests see what api.github.com sends. The simulated provider's side: the adapter never
 * imports this.
 */

/** Where rendered URLs point: the API root (`…/api/v3` on GHES) and the web root. */
export interface Hosts {
  api: string;
  web: string;
}

type Json = Record<string, unknown>;

/** GraphQL-style global node id: opaque, stable, unique per kind and id. */
export function nodeId(kind: string, id: number | string): string {
  return `${kind}_${Buffer.from(`${kind}:${String(id)}`).toString('base64url')}`;
}

export function renderSimpleUser(hosts: Hosts, login: string, id: number, type = 'User'): Json {
  const api = `${hosts.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? 'O' : 'U', id),
    avatar_url: `${hosts.web}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${hosts.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** An account by login (user or organization); ids come from the dataset, or are derived. */
export function accountFor(dataset: Dataset, hosts: Hosts, login: string): Json {
  const org = dataset.organizations.find((candidate) => candidate.login === login);
  if (org !== undefined) return renderSimpleUser(hosts, org.login, org.id, 'Organization');
  const user = dataset.users.find((candidate) => candidate.login === login);
  return renderSimpleUser(hosts, login, user?.id ?? derivedId('user', login));
}

export function derivedId(...parts: string[]): number {
  return 10_000_000 + (Number.parseInt(deriveSha(...parts).slice(0, 7), 16) % 80_000_000);
}

export function renderPrivateUser(hosts: Hosts, viewer: DatasetViewer, dataset: Dataset): Json {
  const owned = dataset.repositories.filter((repo) => repo.owner === viewer.login);
  const privateCount = owned.filter((repo) => repo.visibility !== 'public').length;
  return {
    ...renderSimpleUser(hosts, viewer.login, viewer.id),
    name: viewer.name,
    company: null,
    blog: '',
    location: null,
    email: viewer.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: viewer.email,
    public_repos: owned.length - privateCount,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: viewer.createdAt,
    updated_at: viewer.createdAt,
    private_gists: 0,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'pro', space: 976562499, collaborators: 0, private_repos: 9999 },
  };
}

export function renderPublicUser(hosts: Hosts, user: DatasetUser): Json {
  return {
    ...renderSimpleUser(hosts, user.login, user.id),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}

export function renderOrganizationSimple(hosts: Hosts, org: DatasetOrganization): Json {
  const api = `${hosts.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('O', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${hosts.web}/avatars/u/${org.id}?v=4`,
    description: org.description,
  };
}

function repositoryUrls(hosts: Hosts, repo: DatasetRepository): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    hooks_url: `${api}/hooks`,
  };
}

function webHost(hosts: Hosts): string {
  return new URL(hosts.web).host;
}

/** The `repository` object of list endpoints (`/user/repos`, `/orgs/:org/repos`, …). */
export function renderRepository(dataset: Dataset, hosts: Hosts, repo: DatasetRepository): Json {
  const open = repo.pullRequests.filter((pr) => pr.state === 'open').length;
  return {
    ...renderMinimalRepository(dataset, hosts, repo),
    git_url: `git://${webHost(hosts)}/${repo.fullName}.git`,
    ssh_url: `git@${webHost(hosts).replace(/:\d+$/, '')}:${repo.fullName}.git`,
    clone_url: `${hosts.web}/${repo.fullName}.git`,
    svn_url: `${hosts.web}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 128,
    default_branch: repo.defaultBranch,
    open_issues_count: open,
    open_issues: open,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  };
}

/** `GET /repos/:owner/:repo` and `GET /repositories/:id`: the full repository. */
export function renderFullRepository(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
): Json {
  return {
    ...renderRepository(dataset, hosts, repo),
    subscribers_count: 1,
    network_count: 0,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    security_and_analysis: null,
  };
}

/** A repository as search results carry it: the list shape plus a relevance score. */
export function renderRepoSearchItem(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
): Json {
  return { ...renderRepository(dataset, hosts, repo), score: 1 };
}

export function renderBranch(
  hosts: Hosts,
  repo: DatasetRepository,
  name: string,
  sha: string,
  isProtected: boolean,
): Json {
  return {
    name,
    commit: { sha, url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}` },
    protected: isProtected,
  };
}

function gitUser(person: DatasetPerson, date: string): Json {
  return { name: person.name, email: person.email, date };
}

function commitAccount(dataset: Dataset, hosts: Hosts, person: DatasetPerson): Json | null {
  // Git identities whose email matches no GitHub account have `author: null`.
  return person.login === null ? null : accountFor(dataset, hosts, person.login);
}

export function treeSha(commit: DatasetCommit): string {
  return deriveSha('tree', commit.sha, '');
}

export function renderCommit(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    sha: commit.sha,
    node_id: nodeId('C', `${repo.id}:${commit.sha}`),
    commit: {
      author: gitUser(commit.author, commit.authoredAt),
      committer: gitUser(commit.committer, commit.committedAt),
      message: commit.message,
      tree: { sha: treeSha(commit), url: `${api}/git/trees/${treeSha(commit)}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${hosts.web}/${repo.fullName}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: commitAccount(dataset, hosts, commit.author),
    committer: commitAccount(dataset, hosts, commit.committer),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${hosts.web}/${repo.fullName}/commit/${sha}`,
    })),
  };
}

export function renderDiffEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  ref: string,
  file: DatasetDiffFile,
): Json {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: deriveSha('blob', ref, file.path),
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${hosts.web}/${repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${hosts.web}/${repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${hosts.api}/repos/${repo.fullName}/contents/${path}?ref=${ref}`,
    // GitHub omits `patch` for binary files and for diffs too large to show.
    ...(file.binary ? {} : { patch: file.patch }),
    ...(file.previousPath === null ? {} : { previous_filename: file.previousPath }),
  };
}

/** `GET /repos/:o/:r/commits/:ref`: the commit plus its stats and (one page of) files. */
export function renderCommitWithFiles(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  commit: DatasetCommit,
  files: readonly DatasetDiffFile[],
): Json {
  const additions = commit.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = commit.files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    ...renderCommit(dataset, hosts, repo, commit),
    stats: { total: additions + deletions, additions, deletions },
    files: files.map((file) => renderDiffEntry(hosts, repo, commit.sha, file)),
  };
}

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

export function renderContributor(
  hosts: Hosts,
  contributor: { userId: number; login: string; contributions: number },
): Json {
  return {
    ...renderSimpleUser(hosts, contributor.login, contributor.userId),
    contributions: contributor.contributions,
  };
}

export function renderTag(hosts: Hosts, repo: DatasetRepository, tag: DatasetTag): Json {
  return {
    name: tag.name,
    commit: { sha: tag.sha, url: `${hosts.api}/repos/${repo.fullName}/commits/${tag.sha}` },
    zipball_url: `${hosts.api}/repos/${repo.fullName}/zipball/refs/tags/${tag.name}`,
    tarball_url: `${hosts.api}/repos/${repo.fullName}/tarball/refs/tags/${tag.name}`,
    node_id: nodeId('REF', `${repo.id}:${tag.name}`),
  };
}

export function renderRelease(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  release: DatasetRelease,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: `${hosts.web}/${repo.fullName}/releases/tag/${release.tagName}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${hosts.web.replace('://', '://uploads.')}/repos/${repo.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${release.tagName}`,
    zipball_url: `${api}/zipball/${release.tagName}`,
    id: release.id,
    node_id: nodeId('RE', release.id),
    tag_name: release.tagName,
    target_commitish: repo.defaultBranch,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    updated_at: release.publishedAt ?? release.createdAt,
    published_at: release.publishedAt,
    author: accountFor(dataset, hosts, release.author),
    assets: [],
  };
}

const GITHUB_ACTIONS_APP_ID = 15368;

function renderActionsApp(hosts: Hosts): Json {
  return {
    id: GITHUB_ACTIONS_APP_ID,
    slug: 'github-actions',
    client_id: 'Iv1.actions0000000000',
    node_id: nodeId('A', GITHUB_ACTIONS_APP_ID),
    owner: renderSimpleUser(hosts, 'github', 9919, 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${hosts.web}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', contents: 'write', metadata: 'read', statuses: 'write' },
    events: ['check_run', 'check_suite', 'push', 'pull_request'],
  };
}

export function renderCheckRun(hosts: Hosts, repo: DatasetRepository, check: DatasetCheck): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const suiteId = derivedId('suite', repo.fullName, check.sha);
  return {
    id: check.id,
    name: check.name,
    node_id: nodeId('CR', check.id),
    head_sha: check.sha,
    external_id: String(check.id),
    url: `${api}/check-runs/${check.id}`,
    html_url: `${hosts.web}/${repo.fullName}/runs/${check.id}`,
    details_url: `${hosts.web}/${repo.fullName}/runs/${check.id}`,
    status: check.status,
    conclusion: check.conclusion,
    started_at: check.startedAt,
    completed_at: check.completedAt,
    output: {
      title: check.description,
      summary: check.description,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${check.id}/annotations`,
    },
    check_suite: { id: suiteId },
    app: renderActionsApp(hosts),
    pull_requests: [],
  };
}

/** Commit statuses carry GitHub's four states; the dataset keeps check-style status/conclusion. */
export function commitStatusState(
  check: DatasetCheck,
): 'pending' | 'success' | 'failure' | 'error' {
  if (check.status !== 'completed') return 'pending';
  if (
    check.conclusion === 'success' ||
    check.conclusion === 'neutral' ||
    check.conclusion === 'skipped'
  )
    return 'success';
  if (check.conclusion === 'timed_out' || check.conclusion === 'cancelled') return 'error';
  return 'failure';
}

export function renderStatus(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  check: DatasetCheck,
  targetUrl: string | null,
  withCreator: boolean,
): Json {
  const created = check.startedAt ?? repo.createdAt;
  return {
    url: `${hosts.api}/repos/${repo.fullName}/statuses/${check.sha}`,
    avatar_url: `${hosts.web}/avatars/u/${GITHUB_ACTIONS_APP_ID}?v=4`,
    id: check.id,
    node_id: nodeId('SC', check.id),
    state: commitStatusState(check),
    description: check.description,
    target_url: targetUrl,
    context: check.name,
    created_at: created,
    updated_at: check.completedAt ?? created,
    ...(withCreator
      ? { creator: accountFor(dataset, hosts, dataset.viewer.login) }
      : { required: false }),
  };
}

/** The minimal repository inside a combined status. */
export function renderMinimalRepository(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
): Json {
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.visibility !== 'public',
    owner: accountFor(dataset, hosts, repo.owner),
    html_url: `${hosts.web}/${repo.fullName}`,
    description: repo.description,
    fork: repo.fork,
    ...repositoryUrls(hosts, repo),
  };
}

export function renderDeployment(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: nodeId('DE', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: 'deploy',
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: null,
    creator: accountFor(dataset, hosts, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${api}/deployments/${deployment.id}/statuses`,
    repository_url: api,
    transient_environment: false,
    production_environment: deployment.environment === 'production',
  };
}

export function renderDeploymentStatus(
  dataset: Dataset,
  hosts: Hosts,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
  status: DatasetDeploymentStatus,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  const target = `${hosts.web}/${repo.fullName}/deployments/${deployment.environment}`;
  return {
    url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DES', status.id),
    state: status.state,
    creator: accountFor(dataset, hosts, deployment.creator),
    description: status.description,
    environment: deployment.environment,
    target_url: target,
    log_url: target,
    environment_url: target,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: `${api}/deployments/${deployment.id}`,
    repository_url: api,
  };
}

export function renderTreeEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  entry: DatasetTreeEntry,
): Json {
  const api = `${hosts.api}/repos/${repo.fullName}`;
  return entry.type === 'directory'
    ? {
        path: entry.path,
        mode: '040000',
        type: 'tree',
        sha: entry.sha,
        url: `${api}/git/trees/${entry.sha}`,
      }
    : {
        path: entry.path,
        mode: entry.mode,
        type: 'blob',
        sha: entry.sha,
        size: entry.size,
        url: `${api}/git/blobs/${entry.sha}`,
      };
}

export function renderKey(hosts: Hosts, key: DatasetSshKey): Json {
  return {
    // GitHub drops the key's comment; the simulator keeps the line as the dataset has it.
    key: key.key,
    id: key.id,
    url: `${hosts.api}/user/keys/${key.id}`,
    title: key.title,
    created_at: key.createdAt,
    verified: true,
    read_only: false,
    last_used: null,
  };
}

export interface SimulatedHook {
  id: number;
  repo: number;
  url: string;
  events: string[];
  active: boolean;
  contentType: string;
  insecureSsl: string;
  hasSecret: boolean;
  createdAt: string;
}

export function renderHook(hosts: Hosts, repo: DatasetRepository, hook: SimulatedHook): Json {
  const api = `${hosts.api}/repos/${repo.fullName}/hooks/${hook.id}`;
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    // GitHub never echoes the secret; it masks it when one is set.
    config: {
      url: hook.url,
      content_type: hook.contentType,
      insecure_ssl: hook.insecureSsl,
      ...(hook.hasSecret ? { secret: '********' } : {}),
    },
    updated_at: hook.createdAt,
    created_at: hook.createdAt,
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: { code: null, status: 'unused', message: null },
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
