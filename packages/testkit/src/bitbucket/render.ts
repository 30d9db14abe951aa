import type { DatasetTreeEntry } from '../dataset/queries.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetCommit,
  DatasetDeployment,
  DatasetEnvironment,
  DatasetOrganization,
  DatasetPerson,
  DatasetPullRequest,
  DatasetRepository,
  DatasetSshKey,
  DatasetTag,
  DatasetUser,
  DatasetBranch,
} from '../dataset/types.js';
import { statusKeyFor, uuidFor } from './bitbucket-dataset.js';

/**
 * Bitbucket Cloud's wire format (developer.atlassian.com/cloud/bitbucket/rest/), rendered from the
 * dataset. The simulator's side only: the adapter never imports it.
 */
export interface Hosts {
  /** `http://127.0.0.1:<port>/2.0`. */
  api: string;
  /** `http://127.0.0.1:<port>`: html links and OAuth. */
  web: string;
}

type Json = Record<string, unknown>;

const href = (value: string): Json => ({ href: value });

/** Bitbucket shows a 12-character hash where it abbreviates (pull request source and destination). */
export const shortHash = (sha: string): string => sha.slice(0, 12);

export function renderAccount(
  hosts: Hosts,
  user: DatasetUser | { login: string; name: string; id: number },
): Json {
  const uuid = uuidFor('user', user.id);
  return {
    type: 'user',
    uuid,
    account_id: `557058:${uuid.slice(1, -1)}`,
    nickname: user.login,
    display_name: user.name,
    links: {
      self: href(`${hosts.api}/users/${encodeURIComponent(uuid)}`),
      html: href(`${hosts.web}/${encodeURIComponent(uuid)}/`),
      avatar: href(`${hosts.web}/account/${user.login}/avatar/`),
    },
  };
}

/** An account by login: a dataset user when there is one, else a synthetic one (a bot, a foreign author). */
export function accountFor(hosts: Hosts, dataset: Dataset, login: string): Json {
  const user = dataset.users.find((candidate) => candidate.login === login);
  return renderAccount(hosts, user ?? { login, name: login, id: Number.parseInt(login, 36) || 0 });
}

export function renderViewer(hosts: Hosts, dataset: Dataset): Json {
  return {
    ...renderAccount(hosts, dataset.viewer),
    username: dataset.viewer.login,
    account_status: 'active',
    has_2fa_enabled: null,
    is_staff: false,
    created_on: dataset.viewer.createdAt,
  };
}

export function renderWorkspace(hosts: Hosts, org: DatasetOrganization): Json {
  return {
    type: 'workspace',
    uuid: uuidFor('workspace', org.login),
    slug: org.login,
    name: org.name,
    is_private: false,
    created_on: org.createdAt,
    links: {
      self: href(`${hosts.api}/workspaces/${org.login}`),
      html: href(`${hosts.web}/${org.login}/`),
      avatar: href(`${hosts.web}/workspaces/${org.login}/avatar/`),
    },
  };
}

export function renderWorkspaceAccess(
  hosts: Hosts,
  org: DatasetOrganization,
  admin: boolean,
): Json {
  return { type: 'workspace_access', administrator: admin, workspace: renderWorkspace(hosts, org) };
}

function repoLinks(hosts: Hosts, repo: DatasetRepository): Json {
  return {
    self: href(`${hosts.api}/repositories/${repo.fullName}`),
    html: href(`${hosts.web}/${repo.fullName}`),
    avatar: href(`${hosts.web}/ravatar/${encodeURIComponent(repo.uuid)}`),
  };
}

/** The short repository object Bitbucket nests in commits, pull requests and hooks. */
export function renderRepositoryRef(hosts: Hosts, repo: DatasetRepository): Json {
  return {
    type: 'repository',
    full_name: repo.fullName,
    name: repo.name,
    uuid: repo.uuid,
    links: repoLinks(hosts, repo),
  };
}

