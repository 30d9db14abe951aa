import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from '../../dataset/types.js';
import { folderObjectId } from '../azure-git.js';
import type { AzureRouteKit } from '../route-kit.js';
import { renderGitUser, repositoryUrl, repositoryWebUrl } from './common.js';

const CHANGE_TYPE = { added: 'add', modified: 'edit', removed: 'delete' } as const;

/** `changeCounts` as Azure sends it: only the kinds present (`{ "Add": 2, "Edit": 1 }`). */
export function changeCounts(files: readonly DatasetDiffFile[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of files) {
    const key = { added: 'Add', modified: 'Edit', removed: 'Delete' }[file.status];
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * A `GitCommitRef` as the commits search lists it: no `parents` (only the single-commit read
 * has them) and the comment cut at 200 characters with `commentTruncated`.
 */
export function renderCommitRef(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Record<string, unknown> {
  const truncated = commit.message.length > 200;
  return {
    commitId: commit.sha,
    author: renderGitUser(commit.author, commit.authoredAt),
    committer: renderGitUser(commit.committer, commit.committedAt),
    comment: truncated ? commit.message.slice(0, 200) : commit.message,
    ...(truncated ? { commentTruncated: true } : {}),
    changeCounts: changeCounts(commit.files),
    url: `${repositoryUrl(kit, repo)}/commits/${commit.sha}`,
    remoteUrl: `${repositoryWebUrl(kit, repo)}/commit/${commit.sha}`,
  };
}

/** A `GitCommit` as `Commits_Get` answers: the full comment, `parents`, `treeId`, `_links`. */
export function renderCommit(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Record<string, unknown> {
  const url = `${repositoryUrl(kit, repo)}/commits/${commit.sha}`;
  const { commentTruncated: _ignored, ...ref } = renderCommitRef(kit, repo, commit);
  return {
    ...ref,
    comment: commit.message,
    parents: commit.parents,
    treeId: folderObjectId(commit, '/'),
    _links: {
      self: { href: url },
      repository: { href: repositoryUrl(kit, repo) },
      changes: { href: `${url}/changes` },
      web: { href: `${repositoryWebUrl(kit, repo)}/commit/${commit.sha}` },
      tree: { href: `${repositoryUrl(kit, repo)}/trees/${folderObjectId(commit, '/')}` },
    },
  };
}

/** One `GitChange` of a blob: the new object id, and the old one for an edit or delete. */
export function renderChange(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  file: DatasetDiffFile,
  commitId: string,
  objectIds: { before: string | undefined; after: string | undefined },
): Record<string, unknown> {
  return {
    item: {
      ...(objectIds.after === undefined ? {} : { objectId: objectIds.after }),
      ...(objectIds.before === undefined ? {} : { originalObjectId: objectIds.before }),
      gitObjectType: 'blob',
      commitId,
      path: `/${file.path}`,
      url: `${repositoryUrl(kit, repo)}/items/${file.path.split('/').map(encodeURIComponent).join('/')}?versionType=Commit&version=${commitId}`,
    },
    changeType: CHANGE_TYPE[file.status],
  };
}
