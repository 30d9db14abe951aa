import type { Dataset, DatasetRepository } from '../../dataset/types.js';
import { accountFor, nodeId, renderSimpleUser, type Hosts, type Json } from './common.js';

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

export function renderContributor(
  hosts: Hosts,
  contributor: { userId: number; login: string; contributions: number },
): Json {
  return {
    ...renderSimpleUser(hosts, contributor.login, contributor.userId),
    contributions: contributor.contributions,
  };
}
