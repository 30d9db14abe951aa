import { deriveSha } from './diff.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetCommit,
  DatasetDeployment,
  DatasetPullRequest,
  DatasetPullRequestState,
  DatasetRepository,
} from './types.js';

/**
 * What the dataset holds for each contract operation, in one place: simulators serve these, and
 * the contract suite expects them back through the adapter. Provider-neutral semantics only; a
 * simulator orders and pages the results the way its provider does.
 */

/** A repository by numeric id, braced UUID or `owner/name` (URL-decoded). */
export function findRepository(dataset: Dataset, ref: string): DatasetRepository | undefined {
  return dataset.repositories.find(
    (repo) => String(repo.id) === ref || repo.uuid === ref || repo.fullName === ref,
  );
}

export function findRepositoryOrThrow(dataset: Dataset, fullName: string): DatasetRepository {
  const repo = findRepository(dataset, fullName);
  if (repo === undefined) throw new Error(`No repository ${fullName} in the dataset`);
  return repo;
}

/** Every repository is visible to the viewer; `owner` is exact, `search` a case-insensitive substring of the name. */
export function repositoriesFor(
  dataset: Dataset,
  query: { owner?: string | undefined; search?: string | undefined } = {},
): DatasetRepository[] {
  const search = query.search?.toLowerCase();
  return dataset.repositories.filter(
    (repo) =>
      (query.owner === undefined || repo.owner === query.owner) &&
      (search === undefined || repo.name.toLowerCase().includes(search)),
  );
}

export function findCommit(repo: DatasetRepository, sha: string): DatasetCommit | undefined {
  return repo.commits.find((commit) => commit.sha === sha);
}

/** A branch name, a tag name, or a full (or ≥ 7-character abbreviated) commit sha → the commit sha. */
export function resolveRef(repo: DatasetRepository, ref: string): string | undefined {
  const branch = repo.branches.find((candidate) => candidate.name === ref);
  if (branch !== undefined) return branch.sha;
  const tag = repo.tags.find((candidate) => candidate.name === ref);
  if (tag !== undefined) return tag.sha;
  if (!/^[0-9a-f]{7,40}$/.test(ref)) return undefined;
  return repo.commits.find((commit) => commit.sha.startsWith(ref))?.sha;
}

/** The commits reachable from a branch's head by first parents, newest first. */
export function commitsOnBranch(
  repo: DatasetRepository,
  branch: string,
): DatasetCommit[] | undefined {
  const sha = repo.branches.find((candidate) => candidate.name === branch)?.sha;
  if (sha === undefined) return undefined;
  const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
  const out: DatasetCommit[] = [];
  for (let current = bySha.get(sha); current !== undefined;) {
    out.push(current);
    const parent = current.parents[0];
    current = parent === undefined ? undefined : bySha.get(parent);
  }
  return out;
}

export function pullRequestsByState(
  repo: DatasetRepository,
  state: DatasetPullRequestState | 'all' = 'open',
): DatasetPullRequest[] {
  return repo.pullRequests.filter((pr) => state === 'all' || pr.state === state);
}

/** Pull requests across every repository the viewer sees. */
export function searchPullRequests(
  dataset: Dataset,
  query: {
    state?: DatasetPullRequestState | 'all' | undefined;
    repo?: string | undefined;
    author?: string | undefined;
  },
): { repository: DatasetRepository; pullRequest: DatasetPullRequest }[] {
  const out: { repository: DatasetRepository; pullRequest: DatasetPullRequest }[] = [];
  for (const repository of dataset.repositories) {
    if (query.repo !== undefined && repository.fullName !== query.repo) continue;
    for (const pullRequest of pullRequestsByState(repository, query.state ?? 'all')) {
      if (query.author === undefined || pullRequest.author === query.author)
        out.push({ repository, pullRequest });
    }
  }
  return out;
}

/** Checks on one commit; the default branch's head when no ref is given. */
export function checksForRef(repo: DatasetRepository, ref?: string): DatasetCheck[] | undefined {
  const sha = resolveRef(repo, ref ?? repo.defaultBranch);
  if (sha === undefined) return undefined;
  return repo.checks.filter((check) => check.sha === sha);
}

export function deploymentsFor(
  repo: DatasetRepository,
  query: { environment?: string | undefined; state?: string | undefined } = {},
): DatasetDeployment[] {
  return repo.deployments.filter(
    (deployment) =>
      (query.environment === undefined || deployment.environment === query.environment) &&
      (query.state === undefined || deployment.state === query.state),
  );
}

export interface DatasetTreeEntry {
  path: string;
  name: string;
  type: 'file' | 'directory';
  /** Blob sha for files; a derived id for directories. */
  sha: string;
  size: number | null;
  mode: string;
}

/**
 * The tree at a commit under `path` ('' for the root): direct children, or every descendant when
 * `recursive`. Directories are listed as entries of their own. Sorted by path. Undefined when
 * `path` names no directory.
 */
export function treeEntries(
  commit: DatasetCommit,
  query: { path?: string | undefined; recursive?: boolean | undefined } = {},
): DatasetTreeEntry[] | undefined {
  const base = (query.path ?? '').replace(/^\/+|\/+$/g, '');
  const prefix = base === '' ? '' : `${base}/`;
  const entries = new Map<string, DatasetTreeEntry>();
  let found = base === '';
  for (const file of commit.tree) {
    if (!file.path.startsWith(prefix)) continue;
    found = true;
    const rest = file.path.slice(prefix.length).split('/');
    for (let depth = 1; depth < rest.length; depth++) {
      if (!query.recursive && depth > 1) break;
      const path = `${prefix}${rest.slice(0, depth).join('/')}`;
      if (!entries.has(path)) {
        entries.set(path, {
          path,
          name: rest[depth - 1] ?? '',
          type: 'directory',
          sha: directorySha(commit, path),
          size: null,
          mode: '040000',
        });
      }
    }
    if (query.recursive || rest.length === 1) {
      entries.set(file.path, {
        path: file.path,
        name: rest[rest.length - 1] ?? '',
        type: 'file',
        sha: file.sha,
        size: file.size,
        mode: file.mode,
      });
    }
  }
  if (!found) return undefined;
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function directorySha(commit: DatasetCommit, path: string): string {
  // Not git's tree hash (that needs the tree object format); stable and unique is what matters.
  return deriveSha('tree', commit.sha, path);
}

export type FileLookup =
  | { kind: 'file'; commit: DatasetCommit; sha: string; size: number; content: string }
  | { kind: 'directory'; commit: DatasetCommit }
  | { kind: 'missing-ref' }
  | { kind: 'missing-path'; commit: DatasetCommit };

/**
 * One file at a ref (a branch, tag or sha; the default branch when absent), for the simulators'
 * file-content routes: the file and its content, a directory, or which of ref and path is missing.
 */
export function fileAt(repo: DatasetRepository, path: string, ref?: string): FileLookup {
  const sha = resolveRef(repo, ref ?? repo.defaultBranch);
  const commit = sha === undefined ? undefined : findCommit(repo, sha);
  if (commit === undefined) return { kind: 'missing-ref' };
  const clean = path.replace(/^\/+|\/+$/g, '');
  const file = commit.tree.find((entry) => entry.path === clean);
  if (file !== undefined)
    return {
      kind: 'file',
      commit,
      sha: file.sha,
      size: file.size,
      content: repo.blobs[file.sha] ?? '',
    };
  if (clean === '' || commit.tree.some((entry) => entry.path.startsWith(`${clean}/`)))
    return { kind: 'directory', commit };
  return { kind: 'missing-path', commit };
}
