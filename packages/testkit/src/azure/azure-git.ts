import { deriveSha } from '../dataset/diff.js';
import type { DatasetCommit, DatasetRepository, DatasetTreeFile } from '../dataset/types.js';
import type { SimulatorResponse } from '../server/simulator-server.js';
import { azureError } from './azure-wire.js';

/** A folder or file of a commit's tree, as the items API lists it. */
export interface AzureTreeItem {
  /** `/src/app.ts`; `/` is the root. */
  path: string;
  isFolder: boolean;
  objectId: string;
  size: number;
}

/**
 * A version descriptor (`branch` — the default —, `tag` or `commit`) → the commit sha, or Azure's
 * 404 when it names nothing. No version means the default branch.
 */
export function resolveVersion(
  repo: DatasetRepository,
  version: string | undefined,
  type: string | undefined,
): string | SimulatorResponse {
  const kind = (type ?? 'branch').toLowerCase();
  const name = version ?? repo.defaultBranch;
  let sha: string | undefined;
  if (kind === 'branch')
    sha = repo.branches.find((branch) => branch.name === name.replace(/^refs\/heads\//, ''))?.sha;
  else if (kind === 'tag')
    sha = repo.tags.find((tag) => tag.name === name.replace(/^refs\/tags\//, ''))?.sha;
  else if (kind === 'commit' && /^[0-9a-f]{4,40}$/i.test(name))
    sha = repo.commits.find((commit) => commit.sha.startsWith(name.toLowerCase()))?.sha;
  if (sha !== undefined) return sha;
  const label = kind.charAt(0).toUpperCase() + kind.slice(1);
  return azureError(
    404,
    `TF401175:The version descriptor <${label}: ${name} > could not be resolved to a version in the repository ${repo.name}`,
    'GitUnresolvableToCommitException',
    'Microsoft.TeamFoundation.Git.Server',
  );
}

/** Every commit reachable from `sha` (itself included), breadth first by parents. */
export function ancestors(repo: DatasetRepository, sha: string): DatasetCommit[] {
  const seen = new Set<string>();
  const out: DatasetCommit[] = [];
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const commit = repo.commits.find((candidate) => candidate.sha === next);
    if (commit === undefined) continue;
    out.push(commit);
    queue.push(...commit.parents);
  }
  return out;
}

/** The best common ancestor of two commits (the first of `target`'s ancestors `base` reaches). */
export function mergeBase(
  repo: DatasetRepository,
  base: string,
  target: string,
): string | undefined {
  const reachable = new Set(ancestors(repo, base).map((commit) => commit.sha));
  return ancestors(repo, target).find((commit) => reachable.has(commit.sha))?.sha;
}

/** The folder object id Azure would show: a stable sha per commit and path. */
export function folderObjectId(commit: DatasetCommit, path: string): string {
  return deriveSha('azure-tree', commit.sha, path);
}

/** Every item of a commit's tree, folders included, the root first, by path. */
export function treeItems(commit: DatasetCommit): AzureTreeItem[] {
  const folders = new Set<string>(['/']);
  for (const file of commit.tree) {
    const parts = file.path.split('/');
    for (let depth = 1; depth < parts.length; depth++)
      folders.add(`/${parts.slice(0, depth).join('/')}`);
  }
  const items: AzureTreeItem[] = [
    ...[...folders].map((path) => ({
      path,
      isFolder: true,
      objectId: folderObjectId(commit, path),
      size: 0,
    })),
    ...commit.tree.map((file: DatasetTreeFile) => ({
      path: `/${file.path}`,
      isFolder: false,
      objectId: file.sha,
      size: file.size,
    })),
  ];
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The items under `scopePath` at a recursion level (`None`, `OneLevel`, `Full`), scope first. */
export function itemsUnder(
  commit: DatasetCommit,
  scopePath: string,
  recursionLevel: string,
): AzureTreeItem[] | undefined {
  const scope = `/${scopePath.replace(/^\/+|\/+$/g, '')}`;
  const items = treeItems(commit);
  const self = items.find((item) => item.path === scope);
  if (self === undefined) return undefined;
  if (!self.isFolder || recursionLevel === 'None') return [self];
  const prefix = scope === '/' ? '/' : `${scope}/`;
  const below = items.filter((item) => item.path !== scope && item.path.startsWith(prefix));
  const level = recursionLevel.toLowerCase();
  const children =
    level === 'full'
      ? below
      : below.filter((item) => !item.path.slice(prefix.length).includes('/'));
  return [self, ...children];
}

/** The folders of a tree (`src`, `src/lib`), without the root. */
function foldersOf(tree: readonly DatasetTreeFile[]): Set<string> {
  const folders = new Set<string>();
  for (const file of tree) {
    const parts = file.path.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return folders;
}

/**
 * The folders a change adds or deletes: Azure lists them among the changes of a commit or a
 * diff (`gitObjectType: tree`, `isFolder`), as git/7.1/httpExamples/changes/* and commitDiffs/* show.
 */
export function folderChanges(
  before: readonly DatasetTreeFile[],
  after: readonly DatasetTreeFile[],
): { path: string; changeType: 'add' | 'delete' }[] {
  const old = foldersOf(before);
  const now = foldersOf(after);
  return [
    ...[...now]
      .filter((path) => !old.has(path))
      .map((path) => ({ path, changeType: 'add' as const })),
    ...[...old]
      .filter((path) => !now.has(path))
      .map((path) => ({ path, changeType: 'delete' as const })),
  ];
}
