import { diffTrees } from '../../dataset/diff.js';
import { commitsOnBranch } from '../../dataset/queries.js';
import type { DatasetCommit, DatasetDiffFile, DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorResponse } from '../../server/simulator-server.js';
import { ancestors, folderChanges, mergeBase, resolveVersion } from '../azure-git.js';
import { azureError, list, topSkip } from '../azure-wire.js';
import {
  changeCounts,
  listedChanges,
  renderChange,
  renderCommit,
  renderCommitRef,
  renderFolderChange,
  type ListedChange,
} from '../render/commits.js';
import type { AzureRouteKit } from '../route-kit.js';

function commitNotFound(repo: DatasetRepository, sha: string): SimulatorResponse {
  return azureError(
    404,
    `TF401175:The version descriptor <Commit: ${sha} > could not be resolved to a version in the repository ${repo.name}`,
    'GitUnresolvableToCommitException',
    'Microsoft.TeamFoundation.Git.Server',
  );
}

/** The blob ids of a change's two sides. */
function objectIds(
  before: DatasetCommit | undefined,
  after: DatasetCommit,
  file: DatasetDiffFile,
): { before: string | undefined; after: string | undefined } {
  return {
    before: before?.tree.find((entry) => entry.path === (file.previousPath ?? file.path))?.sha,
    after: after.tree.find((entry) => entry.path === file.path)?.sha,
  };
}

/**
 * Commits: the search (`searchCriteria.itemVersion.*` picks the ref, default the default
 * branch; `searchCriteria.$top`/`$skip` page it), one commit, its `changes` (against its first
 * parent, `top`/`skip`), and `diffs/commits` between two versions (from their common commit
 * unless `diffCommonCommit=false`, `$top`/`$skip` over the changes).
 */
export function commitsRoutes(kit: AzureRouteKit): Route[] {
  const render = (
    repo: DatasetRepository,
    change: ListedChange,
    before: DatasetCommit | undefined,
    after: DatasetCommit,
  ): Record<string, unknown> =>
    change.file === undefined
      ? renderFolderChange(kit, repo, change, after.sha)
      : renderChange(kit, repo, change.file, after.sha, objectIds(before, after, change.file));
  return [
    ...kit.repoRoutes('GET', '/commits', (request, repo) => {
      const q = request.query;
      const head = resolveVersion(
        repo,
        q['searchCriteria.itemVersion.version'],
        q['searchCriteria.itemVersion.versionType'],
      );
      if (typeof head !== 'string') return head;
      let commits = ancestors(repo, head);
      // A branch's history as git log shows it: first parents first (the dataset is linear).
      const branch = repo.branches.find((candidate) => candidate.sha === head);
      if (branch !== undefined) commits = commitsOnBranch(repo, branch.name) ?? commits;
      const author = q['searchCriteria.author']?.toLowerCase();
      if (author !== undefined)
        commits = commits.filter(
          (commit) =>
            commit.author.name.toLowerCase().includes(author) ||
            commit.author.email.toLowerCase().includes(author),
        );
      const from = q['searchCriteria.fromDate'];
      const to = q['searchCriteria.toDate'];
      if (from !== undefined)
        commits = commits.filter(
          (commit) => commit.committedAt >= new Date(from).toISOString().replace('.000Z', 'Z'),
        );
      if (to !== undefined)
        commits = commits.filter(
          (commit) => commit.committedAt <= new Date(to).toISOString().replace('.000Z', 'Z'),
        );
      const page = topSkip(request, commits, {
        top: ['searchCriteria.$top', '$top', 'top'],
        skip: ['searchCriteria.$skip', '$skip', 'skip'],
      });
      if (!Array.isArray(page)) return page;
      return list(page.map((commit) => renderCommitRef(kit, repo, commit)));
    }),
    ...kit.repoRoutes('GET', '/commits/:commitId', (request, repo) => {
      const commit = repo.commits.find((candidate) => candidate.sha === request.params.commitId);
      if (commit === undefined) return commitNotFound(repo, request.params.commitId ?? '');
      return { json: renderCommit(kit, repo, commit) };
    }),
    ...kit.repoRoutes('GET', '/commits/:commitId/changes', (request, repo) => {
      const commit = repo.commits.find((candidate) => candidate.sha === request.params.commitId);
      if (commit === undefined) return commitNotFound(repo, request.params.commitId ?? '');
      const parent = kit.commitOf(repo, commit.parents[0] ?? '');
      const changes = listedChanges(commit.files, folderChanges(parent?.tree ?? [], commit.tree));
      const page = topSkip(request, changes, { top: ['top', '$top'], skip: ['skip', '$skip'] });
      if (!Array.isArray(page)) return page;
      return {
        json: {
          changeCounts: changeCounts(changes),
          changes: page.map((change) => render(repo, change, parent, commit)),
        },
      };
    }),
    ...kit.repoRoutes('GET', '/diffs/commits', (request, repo) => {
      const q = request.query;
      const base = resolveVersion(repo, q.baseVersion, q.baseVersionType);
      if (typeof base !== 'string') return base;
      const target = resolveVersion(repo, q.targetVersion, q.targetVersionType);
      if (typeof target !== 'string') return target;
      const common = mergeBase(repo, base, target);
      const from = q.diffCommonCommit === 'false' ? base : (common ?? base);
      const before = kit.commitOf(repo, from);
      const after = kit.commitOf(repo, target);
      if (before === undefined || after === undefined) return commitNotFound(repo, from);
      const files = diffTrees(before.tree, after.tree, repo.blobs);
      const changes = listedChanges(files, folderChanges(before.tree, after.tree));
      const page = topSkip(request, changes);
      if (!Array.isArray(page)) return page;
      const baseAncestors = new Set(ancestors(repo, base).map((commit) => commit.sha));
      const targetAncestors = new Set(ancestors(repo, target).map((commit) => commit.sha));
      return {
        json: {
          allChangesIncluded: page.length === changes.length,
          changeCounts: changeCounts(changes),
          changes: page.map((change) => render(repo, change, before, after)),
          ...(common === undefined ? {} : { commonCommit: common }),
          baseCommit: base,
          targetCommit: target,
          aheadCount: [...targetAncestors].filter((sha) => !baseAncestors.has(sha)).length,
          behindCount: [...baseAncestors].filter((sha) => !targetAncestors.has(sha)).length,
        },
      };
    }),
  ];
}
