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
import { renderUser } from './render/account.js';
import {
  deploymentStatus,
  gitlabStatus,
  renderCommitStatus,
  renderDeployment,
  renderPipeline,
} from './render/ci.js';
import { renderCommit, renderDiff } from './render/commits.js';
import { createRenderContext, renderUserBasic } from './render/common.js';
import { renderTreeEntry } from './render/file-tree.js';
import { renderSshKey } from './render/keys.js';
import { renderGroup } from './render/organizations.js';
import { renderMergeRequest, renderNote } from './render/pull-requests.js';
import { renderBranch, renderRelease, renderTag } from './render/refs.js';
import { renderContributor, renderProject } from './render/repositories.js';

export { deploymentStatus, gitlabStatus };

/**
 * GitLab REST v4 JSON over the dataset, one file per resource group in `render/` (the adapter's
 * `ops/` groups), bound here to one dataset and instance URL for the routes and the webhook
 * deliveries. The simulated provider's side; the adapter never imports it.
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
  note: (
    repo: DatasetRepository,
    pr: DatasetPullRequest,
    note: { id: number; body: string; createdAt: string },
  ) => Record<string, unknown>;
  contributor: (contributor: DatasetContributor) => Record<string, unknown>;
  tag: (repo: DatasetRepository, tag: DatasetTag) => Record<string, unknown>;
  release: (repo: DatasetRepository, release: DatasetRelease) => Record<string, unknown>;
  commitStatus: (repo: DatasetRepository, check: DatasetCheck) => Record<string, unknown>;
  pipeline: (repo: DatasetRepository, check: DatasetCheck) => Record<string, unknown>;
  deployment: (repo: DatasetRepository, deployment: DatasetDeployment) => Record<string, unknown>;
  treeEntry: (entry: DatasetTreeEntry) => Record<string, unknown>;
  sshKey: (key: DatasetSshKey) => Record<string, unknown>;
}

export function createGitLabRenderer(
  dataset: Dataset,
  groups: readonly GitLabGroup[],
  web: () => string,
): GitLabRenderer {
  const context = createRenderContext(dataset, groups, web);
  return {
    userBasic: (login) => renderUserBasic(context, login),
    user: (user) => renderUser(context, user),
    group: (group) => renderGroup(context, group),
    project: (repo) => renderProject(context, repo),
    branch: (repo, branch) => renderBranch(context, repo, branch),
    commit: (repo, commit) => renderCommit(context, repo, commit),
    diff: renderDiff,
    mergeRequest: (repo, pr) => renderMergeRequest(context, repo, pr),
    note: (repo, pr, note) => renderNote(context, repo, pr, note),
    contributor: renderContributor,
    tag: (repo, tag) => renderTag(context, repo, tag),
    release: (repo, release) => renderRelease(context, repo, release),
    commitStatus: (repo, check) => renderCommitStatus(context, repo, check),
    pipeline: (repo, check) => renderPipeline(context, repo, check),
    deployment: (repo, deployment) => renderDeployment(context, repo, deployment),
    treeEntry: renderTreeEntry,
    sshKey: renderSshKey,
  };
}
