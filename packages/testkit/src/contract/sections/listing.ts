import {
  BranchSchema,
  CheckSchema,
  CommitSchema,
  ContributorSchema,
  DeploymentSchema,
  DiffSchema,
  FileTreeEntrySchema,
  OrganizationSchema,
  PullRequestSchema,
  ReleaseSchema,
  RepositorySchema,
  SshKeySchema,
  TagSchema,
  ViewerSchema,
  parseRepoRef,
  type Diff,
  type Operation,
  type Page,
  type PageQuery,
} from '@scm/core';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  checksForRef,
  commitsOnBranch,
  deploymentsFor,
  findCommit,
  pullRequestsByState,
  repositoriesFor,
  searchPullRequests,
  treeEntries,
} from '../../dataset/queries.js';
import type { DatasetDiffFile } from '../../dataset/types.js';
import { duplicates, errorCodeOf, sorted, walkAll } from '../expect-helpers.js';
import type { ContractSuite } from './suite.js';

const LIMITS = [1, 7, 100] as const;

interface Listing<T> {
  operation: Operation;
  fetch: (query: PageQuery) => Promise<Page<T>>;
  key: (item: T) => string;
  expected: string[];
  schema: z.ZodType;
  /** Extra per-item checks (a filter honoured). */
  each?: (item: T) => void;
}

function diffKey(file: {
  path: string;
  status: string;
  additions: number;
  deletions: number;
  patch: string | null;
}): string {
  return JSON.stringify([file.path, file.status, file.additions, file.deletions, file.patch]);
}

function expectDiff(diff: Diff, files: readonly DatasetDiffFile[], providerId: string): void {
  expect(DiffSchema.parse(diff)).toBeTruthy();
  expect(diff.provider).toBe(providerId);
  expect(duplicates(diff.files.map((file) => file.path))).toEqual([]);
  expect(sorted(diff.files.map(diffKey))).toEqual(sorted(files.map(diffKey)));
}

/**
 * Listings and reads: the viewer and SSH keys, every listing walked with `paginate()` at limits 1,
 * 7 and 100 (each expected item exactly once, no page over the limit, every item valid against
 * its core schema), the filters, `getRepository` by path and id, and both diffs.
 */
