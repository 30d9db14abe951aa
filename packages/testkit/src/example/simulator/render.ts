import type {
  DatasetCheck,
  DatasetCommit,
  DatasetDeployment,
  DatasetDiffFile,
  DatasetOrganization,
  DatasetPerson,
  DatasetPullRequest,
  DatasetRelease,
  DatasetRepository,
  DatasetTag,
  DatasetUser,
  DatasetContributor,
  DatasetBranch,
} from '../../dataset/types.js';
import type { DatasetTreeEntry } from '../../dataset/queries.js';

/**
 * The "example" provider's wire format: snake_case JSON, its own vocabulary (change requests,
 * handles, phases) so the adapter has real mapping to do. This is the simulated provider's side;
 * the adapter never imports it.
 */
export const EXAMPLE_WEB = 'https://example.test';

export function renderUser(user: DatasetUser): Record<string, unknown> {
  return {
    id: user.id,
    handle: user.login,
    display_name: user.name,
    email: user.email,
    avatar_url: `${EXAMPLE_WEB}/avatars/${user.login}.png`,
    profile_url: `${EXAMPLE_WEB}/${user.login}`,
    joined_at: user.createdAt,
  };
}

export function renderOrganization(org: DatasetOrganization): Record<string, unknown> {
  return {
    id: org.id,
    handle: org.login,
    display_name: org.name,
    summary: org.description,
    avatar_url: `${EXAMPLE_WEB}/avatars/${org.login}.png`,
    profile_url: `${EXAMPLE_WEB}/${org.login}`,
  };
}

export function renderRepository(repo: DatasetRepository): Record<string, unknown> {
  return {
    id: repo.id,
    slug: repo.fullName,
    name: repo.name,
    owner: { handle: repo.owner, kind: repo.ownerType === 'user' ? 'user' : 'org' },
    summary: repo.description,
    access: repo.visibility,
    main_branch: repo.defaultBranch,
    is_archived: repo.archived,
    is_fork: repo.fork,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}`,
    clone_url: `${EXAMPLE_WEB}/${repo.fullName}.git`,
    ssh_url: `git@example.test:${repo.fullName}.git`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    last_push_at: repo.pushedAt,
  };
}

export function renderBranch(
  repo: DatasetRepository,
  branch: DatasetBranch,
): Record<string, unknown> {
  return {
    name: branch.name,
    head: { sha: branch.sha },
    is_protected: branch.protected,
    is_default: branch.name === repo.defaultBranch,
  };
}

function renderPerson(person: DatasetPerson, date: string): Record<string, unknown> {
  return { handle: person.login, name: person.name, email: person.email, date };
}

export function renderCommit(
  repo: DatasetRepository,
  commit: DatasetCommit,
): Record<string, unknown> {
  return {
    sha: commit.sha,
    message: commit.message,
    author: renderPerson(commit.author, commit.authoredAt),
    committer: renderPerson(commit.committer, commit.committedAt),
    parent_shas: commit.parents,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/commit/${commit.sha}`,
  };
}

const CHANGE: Record<DatasetDiffFile['status'], string> = {
  added: 'add',
  modified: 'modify',
  removed: 'delete',
};

export function renderDiff(
  headSha: string,
  baseSha: string | null,
  files: readonly DatasetDiffFile[],
): Record<string, unknown> {
  return {
    head_sha: headSha,
    base_sha: baseSha,
    truncated: false,
    files: files.map((file) => ({
      path: file.path,
      old_path: file.previousPath,
      change: CHANGE[file.status],
      added_lines: file.additions,
      removed_lines: file.deletions,
      is_binary: file.binary,
      hunks: file.patch,
    })),
  };
}

export function renderChange(
  repo: DatasetRepository,
  pr: DatasetPullRequest,
): Record<string, unknown> {
  return {
    id: pr.id,
    number: pr.number,
    title: pr.title,
    description: pr.body,
    // The example API folds `draft` into its status, as some providers do.
    status: pr.state === 'open' && pr.draft ? 'draft' : pr.state,
    author: { handle: pr.author },
    source: { branch: pr.sourceBranch, sha: pr.headSha },
    target: { branch: pr.targetBranch },
    labels: pr.labels.map((name) => ({ name })),
    repo: { id: repo.id, slug: repo.fullName },
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/changes/${pr.number}`,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    merged_at: pr.mergedAt,
    closed_at: pr.closedAt,
  };
}

export function renderContributor(contributor: DatasetContributor): Record<string, unknown> {
  return {
    id: contributor.userId,
    handle: contributor.login,
    display_name: contributor.name,
    email: contributor.email,
    commit_count: contributor.contributions,
    avatar_url: `${EXAMPLE_WEB}/avatars/${contributor.login}.png`,
  };
}

export function renderTag(tag: DatasetTag): Record<string, unknown> {
  return {
    name: tag.name,
    target_sha: tag.sha,
    annotation: tag.message,
    created_at: tag.createdAt,
  };
}

export function renderRelease(
  repo: DatasetRepository,
  release: DatasetRelease,
): Record<string, unknown> {
  return {
    id: release.id,
    tag: release.tagName,
    title: release.name,
    notes: release.body,
    is_draft: release.draft,
    is_prerelease: release.prerelease,
    author: { handle: release.author },
    created_at: release.createdAt,
    published_at: release.publishedAt,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/releases/${release.tagName}`,
  };
}

const PHASE: Record<DatasetCheck['status'], string> = {
  queued: 'queued',
  in_progress: 'running',
  completed: 'done',
};
const OUTCOME: Record<NonNullable<DatasetCheck['conclusion']>, string> = {
  success: 'pass',
  failure: 'fail',
  neutral: 'neutral',
  cancelled: 'cancelled',
  skipped: 'skipped',
  timed_out: 'timeout',
};

export function renderCheck(repo: DatasetRepository, check: DatasetCheck): Record<string, unknown> {
  return {
    id: check.id,
    type: check.kind === 'check_run' ? 'run' : 'status',
    name: check.name,
    commit_sha: check.sha,
    phase: PHASE[check.status],
    outcome: check.conclusion === null ? null : OUTCOME[check.conclusion],
    summary: check.description,
    details_url: `${EXAMPLE_WEB}/${repo.fullName}/checks/${check.id}`,
    started_at: check.startedAt,
    finished_at: check.completedAt,
  };
}

export function renderDeployment(
  repo: DatasetRepository,
  deployment: DatasetDeployment,
): Record<string, unknown> {
  return {
    id: deployment.id,
    environment: deployment.environment,
    ref: deployment.ref,
    sha: deployment.sha,
    state: deployment.state,
    creator: { handle: deployment.creator },
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    web_url: `${EXAMPLE_WEB}/${repo.fullName}/deployments/${deployment.id}`,
  };
}

export function renderTreeEntry(entry: DatasetTreeEntry): Record<string, unknown> {
  return {
    path: entry.path,
    kind: entry.type === 'directory' ? 'tree' : 'blob',
    object_sha: entry.sha,
    size: entry.size,
    mode: entry.mode,
  };
}
