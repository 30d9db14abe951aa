import { collectAll, paginate, parseRepoRef } from '@scm/core';
import { commitsOnBranch, findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';
import type { GitHubProviderSettings } from './github-settings.js';

const FAST_RETRY = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 };

describe('createGitHubProvider against the simulator', () => {
  let sim: GitHubSimulator;
  const providers: { close(): Promise<void> }[] = [];
  const make = (
    overrides: Partial<GitHubProviderSettings> = {},
  ): ReturnType<typeof createGitHubProvider> => {
    const provider = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
      retry: FAST_RETRY,
      ...overrides,
    });
    providers.push(provider);
    return provider;
  };
  const repoOf = () => findRepositoryOrThrow(sim.dataset, sim.expected.repository);
  const ref = () => parseRepoRef(encodeURIComponent(sim.expected.repository));

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 3, commitFilesPerPage: 2 });
  });
  afterEach(() => {
    sim.faults.clear();
    sim.requests.clear();
  });
  afterAll(async () => {
    for (const provider of providers) await provider.close();
    await sim.stop();
  });

  describe('GitHub Enterprise Server base URLs', () => {
    it('calls the API under /api/v3 and links to the web root', async () => {
      const provider = make({ baseUrl: sim.enterpriseBaseUrl });
      expect(provider.webUrl).toBe(sim.webUrl);
      const repository = await provider.getRepository(ref());
      expect(repository.webUrl).toBe(`${sim.webUrl}/${sim.expected.repository}`);
      const [org] = (await provider.listOrganizations({ limit: 1 })).items;
      expect(org?.webUrl).toBe(`${sim.webUrl}/${org?.login ?? ''}`);
      expect(sim.requests.entries.map((entry) => entry.path)).toEqual([
        `/api/v3/repos/${sim.expected.repository}`,
        '/api/v3/user/orgs',
      ]);
    });

    it('follows pages under the prefix with page numbers only', async () => {
      const provider = make({ baseUrl: `${sim.enterpriseBaseUrl}/` });
      const branches = await collectAll(
        paginate((query) => provider.listBranches(ref(), query), { limit: 1 }),
      );
      expect(branches.map((branch) => branch.name).sort()).toEqual(
        repoOf()
          .branches.map((branch) => branch.name)
          .sort(),
      );
      expect(sim.requests.entries.every((entry) => entry.path.startsWith('/api/v3/'))).toBe(true);
    });
  });

  describe('pull request states', () => {
    it('keeps closed-unmerged and merged apart although GitHub lists both as closed', async () => {
      const provider = make();
      const closed = await collectAll(
        paginate((query) => provider.listPullRequests(ref(), { ...query, state: 'closed' })),
      );
      const merged = await collectAll(
        paginate((query) => provider.listPullRequests(ref(), { ...query, state: 'merged' })),
      );
      const expected = (state: string): number[] =>
        repoOf()
          .pullRequests.filter((pr) => pr.state === state)
          .map((pr) => pr.number)
          .sort();
      expect(closed.map((pr) => pr.number).sort()).toEqual(expected('closed'));
      expect(merged.map((pr) => pr.number).sort()).toEqual(expected('merged'));
      expect(merged.every((pr) => pr.mergedAt !== null)).toBe(true);
      expect(closed.every((pr) => pr.mergedAt === null && pr.closedAt !== null)).toBe(true);
      expect(sim.requests.entries.every((entry) => entry.query.state === 'closed')).toBe(true);
    });

    it('searches with is:pr qualifiers and is:unmerged for closed', async () => {
      const provider = make();
      const repo = repoOf();
      const found = await collectAll(
        paginate((query) =>
          provider.searchPullRequests({ ...query, repo: repo.fullName, state: 'closed' }),
        ),
      );
      expect(found.map((pr) => pr.number).sort()).toEqual(
        repo.pullRequests
          .filter((pr) => pr.state === 'closed')
          .map((pr) => pr.number)
          .sort(),
      );
      expect(sim.requests.entries[0]?.query.q).toBe(
        `is:pr is:closed is:unmerged repo:${repo.fullName}`,
      );
    });
  });

  describe('diffs', () => {
    it('falls back to the diff media type when GitHub pages a commit’s files', async () => {
      const provider = make();
      const commit = [...(commitsOnBranch(repoOf(), repoOf().defaultBranch) ?? [])].sort(
        (a, b) => b.files.length - a.files.length,
      )[0];
      if (commit === undefined || commit.files.length <= 2)
        throw new Error('the dataset needs a commit with more than two files');
      const diff = await provider.getCommitDiff(ref(), commit.sha);
      expect(diff.truncated).toBe(false);
      expect(diff.files.map((file) => [file.path, file.status, file.patch]).sort()).toEqual(
        commit.files.map((file) => [file.path, file.status, file.patch]).sort(),
      );
      const accepts = sim.requests.entries.map((entry) => entry.headers.accept);
      expect(accepts).toEqual(['application/vnd.github+json', 'application/vnd.github.diff']);
    });

    it('does not ask for the diff when the file list is complete', async () => {
      const provider = make();
      const commit = repoOf().commits.find(
        (candidate) => candidate.files.length > 0 && candidate.files.length <= 2,
      );
      if (commit === undefined) throw new Error('the dataset needs a small commit');
      const diff = await provider.getCommitDiff(ref(), commit.sha);
      expect(diff.files).toHaveLength(commit.files.length);
      expect(sim.requests.count()).toBe(1);
    });

    it('collects every page of a pull request’s files', async () => {
      const provider = make();
      const pr = [...repoOf().pullRequests].sort((a, b) => b.files.length - a.files.length)[0];
      if (pr === undefined) throw new Error('no pull request');
      const diff = await provider.getPullRequestDiff(ref(), pr.number);
      expect([diff.sha, diff.baseSha]).toEqual([pr.headSha, pr.baseSha]);
      expect(diff.files.map((file) => file.path).sort()).toEqual(
        pr.files.map((file) => file.path).sort(),
      );
    });
  });
});
