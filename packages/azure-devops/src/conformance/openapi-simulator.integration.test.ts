import {
  collectAll,
  paginate,
  parseRepoRef,
  type Page,
  type PageQuery,
  type ScmProvider,
} from '@scm/core';
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureDevOpsProvider } from '../azure-provider.js';
import { capturingDispatcher } from './capturing-dispatcher.js';
import { UNDESCRIBED_OPERATIONS } from './azure-openapi-drift.js';
import { createAzureValidator } from './azure-openapi-validator.js';

/** Runs every operation the adapter serves against the simulator, errors included. */
async function driveEverything(sim: AzureSimulator, provider: ScmProvider): Promise<void> {
  const repo = sim.dataset.repositories.find(
    (candidate) => candidate.fullName === sim.expected.repository,
  );
  if (repo === undefined) throw new Error('no repository');
  const ref = parseRepoRef(encodeURIComponent(repo.fullName));
  const byId = parseRepoRef(sim.expected.repositoryId);
  const all = <T>(fetch: (page: PageQuery) => Promise<Page<T>>) =>
    collectAll(paginate(fetch, { limit: 7 }));
  const pr = repo.pullRequests[0];
  const missing = parseRepoRef(encodeURIComponent(`${sim.organization}/nobody/nothing`));
  if (pr === undefined) throw new Error('no pull request');
  await provider.getViewer();
  await all((page) => provider.listOrganizations(page));
  await all((page) => provider.listRepositories(page));
  await all((page) => provider.listRepositories({ ...page, owner: repo.owner }));
  await provider.getRepository(ref);
  await provider.getRepository(byId);
  await all((page) => provider.listBranches(ref, page));
  await all((page) => provider.listTags(ref, page));
  await all((page) =>
    provider
      .listCommits(ref, { ...page, limit: 5 })
      .then((result) => ({ ...result, nextCursor: null })),
  );
  await all((page) => provider.listCommits(ref, { ...page, branch: pr.sourceBranch }));
  await provider.getCommitDiff(ref, repo.commits[0]?.sha ?? '');
  for (const state of ['open', 'closed', 'merged', 'all'] as const)
    await all((page) => provider.listPullRequests(ref, { ...page, state }));
  await provider.getPullRequestDiff(ref, pr.number);
  await all((page) => provider.searchPullRequests({ ...page, repo: repo.fullName, state: 'open' }));
  await all((page) => provider.searchPullRequests({ ...page, author: pr.author, state: 'all' }));
  await all((page) => provider.listChecks(ref, page));
  await all((page) => provider.listChecks(ref, { ...page, branch: pr.sourceBranch }));
  await all((page) => provider.listFileTree(ref, { ...page, recursive: true }));
  await all((page) =>
    provider.listFileTree(ref, { ...page, path: 'src', branch: pr.sourceBranch }),
  );
  const hook = await provider.createWebhook(ref, {
    callbackUrl: 'https://hooks.example.test/in',
    events: ['push', 'pull_request'],
    active: true,
    secret: 's3cret',
  });
  await provider.deleteWebhook(ref, hook.id);
  await provider.deleteWebhook(ref, hook.id).catch(() => undefined);
  await provider.createComment(ref, { number: pr.number, body: 'LGTM' });
  await provider.addLabels(ref, { number: pr.number, labels: ['reviewed'] });
  await provider.setCommitStatus(ref, { sha: pr.headSha, state: 'pending', context: 'ci/build' });
  await provider.getRepository(missing).catch(() => undefined);
  await provider.listBranches(missing, { limit: 5 }).catch(() => undefined);
}

