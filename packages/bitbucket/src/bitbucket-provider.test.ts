import { parseRepoRef, ScmError, type Operation } from '@scm/core';
import { PROVIDER_OPERATION_GROUPS, type ProviderOperationGroup } from '@scm/testkit';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bitbucketCapabilities } from './bitbucket-capabilities.js';
import { createBitbucketClient, type BitbucketClient } from './bitbucket-client.js';
import { createBitbucketProvider } from './bitbucket-provider.js';
import { corpusJson } from './conformance/corpora.js';
import { accountOps } from './ops/account.js';
import { ciOps } from './ops/ci.js';
import { commitsOps } from './ops/commits.js';
import { fileTreeOps } from './ops/file-tree.js';
import { hooksOps } from './ops/hooks.js';
import { keysOps } from './ops/keys.js';
import { organizationsOps } from './ops/organizations.js';
import { pullRequestsOps } from './ops/pull-requests.js';
import { refsOps } from './ops/refs.js';
import { repositoriesOps } from './ops/repositories.js';

const API = 'https://api.bitbucket.org';
const OPS: Record<ProviderOperationGroup, (client: BitbucketClient) => object> = {
  account: accountOps,
  organizations: organizationsOps,
  keys: keysOps,
  repositories: repositoriesOps,
  refs: refsOps,
  commits: commitsOps,
  'pull-requests': pullRequestsOps,
  ci: ciOps,
  'file-tree': fileTreeOps,
  hooks: hooksOps,
};
const pullRequest = corpusJson('api/2.0-repositories-amuniz-test-repos-pullrequests-1.json');
const repo = parseRepoRef('amuniz%2Ftest-repos');

describe('createBitbucketProvider', () => {
  const auth = { type: 'access-token', token: 'tok' } as const;

  it('assembles each group from its ops file: the supported operations, and only those', async () => {
    const client = createBitbucketClient({ auth });
    try {
      for (const [group, operations] of Object.entries(PROVIDER_OPERATION_GROUPS)) {
        const supported = operations.filter(
          (operation: Operation) => bitbucketCapabilities[operation].supported,
        );
        const ops = OPS[group as ProviderOperationGroup];
        expect(Object.keys(ops(client)).sort(), group).toEqual([...supported].sort());
      }
    } finally {
      await client.close();
    }
  });

  it('rejects the unsupported operations with UNSUPPORTED_ENDPOINT', async () => {
    const provider = createBitbucketProvider({ auth });
    try {
      await expect(provider.listContributors(repo, { limit: 5 })).rejects.toMatchObject({
        code: 'UNSUPPORTED_ENDPOINT',
      });
      await expect(provider.listReleases(repo, { limit: 5 })).rejects.toMatchObject({
        code: 'UNSUPPORTED_ENDPOINT',
      });
      await expect(provider.addLabels(repo, { number: 1, labels: ['x'] })).rejects.toMatchObject({
        code: 'UNSUPPORTED_ENDPOINT',
      });
    } finally {
      await provider.close();
    }
  });

  it('rejects (never throws) a bad sha, number, limit or webhook id, before any request', async () => {
    const provider = createBitbucketProvider({ auth, baseUrl: 'http://127.0.0.1:9/2.0' });
    try {
      for (const call of [
        () => provider.getCommitDiff(repo, '../../admin'),
        () => provider.getCommitDiff(repo, 'a'.repeat(64)),
        () => provider.getPullRequestDiff(repo, -1),
        () => provider.createComment(repo, { number: 1.5, body: 'x' }),
        () => provider.setCommitStatus(repo, { sha: 'main', state: 'success', context: 'ci' }),
        () => provider.deleteWebhook(repo, '12'),
        () => provider.listRepositories({ limit: 5, owner: 'a/b' }),
      ]) {
        const pending = call();
        expect(pending).toBeInstanceOf(Promise);
        await expect(pending).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          provider: 'bitbucket',
        });
      }
      const pending = provider.listBranches(repo, { limit: 0 });
      await expect(pending).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    } finally {
      await provider.close();
    }
  });
});

describe('createBitbucketProvider with undici MockAgent', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  const provider = () =>
    createBitbucketProvider({
      auth: { type: 'access-token', token: 'tok' },
      dispatcher: agent,
      retry: { maxRetries: 0 },
    });

  it('does not follow a pull request diff redirect to another host', async () => {
    const api = agent.get(API);
    api
      .intercept({ path: '/2.0/repositories/amuniz/test-repos/pullrequests/1' })
      .reply(200, pullRequest as object);
    api
      .intercept({ path: (path) => path.includes('/commit/') })
      .reply(200, { hash: 'f'.repeat(40), parents: [] })
      .persist();
    for (const kind of ['diff', 'diffstat'])
      api
        .intercept({ path: `/2.0/repositories/amuniz/test-repos/pullrequests/1/${kind}` })
        .reply(302, '', { headers: { location: `https://evil.example.test/2.0/${kind}` } });
    const scm = provider();
    const error = await scm.getPullRequestDiff(repo, 1).catch((caught: unknown) => caught);
    expect(ScmError.isInstance(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('redirected to another host');
    await scm.close();
  });

  it('refuses a next-page URL on another host instead of following it', async () => {
    agent
      .get(API)
      .intercept({
        path: (path) => path.startsWith('/2.0/repositories/amuniz/test-repos/refs/branches'),
      })
      .reply(200, {
        values: [],
        next: 'https://evil.example.test/2.0/repositories/amuniz/test-repos/refs/branches?page=2',
      });
    const scm = provider();
    const error = await scm.listBranches(repo, { limit: 5 }).catch((caught: unknown) => caught);
    expect(ScmError.isInstance(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    await scm.close();
  });

  it('sends repeated `state` parameters and a BBQL name search', async () => {
    const seen: string[] = [];
    agent
      .get(API)
      .intercept({
        path: (path) => {
          seen.push(path);
          return true;
        },
      })
      .reply(200, { values: [] })
      .persist();
    const scm = provider();
    await scm.listPullRequests(repo, { limit: 100, state: 'closed' });
    await scm.listRepositories({ limit: 10, owner: 'amuniz', search: 'te"st' });
    const listed = new URL(seen[0] ?? '', API);
    expect(listed.pathname).toBe('/2.0/repositories/amuniz/test-repos/pullrequests');
    expect(listed.searchParams.getAll('state')).toEqual(['DECLINED', 'SUPERSEDED']);
    expect(listed.searchParams.get('pagelen')).toBe('50');
    const searched = new URL(seen[1] ?? '', API);
    expect(searched.pathname).toBe('/2.0/repositories/amuniz');
    expect(Object.fromEntries(searched.searchParams)).toEqual({
      pagelen: '10',
      role: 'member',
      q: 'name ~ "te\\"st"',
    });
    await scm.close();
  });

  it('names a repository by UUID with an empty workspace and rejects other ids', async () => {
    agent
      .get(API)
      .intercept({ path: '/2.0/repositories/%7B%7D/%7B3deb8c29-778a-450c-8f69-3e50a18079df%7D' })
      .reply(200, corpusJson('api/2.0-repositories-amuniz-test-repos.json') as object);
    const scm = provider();
    const found = await scm.getRepository(
      parseRepoRef('%7B3deb8c29-778a-450c-8f69-3e50a18079df%7D'),
    );
    expect(found.fullName).toBe('amuniz/test-repos');
    const error = await scm.getRepository(parseRepoRef('12345')).catch((caught: unknown) => caught);
    expect(ScmError.isInstance(error) && error.code).toBe('INVALID_REQUEST');
    await scm.close();
  });
});
