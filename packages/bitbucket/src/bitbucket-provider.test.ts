import { parseRepoRef, ScmError } from '@scm/core';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusJson } from './conformance/corpora.js';
import { createBitbucketProvider } from './bitbucket-provider.js';

const API = 'https://api.bitbucket.org';
const pullRequest = corpusJson('api/2.0-repositories-amuniz-test-repos-pullrequests-1.json');
const repo = parseRepoRef('amuniz%2Ftest-repos');

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
