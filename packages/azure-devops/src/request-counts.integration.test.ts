// Upstream requests per page (issue #21: one per unified page), counted in the simulator's request
// log. Checks: the repository is read once per adapter and kept a minute, and the cursor pins the
// commit the first page resolved. Commits: Azure's commit list has no parents and cuts messages,
// so each commit is read in full once; commits already read are not read again.
import { parseRepoRef, type Clock, type RepoRef } from '@scm/core';
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureDevOpsProvider } from './azure-provider.js';
import { manualClock } from '@scm/testkit';

describe('Azure DevOps upstream requests per page', () => {
  let sim: AzureSimulator;
  let repo: RepoRef;
  beforeAll(async () => {
    sim = await startAzureSimulator({ seed: 3 });
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
    createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      auth: { type: 'pat', token: sim.personalAccessToken },
      ...(clock === undefined ? {} : { clock }),
    });

  it('checks: the repository kept a minute, later pages pinned to the commit (one request)', async () => {
    const clock = manualClock();
    const scm = provider(clock);
    try {
      const [first, cold] = await counted(() => scm.listChecks(repo, { limit: 1 }));
      // the repository, the branch head, the statuses
      expect(cold).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const [again, warm] = await counted(() => scm.listChecks(repo, { limit: 1 }));
      expect(warm).toHaveLength(2);
      expect(warm[1]).toMatch(/\/statuses$/);
      expect(again).toEqual(first);
      let cursor = first.nextCursor;
      for (let page = 0; cursor !== null && page < 20; page += 1) {
        const [next, requests] = await counted(() =>
          scm.listChecks(repo, { limit: 1, cursor: cursor ?? '' }),
        );
        expect(requests).toHaveLength(1);
        cursor = next.nextCursor;
      }
      clock.advance(61_000);
      const [, expired] = await counted(() => scm.listChecks(repo, { limit: 1 }));
      expect(expired).toHaveLength(3);
    } finally {
      await scm.close();
    }
  });

  it('commits: a page of commits already read costs the list request alone', async () => {
    const scm = provider();
    try {
      const [first, cold] = await counted(() => scm.listCommits(repo, { limit: 3 }));
      expect(first.items).toHaveLength(3);
      expect(cold).toHaveLength(1 + 3);
      const [again, warm] = await counted(() => scm.listCommits(repo, { limit: 3 }));
      expect(warm).toHaveLength(1);
      expect(again).toEqual(first);
      const other = provider();
      try {
        const [, otherCredential] = await counted(() => other.listCommits(repo, { limit: 3 }));
        expect(otherCredential).toHaveLength(1 + 3);
      } finally {
        await other.close();
      }
    } finally {
      await scm.close();
    }
  });
});
