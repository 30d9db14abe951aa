import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from '../../dataset/types.js';
import { folderObjectId } from '../azure-git.js';
import type { AzureRouteKit } from '../route-kit.js';
import { renderGitUser, repositoryUrl, repositoryWebUrl } from './common.js';

const CHANGE_TYPE = { added: 'add', modified: 'edit', removed: 'delete' } as const;

/** `changeCounts` as Azure sends it: only the kinds present (`{ "Add": 2, "Edit": 1 }`). */
export function changeCounts(changes: readonly { changeType: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { changeType } of changes) {
    const key = changeType.charAt(0).toUpperCase() + changeType.slice(1);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** A change as listed: a file's (with its diff) or a folder's. */
export type ListedChange =
  | { path: string; changeType: string; file: DatasetDiffFile }
  | { path: string; changeType: 'add' | 'delete'; file?: undefined };

/** Files and the folders they add or delete, by path (a folder before what it holds). */
export function listedChanges(
  files: readonly DatasetDiffFile[],
  folders: readonly { path: string; changeType: 'add' | 'delete' }[],
): ListedChange[] {
  return [
    ...files.map((file) => ({ path: file.path, changeType: CHANGE_TYPE[file.status], file })),
    ...folders,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A folder's `GitChange`. */
export function renderFolderChange(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  change: { path: string; changeType: string },
  commitId: string,
): Record<string, unknown> {
  return {
    item: {
      gitObjectType: 'tree',
      commitId,
      path: `/${change.path}`,
      isFolder: true,
      url: `${repositoryUrl(kit, repo)}/items/${change.path.split('/').map(encodeURIComponent).join('/')}?versionType=Commit&version=${commitId}`,
    },
    changeType: change.changeType,
  };
}

/**
 * The comment as the commits search shows it: the subject line, at most 100 characters, with
 * `commentTruncated` when that is not all ("Merged PR 2: Deleted README.md", truncated, in
 * git/7.1/httpExamples/commits/GET__git_repositories__repositoryId__commits.json).
 */
function listedComment(message: string): { comment: string; commentTruncated?: true } {
  const subject = (message.split('\n')[0] ?? '').slice(0, 100);
  return subject === message.replace(/\n+$/, '')
    ? { comment: message }
    : { comment: subject, commentTruncated: true };
}

/** A `GitCommitRef` as the commits search lists it: no `parents` (only `Commits_Get` has them). */
export function renderCommitRef(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  commit: DatasetCommit,
): Record<string, unknown> {
  return {
    commitId: commit.sha,
    author: renderGitUser(commit.author, commit.authoredAt),
    committer: renderGitUser(commit.committer, commit.committedAt),
    ...listedComment(commit.message),
    changeCounts: changeCounts(
      commit.files.map((file) => ({ changeType: CHANGE_TYPE[file.status] })),
    ),
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