export function renderRepository(hosts: Hosts, dataset: Dataset, repo: DatasetRepository): Json {
  const ownerOrg = dataset.organizations.find((org) => org.login === repo.owner);
  const owner =
    repo.ownerType === 'user'
      ? accountFor(hosts, dataset, repo.owner)
      : {
          type: 'team',
          uuid: uuidFor('workspace', repo.owner),
          username: repo.owner,
          display_name: ownerOrg?.name ?? repo.owner,
          links: {
            self: href(`${hosts.api}/workspaces/${repo.owner}`),
            html: href(`${hosts.web}/${repo.owner}/`),
            avatar: href(`${hosts.web}/workspaces/${repo.owner}/avatar/`),
          },
        };
  return {
    type: 'repository',
    uuid: repo.uuid,
    full_name: repo.fullName,
    name: repo.name,
    slug: repo.name,
    description: repo.description,
    is_private: repo.visibility !== 'public',
    scm: 'git',
    owner,
    workspace: {
      type: 'workspace',
      uuid: uuidFor('workspace', repo.owner),
      slug: repo.owner,
      name: ownerOrg?.name ?? repo.owner,
      links: { html: href(`${hosts.web}/${repo.owner}/`) },
    },
    mainbranch: { type: 'branch', name: repo.defaultBranch },
    parent: repo.fork
      ? {
          type: 'repository',
          full_name: `${repo.owner}/upstream-${repo.name}`,
          name: `upstream-${repo.name}`,
          uuid: uuidFor('upstream', repo.id),
        }
      : null,
    created_on: repo.createdAt,
    updated_on: repo.updatedAt,
    size: repo.commits.length * 1024,
    language: '',
    has_issues: false,
    has_wiki: false,
    fork_policy: 'allow_forks',
    links: {
      ...repoLinks(hosts, repo),
      clone: [
        { name: 'https', href: `${hosts.web}/${repo.fullName}.git` },
        { name: 'ssh', href: `git@127.0.0.1:${repo.fullName}.git` },
      ],
      pullrequests: href(`${hosts.api}/repositories/${repo.fullName}/pullrequests`),
      commits: href(`${hosts.api}/repositories/${repo.fullName}/commits`),
    },
  };
}

function renderAuthor(hosts: Hosts, dataset: Dataset, person: DatasetPerson): Json {
  const author: Json = { type: 'author', raw: `${person.name} <${person.email}>` };
  if (person.login !== null) author.user = accountFor(hosts, dataset, person.login);
  return author;
}

function commitLinks(hosts: Hosts, repo: DatasetRepository, sha: string): Json {
  return {
    self: href(`${hosts.api}/repositories/${repo.fullName}/commit/${sha}`),
    html: href(`${hosts.web}/${repo.fullName}/commits/${sha}`),
  };
}

/** The short commit object (hash and links) nested in refs, statuses and pull requests. */
export function renderCommitRef(hosts: Hosts, repo: DatasetRepository, sha: string): Json {
  return { type: 'commit', hash: sha, links: commitLinks(hosts, repo, sha) };
}

