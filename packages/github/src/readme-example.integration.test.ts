import { readFileSync } from 'node:fs';
import { collectAll, paginate, parseRepoRef, ScmError } from '@scm/core';
import { commitsOnBranch, findRepositoryOrThrow, pullRequestsByState } from '@scm/testkit';
import { startGitHubSimulator } from '@scm/testkit/github';
import { expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';

// The README's example, step for step, so the README stays true.
it('runs the README example against the simulator', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const line of [
    "auth: { type: 'token', token: simulator.token },",
    'baseUrl: simulator.enterpriseBaseUrl, // https://ghe.example.com/api/v3 in real life',
    'privateKey: simulator.app.privateKey, // the PEM GitHub gave you',
    'const branches = await app.listBranches(repo, { limit: 100 });',
  ])
    expect(readme).toContain(line);

  const simulator = await startGitHubSimulator();

  const github = createGitHubProvider({
    baseUrl: simulator.baseUrl,
    auth: { type: 'token', token: simulator.token },
  });
  const repo = parseRepoRef(encodeURIComponent(simulator.expected.repository));
  const open = await collectAll(
    paginate((page) => github.listPullRequests(repo, { ...page, state: 'open' }), { limit: 50 }),
  );

  const ghes = createGitHubProvider({
    baseUrl: simulator.enterpriseBaseUrl,
    auth: { type: 'token', token: simulator.token },
  });
  const repository = await ghes.getRepository(repo);

  const app = createGitHubProvider({
    baseUrl: simulator.baseUrl,
    auth: {
      type: 'app',
      appId: simulator.app.id,
      privateKey: simulator.app.privateKey,
      owner: repository.owner,
    },
  });
  const branches = await app.listBranches(repo, { limit: 100 });

  try {
    const dataset = findRepositoryOrThrow(simulator.dataset, simulator.expected.repository);
    expect(open.map((pr) => pr.number).sort()).toEqual(
      pullRequestsByState(dataset, 'open')
        .map((pr) => pr.number)
        .sort(),
    );
    expect(repository.webUrl).toBe(`${simulator.webUrl}/${simulator.expected.repository}`);
    expect(simulator.requests.count({ path: /^\/api\/v3\/repos\// })).toBe(1);
    expect(branches.items.map((branch) => branch.name).sort()).toEqual(
      dataset.branches.map((branch) => branch.name).sort(),
    );
  } finally {
    await Promise.all([github.close(), ghes.close(), app.close()]);
    await simulator.stop();
  }
});

// The root README's "Use an adapter" example, step for step.
it('runs the root README example against the simulator', async () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  for (const line of [
    "import { createGitHubProvider } from '@scm/github';",
    "auth: { type: 'token', token: simulator.token },",
    'const commits = await collectAll(paginate((page) => github.listCommits(repo, page), { limit: 50 }));',
    "await github.getRepository(parseRepoRef('999999'))",
  ])
    expect(readme).toContain(line);

  const simulator = await startGitHubSimulator();
  const github = createGitHubProvider({
    baseUrl: simulator.baseUrl,
    auth: { type: 'token', token: simulator.token },
  });
  try {
    const repo = parseRepoRef(encodeURIComponent(simulator.expected.repository));
    const commits = await collectAll(
      paginate((page) => github.listCommits(repo, page), { limit: 50 }),
    );
    const expected = findRepositoryOrThrow(simulator.dataset, simulator.expected.repository);
    const onDefault = commitsOnBranch(expected, expected.defaultBranch) ?? [];
    expect(onDefault.length).toBeGreaterThan(1);
    expect(commits.map((commit) => commit.sha)).toEqual(onDefault.map((commit) => commit.sha));
    const missing = await github
      .getRepository(parseRepoRef('999999'))
      .catch((error: unknown) => error);
    expect(ScmError.isInstance(missing) && missing.code).toBe('REPOSITORY_NOT_FOUND');
  } finally {
    await github.close();
    await simulator.stop();
  }
});
