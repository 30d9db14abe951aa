// Upstream requests per page (issue #21: one per unified page), counted in the simulator's request
// log. The main branch and the environments' names are read once per adapter and kept a minute;
// the checks' and the file tree's cursors pin the commit the first page resolved.
import { collectAll, paginate, parseRepoRef, type Clock, type RepoRef } from '@scm/core';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitbucketProvider } from './bitbucket-provider.js';
import { manualClock } from '@scm/testkit';

describe('Bitbucket upstream requests per page', () => {
  let sim: BitbucketSimulator;
  let repo: RepoRef;
  beforeAll(async () => {
    sim = await startBitbucketSimulator({ seed: 3 });
    repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
  });
  afterAll(async () => {
    await sim.stop();
  });

  const counted = async <T>(run: () => Promise<T>): Promise<[T, string[]]> => {
    sim.requests.clear();
    const result = await run();
    return [result, sim.requests.entries.map((entry) => entry.path)];
  };
  const provider = (clock?: Clock) =>
    createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      webBaseUrl: sim.webBaseUrl,
      auth: { type: 'access-token', token: sim.accessToken },
      ...(clock === undefined ? {} : { clock }),
    });

  it('commits: one request per page once the main branch is known', async () => {
    const clock = manualClock();
    const scm = provider(clock);
    try {
      const [first, cold] = await counted(() => scm.listCommits(repo, { limit: 3 }));
      expect(cold).toHaveLength(2);
      expect(cold[1]).toMatch(/\/commits\/[^/]+$/);
      const [again, warm] = await counted(() => scm.listCommits(repo, { limit: 3 }));
      expect(warm).toHaveLength(1);
      expect(again).toEqual(first);
      const [, next] = await counted(() =>
        scm.listCommits(repo, { limit: 3, cursor: first.nextCursor ?? '' }),
      );
      expect(next).toHaveLength(1);
      clock.advance(61_000);
      const [, expired] = await counted(() => scm.listCommits(repo, { limit: 3 }));
      expect(expired).toHaveLength(2);
    } finally {
      await scm.close();
    }
  });

  it('checks and the file tree: later pages pinned to the commit, one request each; a file by its ref in one', async () => {
    const scm = provider();
    try {
      const [checks, cold] = await counted(() => scm.listChecks(repo, { limit: 1 }));
      // the main branch, its head commit, the statuses
      expect(cold).toHaveLength(3);
      expect(checks.nextCursor).not.toBeNull();
      const [, warm] = await counted(() => scm.listChecks(repo, { limit: 1 }));
      expect(warm).toHaveLength(2);
      const [, next] = await counted(() =>
        scm.listChecks(repo, { limit: 1, cursor: checks.nextCursor ?? '' }),
      );
      expect(next).toHaveLength(1);
      const [all, walk] = await counted(() =>
        collectAll(paginate((page) => scm.listChecks(repo, page), { limit: 2 })),
      );
      expect(all.length).toBeGreaterThan(0);
      // one resolution of the branch, then one request per page
      expect(walk.length).toBeLessThanOrEqual(1 + Math.ceil(all.length / 2) + 2);
      const [tree, treeFirst] = await counted(() =>
        scm.listFileTree(repo, { limit: 2, recursive: true }),
      );
      // the main branch is known: the listing at it, by name
      expect(treeFirst).toHaveLength(1);
      expect(tree.nextCursor).toMatch(/~[0-9a-f]{40}$/);
      const [, treeNext] = await counted(() =>
        scm.listFileTree(repo, { limit: 2, recursive: true, cursor: tree.nextCursor ?? '' }),
      );
      expect(treeNext).toHaveLength(1);
      expect(treeNext[0]).toMatch(/\/src\/[0-9a-f]{40}\//);
      const file = tree.items.find((entry) => entry.type === 'file');
      expect(file).toBeDefined();
      const [content, read] = await counted(() =>
        scm.getFileContent(repo, { path: file?.path ?? '' }),
      );
      expect(read).toHaveLength(1);
      expect(content.path).toBe(file?.path);
    } finally {
      await scm.close();
    }
  });

  it('deployments: the environments are read once, not on every page', async () => {
    const scm = provider();
    try {
      const [first, cold] = await counted(() => scm.listDeployments(repo, { limit: 2 }));
      expect(cold.filter((path) => path.endsWith('/environments'))).toHaveLength(1);
      expect(cold).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      expect(first.items.every((deployment) => !deployment.environment.startsWith('{'))).toBe(true);
      const [, next] = await counted(() =>
        scm.listDeployments(repo, { limit: 2, cursor: first.nextCursor ?? '' }),
      );
      expect(next).toHaveLength(1);
      expect(next[0]).toMatch(/\/deployments$/);
    } finally {
      await scm.close();
    }
  });

  it('keeps the main branch per adapter: another credential looks it up itself', async () => {
    const one = provider();
    const other = provider();
    try {
      await one.listCommits(repo, { limit: 1 });
      const [, requests] = await counted(() => other.listCommits(repo, { limit: 1 }));
      expect(requests).toHaveLength(2);
    } finally {
      await one.close();
      await other.close();
    }
  });
});