export function renderCommit(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Json {
  return {
    type: 'commit',
    hash: commit.sha,
    // Bitbucket's `date` is the author date; it exposes no committer.
    date: commit.authoredAt,
    author: renderAuthor(hosts, dataset, commit.author),
    message: commit.message,
    summary: { type: 'rendered', raw: commit.message, markup: 'markdown', html: '' },
    parents: commit.parents.map((sha) => renderCommitRef(hosts, repo, sha)),
    repository: renderRepositoryRef(hosts, repo),
    links: {
      ...commitLinks(hosts, repo, commit.sha),
      diff: href(`${hosts.api}/repositories/${repo.fullName}/diff/${commit.sha}`),
      statuses: href(`${hosts.api}/repositories/${repo.fullName}/commit/${commit.sha}/statuses`),
    },
  };
}

export function renderBranch(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  branch: DatasetBranch,
  commit: DatasetCommit | undefined,
): Json {
  return {
    type: 'branch',
    name: branch.name,
    target:
      commit === undefined
        ? renderCommitRef(hosts, repo, branch.sha)
        : renderCommit(hosts, dataset, repo, commit),
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
    default_merge_strategy: 'merge_commit',
    links: {
      self: href(`${hosts.api}/repositories/${repo.fullName}/refs/branches/${branch.name}`),
      commits: href(`${hosts.api}/repositories/${repo.fullName}/commits/${branch.name}`),
      html: href(`${hosts.web}/${repo.fullName}/branch/${branch.name}`),
    },
  };
}

export function renderTag(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  tag: DatasetTag,
  commit: DatasetCommit | undefined,
): Json {
  const tagger = commit === undefined ? null : renderAuthor(hosts, dataset, commit.committer);
  return {
    type: 'tag',
    name: tag.name,
    // Lightweight tags have no message or date of their own.
    message: tag.message,
    date: tag.message === null ? null : tag.createdAt,
    tagger: tag.message === null ? null : tagger,
    target:
      commit === undefined
        ? renderCommitRef(hosts, repo, tag.sha)
        : renderCommit(hosts, dataset, repo, commit),
    links: {
      self: href(`${hosts.api}/repositories/${repo.fullName}/refs/tags/${tag.name}`),
      html: href(`${hosts.web}/${repo.fullName}/commits/tag/${tag.name}`),
    },
  };
}

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

export function renderDiffstat(
  hosts: Hosts,
  repo: DatasetRepository,
  files: DatasetCommit['files'],
  newSha: string,
  oldSha: string | null,
): Json[] {
  const side = (path: string, sha: string | null): Json | null =>
    sha === null
      ? null
      : {
          type: 'commit_file',
          path,
          escaped_path: path,
          links: { self: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${path}`) },
        };
  return files.map((file) => ({
    type: 'diffstat',
    status: file.status,
    lines_added: file.additions,
    lines_removed: file.deletions,
    old: file.status === 'added' ? null : side(file.previousPath ?? file.path, oldSha ?? newSha),
    new: file.status === 'removed' ? null : side(file.path, newSha),
  }));
}

const STATUS_STATE = (check: DatasetCheck): string => {
  if (check.status !== 'completed') return 'INPROGRESS';
  if (check.conclusion === 'failure' || check.conclusion === 'timed_out') return 'FAILED';
  return check.conclusion === 'cancelled' ? 'STOPPED' : 'SUCCESSFUL';
};

export function renderCommitStatus(
  hosts: Hosts,
  repo: DatasetRepository,
  check: DatasetCheck,
  state: string = STATUS_STATE(check),
  key: string = statusKeyFor(check),
): Json {
  return {
    type: 'build',
    key,
    name: check.name,
    state,
    description: check.description ?? '',
    url: `${hosts.web}/ci/${repo.fullName}/${check.id}`,
    refname: null,
    commit: renderCommitRef(hosts, repo, check.sha),
    repository: renderRepositoryRef(hosts, repo),
    created_on: check.startedAt ?? repo.createdAt,
    updated_on: check.completedAt ?? check.startedAt ?? repo.createdAt,
    links: {
      self: href(
        `${hosts.api}/repositories/${repo.fullName}/commit/${check.sha}/statuses/build/${key}`,
      ),
      commit: href(`${hosts.api}/repositories/${repo.fullName}/commit/${check.sha}`),
    },
  };
}

const PIPELINE_RESULT: Record<NonNullable<DatasetCheck['conclusion']>, string> = {
  success: 'SUCCESSFUL',
  neutral: 'SUCCESSFUL',
  skipped: 'STOPPED',
  failure: 'FAILED',
  cancelled: 'STOPPED',
  timed_out: 'EXPIRED',
};

function pipelineState(check: DatasetCheck): Json {
  if (check.status === 'queued') return { type: 'pipeline_state_pending', name: 'PENDING' };
  if (check.status === 'in_progress')
    return {
      type: 'pipeline_state_in_progress',
      name: 'IN_PROGRESS',
      stage: { type: 'pipeline_state_in_progress_running', name: 'RUNNING' },
    };
  const result = PIPELINE_RESULT[check.conclusion ?? 'success'];
  return {
    type: 'pipeline_state_completed',
    name: 'COMPLETED',
    result: { type: `pipeline_state_completed_${result.toLowerCase()}`, name: result },
  };
}

export function renderPipeline(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  check: DatasetCheck,
  branch: string | null,
): Json {
  const uuid = uuidFor('check', check.id);
  const pipeline: Json = {
    type: 'pipeline',
    uuid,
    build_number: check.id % 10_000,
    creator: renderAccount(hosts, dataset.viewer),
    repository: renderRepositoryRef(hosts, repo),
    target: {
      type: 'pipeline_ref_target',
      ref_type: 'branch',
      ref_name: branch ?? repo.defaultBranch,
      commit: renderCommitRef(hosts, repo, check.sha),
      selector: { type: 'custom', pattern: check.name },
    },
    trigger: { type: 'pipeline_trigger_push', name: 'PUSH' },
    state: pipelineState(check),
    created_on: check.startedAt ?? repo.createdAt,
    build_seconds_used: 0,
    // Atlassian describes Pipelines' links as typed objects (`pipelines_pipeline_links`).
    links: {
      type: 'pipelines_pipeline_links',
      self: {
        type: 'pipelines_links_section_href',
        href: `${hosts.api}/repositories/${repo.fullName}/pipelines/${encodeURIComponent(uuid)}`,
      },
    },
  };
  if (check.completedAt !== null) pipeline.completed_on = check.completedAt;
  return pipeline;
}

export function renderEnvironment(repo: DatasetRepository, environment: DatasetEnvironment): Json {
  const rank = ['test', 'preview', 'staging', 'production'].indexOf(environment.name);
  const typeName =
    environment.name === 'production'
      ? 'Production'
      : environment.name === 'staging'
        ? 'Staging'
        : 'Test';
  return {
    type: 'deployment_environment',
    uuid: uuidFor('environment', `${repo.id}:${environment.id}`),
    name: environment.name,
    slug: environment.name,
    rank: rank < 0 ? 0 : rank,
    hidden: false,
    environment_type: {
      type: 'deployment_environment_type',
      name: typeName,
      rank: typeName === 'Test' ? 0 : typeName === 'Staging' ? 1 : 2,
    },
  };
}

function deploymentState(hosts: Hosts, dataset: Dataset, deployment: DatasetDeployment): Json {
  const deployer = accountFor(hosts, dataset, deployment.creator);
  if (deployment.state === 'in_progress')
    return {
      type: 'deployment_state_in_progress',
      name: 'IN_PROGRESS',
      deployer,
      start_date: deployment.createdAt,
    };
  if (deployment.state === 'success' || deployment.state === 'failure') {
    const name = deployment.state === 'success' ? 'SUCCESSFUL' : 'FAILED';
    return {
      type: 'deployment_state_completed',
      name: 'COMPLETED',
      deployer,
      status: { type: `deployment_state_completed_status_${name.toLowerCase()}`, name },
      start_date: deployment.createdAt,
      completion_date: deployment.updatedAt,
    };
  }
  return { type: 'deployment_state_undeployed', name: 'UNDEPLOYED' };
}

export function renderDeployment(
  hosts: Hosts,
  dataset: Dataset,
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Json {
  const environment = repo.environments.find((env) => env.name === deployment.environment);
  return {
    type: 'deployment',
    uuid: uuidFor('deployment', deployment.id),
    state: deploymentState(hosts, dataset, deployment),
    environment: {
      type: 'deployment_environment',
      uuid: uuidFor('environment', `${repo.id}:${environment?.id ?? 0}`),
    },
    release: {
      type: 'deployment_release',
      uuid: uuidFor('release', deployment.id),
      name: `${deployment.ref}-${deployment.id}`,
      url: `${hosts.web}/${repo.fullName}/pipelines/results/${deployment.id}`,
      commit: renderCommitRef(hosts, repo, deployment.sha),
      created_on: deployment.createdAt,
    },
  };
}

export function renderTreeEntry(
  hosts: Hosts,
  repo: DatasetRepository,
  sha: string,
  entry: DatasetTreeEntry,
): Json {
  const links = {
    self: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${entry.path}`),
    meta: href(`${hosts.api}/repositories/${repo.fullName}/src/${sha}/${entry.path}?format=meta`),
  };
  if (entry.type === 'directory')
    return {
      type: 'commit_directory',
      path: entry.path,
      commit: renderCommitRef(hosts, repo, sha),
      links,
    };
  return {
    type: 'commit_file',
    path: entry.path,
    commit: renderCommitRef(hosts, repo, sha),
    // Real responses carry a list here (`[]`, `["executable"]`), although the OpenAPI
    // description says a single string; see the conformance test's known drift.
    attributes: entry.mode === '100755' ? ['executable'] : [],
    escaped_path: entry.path,
    size: entry.size,
    mimetype: null,
    links,
  };
}

export function renderSshKey(hosts: Hosts, dataset: Dataset, key: DatasetSshKey): Json {
  // The dataset keeps whole OpenSSH lines; Bitbucket splits off the comment.
  const [type = '', blob = ''] = key.key.split(' ');
  const uuid = uuidFor('ssh-key', key.id);
  return {
    type: 'ssh_key',
    uuid,
    key: `${type} ${blob}`,
    comment: key.title,
    label: key.title,
    fingerprint: key.fingerprint,
    created_on: key.createdAt,
    owner: renderAccount(hosts, dataset.viewer),
    links: {
      self: href(
        `${hosts.api}/users/${encodeURIComponent(uuidFor('user', dataset.viewer.id))}/ssh-keys/${encodeURIComponent(uuid)}`,
      ),
    },
  };
}

export interface StoredHook {
  uuid: string;
  repo: DatasetRepository;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  secretSet: boolean;
  /** Kept to sign deliveries; Bitbucket never returns it. */
  secret: string | null;
  createdAt: string;
}

export function renderHook(hosts: Hosts, hook: StoredHook): Json {
  return {
    type: 'webhook_subscription',
    uuid: hook.uuid,
    url: hook.url,
    description: hook.description,
    subject_type: 'repository',
    subject: renderRepositoryRef(hosts, hook.repo),
    active: hook.active,
    events: hook.events,
    secret_set: hook.secretSet,
    created_at: hook.createdAt,
    links: {
      self: href(
        `${hosts.api}/repositories/${hook.repo.fullName}/hooks/${encodeURIComponent(hook.uuid)}`,
      ),
    },
  };
}
