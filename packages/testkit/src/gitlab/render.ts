import type { DatasetTreeEntry } from '../dataset/queries.js';
import type {
  Dataset,
  DatasetBranch,
  DatasetCheck,
  DatasetCommit,
  DatasetContributor,
  DatasetDeployment,
  DatasetDiffFile,
  DatasetPullRequest,
  DatasetRelease,
  DatasetRepository,
  DatasetSshKey,
  DatasetTag,
  DatasetUser,
} from '../dataset/types.js';
import type { GitLabGroup } from './gitlab-dataset.js';

/**
 * GitLab REST v4 JSON over the dataset (https://docs.gitlab.com/api/api_resources/). Objects carry
 * every field GitLab's own response schemas list (spec/fixtures/api/schemas/public_api/v4/), so
 * the adapter is tested against complete payloads. The simulated provider's side; the adapter
 * never imports it.
 */
export interface GitLabRenderer {
  userBasic: (login: string | null) => Record<string, unknown> | null;
  user: (user: DatasetUser) => Record<string, unknown>;
  group: (group: GitLabGroup) => Record<string, unknown>;
  project: (repo: DatasetRepository) => Record<string, unknown>;
  branch: (repo: DatasetRepository, branch: DatasetBranch) => Record<string, unknown>;
  commit: (repo: DatasetRepository, commit: DatasetCommit) => Record<string, unknown>;
  diff: (file: DatasetDiffFile) => Record<string, unknown>;
  mergeRequest: (repo: DatasetRepository, pr: DatasetPullRequest) => Record<string, unknown>;
  contributor: (contributor: DatasetContributor) => Record<string, unknown>;
  tag: (repo: DatasetRepository, tag: DatasetTag) => Record<string, unknown>;
  release: (repo: DatasetRepository, release: DatasetRelease) => Record<string, unknown>;
  commitStatus: (repo: DatasetRepository, check: DatasetCheck) => Record<string, unknown>;
  pipeline: (repo: DatasetRepository, check: DatasetCheck) => Record<string, unknown>;
  deployment: (repo: DatasetRepository, deployment: DatasetDeployment) => Record<string, unknown>;
  treeEntry: (entry: DatasetTreeEntry) => Record<string, unknown>;
  sshKey: (key: DatasetSshKey) => Record<string, unknown>;
}

/** Dataset check state → GitLab's status vocabulary (statuses and pipelines share it). */
export function gitlabStatus(check: Pick<DatasetCheck, 'status' | 'conclusion'>): string {
  if (check.status === 'queued') return 'pending';
  if (check.status === 'in_progress') return 'running';
  switch (check.conclusion) {
    case 'success':
      return 'success';
    case 'cancelled':
      return 'canceled';
    case 'skipped':
    case 'neutral':
      return 'skipped';
    case 'failure':
    case 'timed_out':
    case null:
      return 'failed';
  }
}

const DEPLOYMENT_STATUS: Readonly<Record<string, string>> = {
  pending: 'created',
  queued: 'created',
  in_progress: 'running',
  success: 'success',
  failure: 'failed',
  error: 'failed',
  inactive: 'success',
};

export function deploymentStatus(state: string): string {
  return DEPLOYMENT_STATUS[state] ?? 'created';
}