export function listingSection(suite: ContractSuite): void {
  const { f, supported, idOf, mainCommits } = suite;

  /** Registers one listing, walked at each limit; skipped when the provider marks it unsupported. */
  function listing<T>(title: string, build: () => Listing<T>): void {
    describe(title, () => {
      for (const limit of LIMITS) {
        it(`returns every expected item exactly once at limit ${limit}`, async (context) => {
          const spec = build();
          if (!supported(spec.operation)) {
            context.skip();
            return;
          }
          const { items } = await walkAll(spec.fetch, limit);
          const keys = items.map(spec.key);
          expect(duplicates(keys), 'items returned more than once').toEqual([]);
          expect(sorted(keys)).toEqual(sorted(spec.expected));
          for (const item of items) {
            spec.schema.parse(item);
            expect((item as { provider?: unknown }).provider).toBe(f().provider.id);
            spec.each?.(item);
          }
        });
      }
    });
  }

  describe('account', () => {
    it('getViewer returns the dataset viewer', async (context) => {
      if (!supported('getViewer')) return context.skip();
      const viewer = ViewerSchema.parse(await f().provider.getViewer());
      expect(viewer.login).toBe(f().sim.dataset.viewer.login);
      expect(viewer.provider).toBe(f().provider.id);
    });

    it('listSshKeys returns the viewer’s keys', async (context) => {
      if (!supported('listSshKeys')) return context.skip();
      const keys = await f().provider.listSshKeys();
      for (const key of keys) SshKeySchema.parse(key);
      expect(sorted(keys.map((key) => key.key))).toEqual(
        sorted(f().sim.dataset.viewer.sshKeys.map((key) => key.key)),
      );
    });
  });

  listing('listOrganizations', () => ({
    operation: 'listOrganizations',
    fetch: (query) => f().provider.listOrganizations(query),
    key: (org) => org.login,
    expected: f().sim.dataset.viewer.organizations,
    schema: OrganizationSchema,
  }));

  listing('listRepositories', () => ({
    operation: 'listRepositories',
    fetch: (query) => f().provider.listRepositories(query),
    key: (repo) => repo.fullName,
    expected: repositoriesFor(f().sim.dataset).map((repo) => repo.fullName),
    schema: RepositorySchema,
  }));

  listing('listRepositories filtered by owner', () => {
    const owner = f().repo.owner;
    return {
      operation: 'listRepositories',
      fetch: (query) => f().provider.listRepositories({ ...query, owner }),
      key: (repo) => repo.fullName,
      expected: repositoriesFor(f().sim.dataset, { owner }).map((repo) => repo.fullName),
      schema: RepositorySchema,
      each: (repo) => {
        expect(repo.owner).toBe(owner);
      },
    };
  });

  describe('getRepository', () => {
    it('finds the repository by URL-encoded full path and by id', async (context) => {
      if (!supported('getRepository')) return context.skip();
      const { provider, repo, sim } = f();
      const byPath = RepositorySchema.parse(
        await provider.getRepository(parseRepoRef(encodeURIComponent(repo.fullName))),
      );
      expect(byPath).toMatchObject({
        id: sim.expected.repositoryId,
        fullName: repo.fullName,
        name: repo.name,
        owner: repo.owner,
        defaultBranch: repo.defaultBranch,
        visibility: repo.visibility,
        archived: repo.archived,
        fork: repo.fork,
        provider: provider.id,
      });
      const byId = await provider.getRepository(parseRepoRef(sim.expected.repositoryId));
      expect(byId.fullName).toBe(repo.fullName);
      expect(byId.id).toBe(sim.expected.repositoryId);
    });

    it('reports an unknown repository as REPOSITORY_NOT_FOUND', async () => {
      const missing = parseRepoRef('no-such-owner%2Fno-such-repo');
      expect(await errorCodeOf(f().provider.getRepository(missing))).toBe('REPOSITORY_NOT_FOUND');
      if (supported('listBranches')) {
        expect(await errorCodeOf(f().provider.listBranches(missing, { limit: 5 }))).toBe(
          'REPOSITORY_NOT_FOUND',
        );
      }
    });
  });

  listing('listBranches', () => ({
    operation: 'listBranches',
    fetch: (query) => f().provider.listBranches(f().ref, query),
    key: (branch) => `${branch.name}@${branch.sha}`,
    expected: f().repo.branches.map((branch) => `${branch.name}@${branch.sha}`),
    schema: BranchSchema,
  }));

  listing('listCommits on the default branch', () => ({
    operation: 'listCommits',
    fetch: (query) => f().provider.listCommits(f().ref, query),
    key: (commit) => commit.sha,
    expected: mainCommits().map((commit) => commit.sha),
    schema: CommitSchema,
    each: (commit) => {
      expect(commit.parents).toEqual(findCommit(f().repo, commit.sha)?.parents);
    },
  }));

  listing('listCommits filtered by branch', () => ({
    operation: 'listCommits',
    fetch: (query) => f().provider.listCommits(f().ref, { ...query, branch: f().branch }),
    key: (commit) => commit.sha,
    expected: (commitsOnBranch(f().repo, f().branch) ?? []).map((commit) => commit.sha),
    schema: CommitSchema,
  }));

  for (const state of ['open', 'closed', 'merged', 'all'] as const) {
    listing(`listPullRequests with state ${state}`, () => ({
      operation: 'listPullRequests',
      fetch: (query) => f().provider.listPullRequests(f().ref, { ...query, state }),
      key: (pr) => String(pr.number),
      expected: pullRequestsByState(f().repo, state).map((pr) => String(pr.number)),
      schema: PullRequestSchema,
      each: (pr) => {
        if (state !== 'all') expect(pr.state).toBe(state);
        const source = f().repo.pullRequests.find((candidate) => candidate.number === pr.number);
        expect(pr).toMatchObject({
          sourceBranch: source?.sourceBranch,
          targetBranch: source?.targetBranch,
          draft: source?.draft,
        });
      },
    }));
  }

  listing('searchPullRequests by repository and state', () => ({
    operation: 'searchPullRequests',
    fetch: (query) =>
      f().provider.searchPullRequests({ ...query, repo: f().repo.fullName, state: 'open' }),
    key: (pr) => `${pr.repository ?? '?'}#${pr.number}`,
    expected: searchPullRequests(f().sim.dataset, { repo: f().repo.fullName, state: 'open' }).map(
      ({ repository, pullRequest }) => `${repository.fullName}#${pullRequest.number}`,
    ),
    schema: PullRequestSchema,
  }));

  listing('searchPullRequests by author across repositories', () => {
    const author = f().repo.pullRequests[0]?.author ?? '';
    return {
      operation: 'searchPullRequests',
      fetch: (query) => f().provider.searchPullRequests({ ...query, author, state: 'all' }),
      key: (pr) => `${pr.repository ?? '?'}#${pr.number}`,
      expected: searchPullRequests(f().sim.dataset, { author, state: 'all' }).map(
        ({ repository, pullRequest }) => `${repository.fullName}#${pullRequest.number}`,
      ),
      schema: PullRequestSchema,
      each: (pr) => {
        expect(pr.author).toBe(author);
      },
    };
  });

  describe('diffs', () => {
    it('getCommitDiff returns the commit’s files and patches', async (context) => {
      if (!supported('getCommitDiff')) return context.skip();
      const commit = [...mainCommits()].sort((a, b) => b.files.length - a.files.length)[0];
      if (commit === undefined) throw new Error('no commits in the dataset');
      const diff = await f().provider.getCommitDiff(f().ref, commit.sha);
      expect(diff.sha).toBe(commit.sha);
      expectDiff(diff, commit.files, f().provider.id);
    });

    it('getPullRequestDiff returns the pull request’s files and patches', async (context) => {
      if (!supported('getPullRequestDiff')) return context.skip();
      for (const pr of f().repo.pullRequests.slice(0, 3)) {
        const diff = await f().provider.getPullRequestDiff(f().ref, pr.number);
        expect(diff.sha).toBe(pr.headSha);
        expectDiff(diff, pr.files, f().provider.id);
      }
    });
  });

  listing('listContributors', () => {
    const byEmail = f().sim.expected.contributorKey === 'email';
    return {
      operation: 'listContributors',
      fetch: (query) => f().provider.listContributors(f().ref, query),
      key: (contributor) =>
        `${(byEmail ? contributor.email : contributor.login) ?? '?'}:${contributor.contributions}`,
      expected: f().repo.contributors.map(
        (contributor) =>
          `${byEmail ? contributor.email : contributor.login}:${contributor.contributions}`,
      ),
      schema: ContributorSchema,
    };
  });

  listing('listTags', () => ({
    operation: 'listTags',
    fetch: (query) => f().provider.listTags(f().ref, query),
    key: (tag) => `${tag.name}@${tag.sha}`,
    expected: f().repo.tags.map((tag) => `${tag.name}@${tag.sha}`),
    schema: TagSchema,
  }));

  listing('listReleases', () => ({
    operation: 'listReleases',
    fetch: (query) => f().provider.listReleases(f().ref, query),
    key: (release) => `${release.id}:${release.tagName}`,
    expected: f().repo.releases.map((release) => `${idOf('release', release)}:${release.tagName}`),
    schema: ReleaseSchema,
  }));

  listing('listChecks on the default branch head', () => ({
    operation: 'listChecks',
    fetch: (query) => f().provider.listChecks(f().ref, query),
    key: (check) => check.id,
    expected: (checksForRef(f().repo) ?? []).map((check) => idOf('check', check)),
    schema: CheckSchema,
  }));

  listing('listChecks filtered by ref (a sha)', () => ({
    operation: 'listChecks',
    fetch: (query) => f().provider.listChecks(f().ref, { ...query, ref: f().branchHead }),
    key: (check) => check.id,
    expected: (checksForRef(f().repo, f().branchHead) ?? []).map((check) => idOf('check', check)),
    schema: CheckSchema,
    each: (check) => {
      expect(check.sha).toBe(f().branchHead);
    },
  }));

  listing('listChecks filtered by branch', () => ({
    operation: 'listChecks',
    fetch: (query) => f().provider.listChecks(f().ref, { ...query, branch: f().branch }),
    key: (check) => check.id,
    expected: (checksForRef(f().repo, f().branch) ?? []).map((check) => idOf('check', check)),
    schema: CheckSchema,
    each: (check) => {
      expect(check.sha).toBe(f().branchHead);
    },
  }));

  listing('listDeployments', () => ({
    operation: 'listDeployments',
    fetch: (query) => f().provider.listDeployments(f().ref, query),
    key: (deployment) => `${deployment.id}:${deployment.state}`,
    expected: deploymentsFor(f().repo).map(
      (deployment) => `${idOf('deployment', deployment)}:${deployment.state}`,
    ),
    schema: DeploymentSchema,
  }));

  listing('listDeployments filtered by environment', () => ({
    operation: 'listDeployments',
    fetch: (query) =>
      f().provider.listDeployments(f().ref, { ...query, environment: 'production' }),
    key: (deployment) => deployment.id,
    expected: deploymentsFor(f().repo, { environment: 'production' }).map((deployment) =>
      idOf('deployment', deployment),
    ),
    schema: DeploymentSchema,
    each: (deployment) => {
      expect(deployment.environment).toBe('production');
    },
  }));

  const treeCases = [
    { title: 'the root', query: {} },
    { title: 'the whole tree, recursively', query: { recursive: true } },
    { title: 'a directory', query: { path: 'src' } },
    { title: 'a directory, recursively', query: { path: 'docs', recursive: true } },
    { title: 'a branch, recursively', query: { recursive: true }, onBranch: true },
  ] as const;
  for (const treeCase of treeCases) {
    listing(`listFileTree of ${treeCase.title}`, () => {
      const onBranch = 'onBranch' in treeCase;
      const head = onBranch ? f().branchHead : (mainCommits()[0]?.sha ?? '');
      const commit = findCommit(f().repo, head);
      if (commit === undefined) throw new Error(`no commit ${head}`);
      const query: { path?: string; recursive?: boolean; branch?: string } = {
        ...treeCase.query,
      };
      if (onBranch) query.branch = f().branch;
      return {
        operation: 'listFileTree',
        fetch: (page) => f().provider.listFileTree(f().ref, { ...page, ...query }),
        key: (entry) => `${entry.type}:${entry.path}`,
        expected: (treeEntries(commit, query) ?? []).map((entry) => `${entry.type}:${entry.path}`),
        schema: FileTreeEntrySchema,
      };
    });
  }
}
