// Upstream requests per page (issue #21: one per unified page), counted in the simulator's request
// log: the default branch (checks and the file tree at no ref) is looked up once per adapter and
// reused for a minute; a cursor pins what its page needs.
import { parseRepoRef } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';
import { manualClock } from '@scm/testkit';

describe('GitHub upstream requests per page', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 3 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const counted = async <T>(run: () => Promise<T>): Promise<[T, string[]]> => {
    sim.requests.clear();
    const result = await run();
    return [result, sim.requests.entries.map((entry) => entry.path)];
  };
  const repoPath = () => `/repos/${sim.expected.repository}`;

  it('lists checks and the file tree in one request per page once the default branch is known', async () => {
    const clock = manualClock();
    const scm = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
      clock,
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      const [checks, cold] = await counted(() => scm.listChecks(repo, { limit: 2 }));
      expect(cold).toHaveLength(2);
      expect(cold[0]).toBe(repoPath());
      expect(cold[1]).toMatch(/\/check-runs$/);
      const [again, warm] = await counted(() => scm.listChecks(repo, { limit: 2 }));
      expect(warm).toHaveLength(1);
      expect(again).toEqual(checks);
      const [, next] = await counted(() =>
        scm.listChecks(repo, { limit: 2, cursor: checks.nextCursor ?? '' }),
      );
      expect(next).toHaveLength(1);
      const [tree, treeFirst] = await counted(() => scm.listFileTree(repo, { limit: 2 }));
      expect(treeFirst).toHaveLength(1);
      expect(treeFirst[0]).toMatch(/\/git\/trees\//);
      const [, treeNext] = await counted(() =>
        scm.listFileTree(repo, { limit: 2, cursor: tree.nextCursor ?? '' }),
      );
      expect(treeNext).toHaveLength(1);
      clock.advance(61_000);
      const [, expired] = await counted(() => scm.listFileTree(repo, { limit: 2 }));
      expect(expired[0]).toBe(repoPath());
      expect(expired).toHaveLength(2);
    } finally {
      await scm.close();
    }
  });

  it('lists deployments with their latest status in one GraphQL request per page', async () => {
    const scm = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      const [first, requests] = await counted(() => scm.listDeployments(repo, { limit: 3 }));
      expect(requests).toEqual(['/graphql']);
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toMatch(/^g:/);
      const [second, next] = await counted(() =>
        scm.listDeployments(repo, { limit: 3, cursor: first.nextCursor ?? '' }),
      );
      expect(next).toEqual(['/graphql']);
      // The same deployments, states and links as the REST list and one status read each.
      const [rest, restRequests] = await counted(() =>
        scm.listDeployments(repo, { limit: 6, cursor: '1' }),
      );
      expect(restRequests).toHaveLength(1 + 6);
      expect([...first.items, ...second.items]).toEqual(rest.items);
      const environment = first.items[0]?.environment ?? '';
      const filtered = await scm.listDeployments(repo, { limit: 100, environment });
      expect(filtered.items.length).toBeGreaterThan(0);
      expect(filtered.items.every((item) => item.environment === environment)).toBe(true);
      await expect(
        scm.listDeployments(parseRepoRef('acme%2Fno-such-repository'), { limit: 3 }),
      ).rejects.toMatchObject({ code: 'REPOSITORY_NOT_FOUND' });
    } finally {
      await scm.close();
    }
  });

  it('keeps the default branch per adapter: another credential looks it up itself', async () => {
    const one = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
    });
    const other = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
    });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    try {
      await one.listChecks(repo, { limit: 2 });
      const [, requests] = await counted(() => other.listChecks(repo, { limit: 2 }));
      expect(requests[0]).toBe(repoPath());
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('a failed default-branch lookup is not kept', async () => {
    const scm = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
    });
    const missing = parseRepoRef('acme%2Fno-such-repository');
    try {
      await expect(scm.listChecks(missing, { limit: 2 })).rejects.toThrow();
      const [, requests] = await counted(() =>
        scm.listChecks(missing, { limit: 2 }).catch(() => null),
      );
      expect(requests[0]).toBe('/repos/acme/no-such-repository');
    } finally {
      await scm.close();
    }
  });
});
