// Upstream requests per page (issue #21: one per unified page), counted in the simulator's request
// log: the default branch is looked up once per adapter and reused for a minute, and the checks'
// first page names the commit by its ref instead of resolving it first.
import { collectAll, paginate, parseRepoRef } from '@scm/core';
import { findRepositoryOrThrow, manualClock } from '@scm/testkit';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitLabProvider } from './gitlab-provider.js';

describe('GitLab upstream requests per page', () => {
  let sim: GitLabSimulator;
  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 3 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const counted = async <T>(run: () => Promise<T>): Promise<[T, string[]]> => {
    sim.requests.clear();
    const result = await run();
    return [result, sim.requests.entries.map((entry) => entry.route ?? entry.path)];
  };

  it('lists checks in one request per page once the default branch is known', async () => {
    const clock = manualClock();
    const scm = createGitLabProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'private-token', token: sim.tokens.personalToken },
      clock,
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      const [first, cold] = await counted(() => scm.listChecks(repo, { limit: 2 }));
      expect(cold).toEqual([
        '/api/v4/projects/:repo',
        '/api/v4/projects/:repo/repository/commits/:sha/statuses',
      ]);
      expect(first.items.length).toBe(2);
      expect(first.nextCursor).not.toBeNull();
      const [again, warm] = await counted(() => scm.listChecks(repo, { limit: 2 }));
      expect(warm).toEqual(['/api/v4/projects/:repo/repository/commits/:sha/statuses']);
      expect(again).toEqual(first);
      const [, next] = await counted(() =>
        scm.listChecks(repo, { limit: 2, cursor: first.nextCursor ?? '' }),
      );
      expect(next).toHaveLength(1);
      // Every page of the walk (statuses, then pipelines) is one request.
      const [all, walk] = await counted(() =>
        collectAll(paginate((page) => scm.listChecks(repo, page), { limit: 2 })),
      );
      expect(walk.length).toBe(Math.ceil(all.length / 2) + (all.length % 2 === 0 ? 1 : 0));
      expect(new Set(all.map((check) => check.kind))).toEqual(
        new Set(['commit_status', 'pipeline']),
      );
      // After a minute the default branch is read again.
      clock.advance(61_000);
      const [, expired] = await counted(() => scm.listChecks(repo, { limit: 2 }));
      expect(expired[0]).toBe('/api/v4/projects/:repo');
    } finally {
      await scm.close();
    }
  });

  it('keeps the default branch per adapter: another credential looks it up itself', async () => {
    const one = createGitLabProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'private-token', token: sim.tokens.personalToken },
    });
    const other = createGitLabProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'private-token', token: sim.tokens.personalToken },
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      await one.listChecks(repo, { limit: 2 });
      const [, requests] = await counted(() => other.listChecks(repo, { limit: 2 }));
      expect(requests[0]).toBe('/api/v4/projects/:repo');
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('a branch given by the caller costs one request: no lookup of its commit first', async () => {
    const scm = createGitLabProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'private-token', token: sim.tokens.personalToken },
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      const project = await scm.getRepository(repo);
      const [, byBranch] = await counted(() =>
        scm.listChecks(repo, { limit: 2, branch: project.defaultBranch ?? 'main' }),
      );
      expect(byBranch).toEqual(['/api/v4/projects/:repo/repository/commits/:sha/statuses']);
      // A branch whose head has no statuses: its sha is resolved for the pipelines.
      const dataset = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
      const bare = dataset.branches.find(
        (branch) =>
          !dataset.checks.some(
            (check) => check.sha === branch.sha && check.kind === 'commit_status',
          ) && dataset.checks.some((check) => check.sha === branch.sha),
      );
      expect(bare).toBeDefined();
      const [pipelines, bareRequests] = await counted(() =>
        scm.listChecks(repo, { limit: 5, branch: bare?.name ?? '' }),
      );
      expect(bareRequests).toEqual([
        '/api/v4/projects/:repo/repository/commits/:sha/statuses',
        '/api/v4/projects/:repo/repository/commits/:sha',
        '/api/v4/projects/:repo/pipelines',
      ]);
      expect(pipelines.items.length).toBeGreaterThan(0);
      expect(pipelines.items.every((check) => check.sha === bare?.sha)).toBe(true);
    } finally {
      await scm.close();
    }
  });
});