export function createGitLabRenderer(
  dataset: Dataset,
  groups: readonly GitLabGroup[],
  web: () => string,
): GitLabRenderer {
  const users = new Map(dataset.users.map((user) => [user.login, user]));
  const groupsByPath = new Map(groups.map((group) => [group.fullPath, group]));
  const host = (): string => new URL(web()).host;
  const avatar = (id: number): string => `${web()}/uploads/-/system/user/avatar/${id}/avatar.png`;

  const userBasic = (login: string | null): Record<string, unknown> | null => {
    if (login === null) return null;
    const user = users.get(login);
    if (user === undefined) return null;
    return {
      id: user.id,
      username: user.login,
      name: user.name,
      state: 'active',
      locked: false,
      avatar_url: avatar(user.id),
      web_url: `${web()}/${user.login}`,
    };
  };

  const namespace = (repo: DatasetRepository): Record<string, unknown> => {
    const group = groupsByPath.get(repo.owner);
    if (group !== undefined)
      return {
        id: group.id,
        name: group.name,
        path: group.path,
        kind: 'group',
        full_path: group.fullPath,
        parent_id: group.parentId,
        avatar_url: null,
        web_url: `${web()}/groups/${group.fullPath}`,
      };
    const user = users.get(repo.owner);
    return {
      id: user?.id ?? 0,
      name: user?.name ?? repo.owner,
      path: repo.owner,
      kind: 'user',
      full_path: repo.owner,
      parent_id: null,
      avatar_url: user === undefined ? null : avatar(user.id),
      web_url: `${web()}/${repo.owner}`,
    };
  };

  const commit = (repo: DatasetRepository, value: DatasetCommit): Record<string, unknown> => ({
    id: value.sha,
    short_id: value.sha.slice(0, 8),
    created_at: value.committedAt,
    parent_ids: value.parents,
    title: value.message.split('\n', 1)[0] ?? '',
    message: value.message,
    author_name: value.author.name,
    author_email: value.author.email,
    authored_date: value.authoredAt,
    committer_name: value.committer.name,
    committer_email: value.committer.email,
    committed_date: value.committedAt,
    trailers: {},
    extended_trailers: {},
    web_url: `${web()}/${repo.fullName}/-/commit/${value.sha}`,
  });

  const findCommit = (repo: DatasetRepository, sha: string): DatasetCommit | undefined =>
    repo.commits.find((candidate) => candidate.sha === sha);

  return {
    userBasic,

    user: (user) => ({
      ...userBasic(user.login),
      created_at: user.createdAt,
      bio: '',
      location: '',
      public_email: user.email,
      email: user.email,
      skype: '',
      linkedin: '',
      twitter: '',
      website_url: '',
      organization: '',
      job_title: '',
      bot: false,
      followers: 0,
      following: 0,
    }),

    group: (group) => ({
      id: group.id,
      web_url: `${web()}/groups/${group.fullPath}`,
      name: group.name,
      path: group.path,
      description: group.description,
      visibility: 'private',
      full_name: group.fullPath.split('/').join(' / '),
      full_path: group.fullPath,
      parent_id: group.parentId,
      avatar_url: null,
      created_at: group.createdAt,
    }),

    project: (repo) => ({
      id: repo.id,
      description: repo.description,
      name: repo.name,
      name_with_namespace: repo.fullName.split('/').join(' / '),
      path: repo.name,
      path_with_namespace: repo.fullName,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      default_branch: repo.defaultBranch,
      tag_list: [],
      topics: [],
      ssh_url_to_repo: `git@${host()}:${repo.fullName}.git`,
      http_url_to_repo: `${web()}/${repo.fullName}.git`,
      web_url: `${web()}/${repo.fullName}`,
      readme_url: `${web()}/${repo.fullName}/-/blob/${repo.defaultBranch}/README.md`,
      avatar_url: null,
      forks_count: 0,
      star_count: 0,
      last_activity_at: repo.pushedAt,
      namespace: namespace(repo),
      visibility: repo.visibility,
      archived: repo.archived,
      empty_repo: false,
      forked_from_project: repo.fork
        ? { id: repo.id + 1, path_with_namespace: `upstream/${repo.name}` }
        : undefined,
      _links: {
        self: `${web()}/api/v4/projects/${repo.id}`,
        merge_requests: `${web()}/api/v4/projects/${repo.id}/merge_requests`,
        repo_branches: `${web()}/api/v4/projects/${repo.id}/repository/branches`,
      },
    }),

    branch: (repo, branch) => {
      const head = findCommit(repo, branch.sha);
      return {
        name: branch.name,
        merged: false,
        protected: branch.protected,
        default: branch.name === repo.defaultBranch,
        developers_can_push: !branch.protected,
        developers_can_merge: !branch.protected,
        can_push: true,
        web_url: `${web()}/${repo.fullName}/-/tree/${branch.name}`,
        commit: head === undefined ? { id: branch.sha } : commit(repo, head),
      };
    },

    commit,

    diff: (file) => ({
      old_path: file.previousPath ?? file.path,
      new_path: file.path,
      a_mode: file.status === 'added' ? '0' : '100644',
      b_mode: file.status === 'removed' ? '0' : '100644',
      diff: file.binary ? `Binary files a/${file.path} and b/${file.path} differ\n` : file.patch,
      new_file: file.status === 'added',
      renamed_file: false,
      deleted_file: file.status === 'removed',
      generated_file: false,
    }),

    mergeRequest: (repo, pr) => {
      const author = userBasic(pr.author);
      const state = pr.state === 'open' ? 'opened' : pr.state;
      return {
        id: pr.id,
        iid: pr.number,
        project_id: repo.id,
        title: pr.draft ? `Draft: ${pr.title}` : pr.title,
        description: pr.body,
        state,
        created_at: pr.createdAt,
        updated_at: pr.updatedAt,
        merged_by: pr.state === 'merged' ? author : null,
        merge_user: pr.state === 'merged' ? author : null,
        merged_at: pr.mergedAt,
        closed_by: pr.state === 'closed' ? author : null,
        closed_at: pr.closedAt,
        target_branch: pr.targetBranch,
        source_branch: pr.sourceBranch,
        user_notes_count: 0,
        upvotes: 0,
        downvotes: 0,
        author,
        assignee: null,
        assignees: [],
        reviewers: [],
        source_project_id: repo.id,
        target_project_id: repo.id,
        labels: pr.labels,
        draft: pr.draft,
        work_in_progress: pr.draft,
        milestone: null,
        merge_when_pipeline_succeeds: false,
        merge_status: 'can_be_merged',
        detailed_merge_status: pr.state === 'open' ? 'mergeable' : 'not_open',
        sha: pr.headSha,
        merge_commit_sha: null,
        squash_commit_sha: null,
        discussion_locked: null,
        should_remove_source_branch: null,
        force_remove_source_branch: false,
        allow_collaboration: false,
        allow_maintainer_to_push: false,
        reference: `!${pr.number}`,
        references: {
          short: `!${pr.number}`,
          relative: `!${pr.number}`,
          full: `${repo.fullName}!${pr.number}`,
        },
        web_url: `${web()}/${repo.fullName}/-/merge_requests/${pr.number}`,
        time_stats: {
          time_estimate: 0,
          total_time_spent: 0,
          human_time_estimate: null,
          human_total_time_spent: null,
        },
        squash: false,
        changes_count: String(pr.files.length),
        task_completion_status: { count: 0, completed_count: 0 },
        has_conflicts: false,
        blocking_discussions_resolved: true,
        head_pipeline: null,
        diff_refs: { base_sha: pr.baseSha, head_sha: pr.headSha, start_sha: pr.baseSha },
      };
    },

    contributor: (contributor) => ({
      name: contributor.name,
      email: contributor.email,
      commits: contributor.contributions,
      additions: 0,
      deletions: 0,
    }),

    tag: (repo, tag) => {
      const target = findCommit(repo, tag.sha);
      return {
        name: tag.name,
        message: tag.message ?? '',
        // An annotated tag's target is the tag object; a lightweight tag's is the commit.
        target: tag.message === null ? tag.sha : `${tag.sha.slice(0, 32)}${'a'.repeat(8)}`,
        commit: target === undefined ? { id: tag.sha } : commit(repo, target),
        release: null,
        protected: false,
        created_at: tag.message === null ? null : tag.createdAt,
      };
    },

    release: (repo, release) => {
      const tag = repo.tags.find((candidate) => candidate.name === release.tagName);
      const target = tag === undefined ? undefined : findCommit(repo, tag.sha);
      return {
        tag_name: release.tagName,
        description: release.body,
        name: release.name,
        created_at: release.createdAt,
        released_at: release.publishedAt ?? release.createdAt,
        upcoming_release: release.prerelease,
        author: userBasic(release.author),
        commit: target === undefined ? null : commit(repo, target),
        commit_path: `/${repo.fullName}/-/commit/${tag?.sha ?? ''}`,
        tag_path: `/${repo.fullName}/-/tags/${release.tagName}`,
        assets: { count: 0, sources: [], links: [] },
        evidences: [],
        _links: {
          self: `${web()}/${repo.fullName}/-/releases/${release.tagName}`,
          edit_url: `${web()}/${repo.fullName}/-/releases/${release.tagName}/edit`,
        },
      };
    },

    commitStatus: (repo, check) => ({
      id: check.id,
      sha: check.sha,
      ref: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? null,
      status: gitlabStatus(check),
      name: check.name,
      target_url: `${web()}/${repo.fullName}/-/jobs/${check.id}`,
      description: check.description,
      created_at: check.startedAt ?? repo.createdAt,
      started_at: check.startedAt,
      finished_at: check.completedAt,
      allow_failure: false,
      coverage: null,
      pipeline_id: null,
      author: userBasic(dataset.viewer.login),
    }),

    pipeline: (repo, check) => ({
      id: check.id,
      iid: check.id % 10_000,
      project_id: repo.id,
      sha: check.sha,
      ref: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? check.sha,
      status: gitlabStatus(check),
      source: 'push',
      name: check.name,
      created_at: check.startedAt ?? repo.createdAt,
      updated_at: check.completedAt ?? check.startedAt ?? repo.createdAt,
      started_at: check.startedAt,
      finished_at: check.completedAt,
      web_url: `${web()}/${repo.fullName}/-/pipelines/${check.id}`,
    }),

    deployment: (repo, deployment) => {
      const environment = repo.environments.find((env) => env.name === deployment.environment);
      return {
        id: deployment.id,
        iid: deployment.id % 10_000,
        ref: deployment.ref,
        sha: deployment.sha,
        created_at: deployment.createdAt,
        updated_at: deployment.updatedAt,
        status: deploymentStatus(deployment.state),
        user: userBasic(deployment.creator),
        environment: {
          id: environment?.id ?? 0,
          name: deployment.environment,
          external_url: `https://${deployment.environment}.${repo.name}.example.test`,
          tier: deployment.environment === 'production' ? 'production' : 'staging',
        },
        deployable: null,
      };
    },

    treeEntry: (entry) => ({
      id: entry.sha,
      name: entry.name,
      type: entry.type === 'directory' ? 'tree' : 'blob',
      path: entry.path,
      mode: entry.mode,
    }),

    sshKey: (key) => ({
      id: key.id,
      title: key.title,
      key: key.key,
      created_at: key.createdAt,
      expires_at: null,
      usage_type: 'auth_and_signing',
    }),
  };
}