describe('the Azure DevOps simulator speaks Microsoft’s REST 7.1 descriptions', () => {
  let sim: AzureSimulator;
  let capture: ReturnType<typeof capturingDispatcher>;
  beforeAll(async () => {
    sim = await startAzureSimulator({ seed: 11 });
    capture = capturingDispatcher();
    const settings = {
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      dispatcher: capture.dispatcher,
      retry: { maxRetries: 0 },
    };
    const provider = createAzureDevOpsProvider({
      ...settings,
      auth: { type: 'pat', token: sim.personalAccessToken },
    });
    const refused = createAzureDevOpsProvider({
      ...settings,
      auth: { type: 'pat', token: 'wrong' },
    });
    try {
      await driveEverything(sim, provider);
      // A refused PAT gets the HTML sign-in page; injected faults answer in Azure's error shape.
      await refused.getViewer().catch(() => undefined);
      sim.faults.inject(
        { route: '/_apis/profile/profiles/:id' },
        { status: 429, retryAfterSeconds: 120, times: 1 },
      );
      await provider.getViewer().catch(() => undefined);
      sim.faults.inject('*', { status: 503, times: 1 });
      await provider.getRepository(parseRepoRef(sim.expected.repositoryId)).catch(() => undefined);
    } finally {
      await provider.close();
      await refused.close();
    }
  });
  afterAll(async () => {
    await capture.close();
    await sim.stop();
  });

  it('validates every JSON response against its operation’s response schema (lenient mode)', () => {
    const validator = createAzureValidator();
    const failures: string[] = [];
    const seen = new Set<string>();
    const undescribed = new Set<string>();
    let validated = 0;
    for (const response of capture.captured) {
      const [path = '', rawQuery = ''] = response.path.split('?');
      const query = new URLSearchParams(rawQuery);
      expect(query.get('api-version'), path).toBe('7.1');
      const operation = validator.match(response.method, path);
      if (operation === undefined) {
        const known = UNDESCRIBED_OPERATIONS.find(
          (entry) => entry.method === response.method && entry.path.test(path),
        );
        if (known === undefined)
          failures.push(`${response.method} ${path}: no operation in the descriptions`);
        else undescribed.add(known.path.source);
        continue;
      }
      seen.add(`${response.method} ${operation.operationId} ${String(response.status)}`);
      if (!response.contentType.includes('application/json')) {
        // The 203 sign-in page (HTML), raw file content (text), a 204 without a body.
        expect(
          response.status === 203 ||
            response.status === 204 ||
            (operation.operationId === 'Items_List' && query.has('path')),
          `${response.method} ${path} ${String(response.status)} ${response.contentType}`,
        ).toBe(true);
        continue;
      }
      validated++;
      const errors = validator.check(operation, response.status, JSON.parse(response.body), query);
      if (errors.length > 0)
        failures.push(
          `${response.method} ${operation.operationId} ${String(response.status)}: ${errors.join('; ')}`,
        );
    }
    expect(failures).toEqual([]);
    expect(validated).toBeGreaterThan(60);
    // Every operation the adapter uses was exercised, successes and errors.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'GET Profiles_Get 200',
        'GET Profiles_Get 203',
        'GET Profiles_Get 429',
        'GET Projects_List 200',
        'GET Repositories_List 200',
        'GET Repositories_Get Repository 200',
        'GET Repositories_Get Repository 404',
        'GET Repositories_Get Repository 503',
        'GET Refs_List 200',
        'GET Refs_List 404',
        'GET Commits_Get Push Commits 200',
        'GET Commits_Get 200',
        'GET Commits_Get Changes 200',
        'GET Items_List 200',
        'GET Diffs_Get 200',
        'GET Pull Requests_Get Pull Requests 200',
        'GET Pull Requests_Get Pull Request 200',
        'GET Pull Requests_Get Pull Requests By Project 200',
        'GET Pull Request Labels_List 200',
        'GET Statuses_List 200',
        'POST Statuses_Create 201',
        'POST Pull Request Threads_Create 200',
        'POST Pull Request Labels_Create 200',
        'POST Subscriptions_Create 200',
        'DELETE Subscriptions_Delete 204',
        'DELETE Subscriptions_Delete 404',
      ]),
    );
    // What the descriptions do not cover is only what the allow-list names.
    expect(
      [...undescribed].every((source) =>
        UNDESCRIBED_OPERATIONS.some((entry) => entry.path.source === source),
      ),
    ).toBe(true);
    expect(sim.requests.count()).toBe(capture.captured.length);
  });
});
