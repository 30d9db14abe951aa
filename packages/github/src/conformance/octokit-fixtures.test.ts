import { parseRepoRef } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { nextPage } from '../github-pagination.js';
import { createGitHubProvider, type GitHubProvider } from '../github-provider.js';
import { loadScenario, replay } from './octokit-fixtures.js';

// Recorded api.github.com exchanges from @octokit/fixtures, replayed through undici's MockAgent
// (no network), for the scenarios that touch the adapter's operations. The mapped results are
// compared with golden files in __fixtures__/.

const TOKEN = '0000000000000000000000000000000000000001';

function golden(name: string, actual: unknown): void {
  expectGolden(actual, goldenPath(import.meta.url, name));
}

describe('@octokit/fixtures scenarios replayed against the adapter', () => {
  let agent: MockAgent;
  let provider: GitHubProvider;

  const setup = (scenario: string, pick?: (index: number) => boolean): void => {
    agent = new MockAgent();
    agent.disableNetConnect();
    replay(
      agent,
      loadScenario(scenario).filter((_, index) => pick?.(index) ?? true),
    );
    provider = createGitHubProvider({
      auth: { type: 'token', token: TOKEN },
      dispatcher: agent,
      retry: { maxRetries: 0 },
    });
  };

  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await provider.close();
    await agent.close();
  });

  it('get-repository: a repository by owner/name', async () => {
    setup('get-repository');
    golden(
      'get-repository',
      await provider.getRepository(parseRepoRef('octokit-fixture-org/hello-world')),
    );
  });

  it('rename-repository: a repository by its stable id', async () => {
    // The scenario's GET /repositories/1000 (the renamed repository).
    setup('rename-repository', (index) => index === 2);
    golden('rename-repository', await provider.getRepository(parseRepoRef('1000')));
  });

  it('rename-repository: the old name answers 301 to the stable id, which the adapter follows', async () => {
    setup('rename-repository', (index) => index === 1 || index === 2);
    golden(
      'rename-repository',
      await provider.getRepository(parseRepoRef('octokit-fixture-org/rename-repository')),
    );
  });

  it('add-labels-to-issue: labels added to an issue or pull request', async () => {
    setup('add-labels-to-issue', (index) => index === 1);
    golden(
      'add-labels-to-issue',
      await provider.addLabels(parseRepoRef('octokit-fixture-org/add-labels-to-issue'), {
        number: 1,
        labels: ['Foo', 'bAr', 'baZ'],
      }),
    );
  });

  it('create-status: commit statuses set on a commit', async () => {
    setup('create-status', (index) => index < 2);
    const repo = parseRepoRef('octokit-fixture-org/create-status');
    const sha = '0000000000000000000000000000000000000001';
    const failure = await provider.setCommitStatus(repo, {
      sha,
      state: 'failure',
      targetUrl: 'https://example.com',
      description: 'create-status failure test',
      context: 'example/1',
    });
    const success = await provider.setCommitStatus(repo, {
      sha,
      state: 'success',
      targetUrl: 'https://example.com',
      description: 'create-status success test',
      context: 'example/2',
    });
    golden('create-status', [failure, success]);
  });
});

describe('@octokit/fixtures pagination headers', () => {
  it('paginate-issues: GitHub’s real Link headers become page numbers, never URLs', () => {
    const pages = loadScenario('paginate-issues').map((fixture) => nextPage(fixture.headers ?? {}));
    // The next links point at /repositories/1000/…, not the requested path: only `page` is kept.
    expect(pages).toEqual(['2', '3', '4', '5', null]);
  });
});
