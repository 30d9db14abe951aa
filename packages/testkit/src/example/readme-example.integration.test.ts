import { collectAll, paginate, parseRepoRef, ScmError } from '@scm/core';
import { expect, it } from 'vitest';
import { createExampleProvider, startExampleSimulator } from '../index.js';
import { commitsOnBranch } from '../dataset/index.js';

// The testkit README's example provider walkthrough: the template a new adapter starts from.
it('runs the README example against the simulator', async () => {
  const simulator = await startExampleSimulator({ seed: 1 });
  const scm = createExampleProvider({ baseUrl: simulator.url, token: simulator.token });
  try {
    const first = simulator.dataset.repositories[0]!;
    const repo = parseRepoRef(encodeURIComponent(first.fullName));
    const commits = await collectAll(
      paginate((page) => scm.listCommits(repo, page), { limit: 50 }),
    );
    const expected = commitsOnBranch(first, first.defaultBranch) ?? [];
    expect(expected.length).toBeGreaterThan(1);
    expect(commits.map((commit) => commit.sha)).toEqual(expected.map((commit) => commit.sha));
    expect(commits[0]?.message).toBe(expected[0]?.message);

    const missing = await scm
      .getRepository(parseRepoRef('999999'))
      .catch((error: unknown) => error);
    expect(ScmError.isInstance(missing) && missing.code).toBe('REPOSITORY_NOT_FOUND');
  } finally {
    await scm.close();
    await simulator.stop();
  }
});
