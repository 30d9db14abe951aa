import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  collectAll,
  createMemoryCache,
  paginate,
  parseRepoRef,
  ScmError,
  type OAuthTokens,
} from '@scm/core';
import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubProvider } from './github-provider.js';
import type { GitHubProviderSettings } from './github-settings.js';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  try {
    await promise;
  } catch (error) {
    if (ScmError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an ScmError');
}

const FAST_RETRY = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 };

// The client under every operation (github-client.ts), through the provider: errors and rate
// limits, conditional requests, credentials that refresh or renew, and redirects.
describe('the GitHub client against the simulator', () => {
  let sim: GitHubSimulator;
  const providers: { close(): Promise<void> }[] = [];
  const make = (
    overrides: Partial<GitHubProviderSettings> = {},
  ): ReturnType<typeof createGitHubProvider> => {
    const provider = createGitHubProvider({
      baseUrl: sim.baseUrl,
      auth: { type: 'token', token: sim.token },
      retry: FAST_RETRY,
      ...overrides,
    });
    providers.push(provider);
    return provider;
  };
  const repoOf = () => findRepositoryOrThrow(sim.dataset, sim.expected.repository);
  const ref = () => parseRepoRef(encodeURIComponent(sim.expected.repository));

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 3, commitFilesPerPage: 2 });
  });
  afterEach(() => {
    sim.faults.clear();
    sim.requests.clear();
  });
  afterAll(async () => {
    for (const provider of providers) await provider.close();
    await sim.stop();
  });

  describe('errors', () => {
    it('reports a spent primary rate limit as RATE_LIMITED with the time to the reset', async () => {
      const limited = await startGitHubSimulator({ seed: 3, rateLimit: { core: 2 } });
      try {
        const provider = make({
          baseUrl: limited.baseUrl,
          auth: { type: 'token', token: limited.token },
        });
        await provider.getViewer();
        await provider.getViewer();
        expect(provider.rateLimit()).toMatchObject({ limit: 2, remaining: 0, resource: 'core' });
        const error = await errorOf(provider.getViewer());
        expect(error.code).toBe('RATE_LIMITED');
        expect(error.upstreamStatus).toBe(403);
        expect(error.retryAfterSeconds).toBeGreaterThan(3500);
        expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
      } finally {
        await limited.stop();
      }
    });

    it('reports a secondary rate limit (429 + Retry-After) as RATE_LIMITED', async () => {
      sim.faults.inject('*', { status: 429, retryAfterSeconds: 45 });
      const error = await errorOf(make().listBranches(ref(), { limit: 5 }));
      expect([error.code, error.retryAfterSeconds, error.upstreamStatus]).toEqual([
        'RATE_LIMITED',
        45,
        429,
      ]);
    });

    it('reads a secondary rate limit without retry-after as RATE_LIMITED for a minute', async () => {
      sim.triggerSecondaryRateLimit(1);
      const error = await errorOf(make().getRepository(ref()));
      expect([error.code, error.retryAfterSeconds, error.upstreamStatus]).toEqual([
        'RATE_LIMITED',
        60,
        403,
      ]);
      expect((await make().getRepository(ref())).fullName).toBe(sim.expected.repository);
    });

    it('refuses a bad personal token as INVALID_CREDENTIALS and never echoes it', async () => {
      const error = await errorOf(
        make({ auth: { type: 'token', token: 'ghp_not-a-real-token' } }).getViewer(),
      );
      expect([error.code, error.upstreamStatus]).toEqual(['INVALID_CREDENTIALS', 401]);
      expect(
        JSON.stringify({
          message: error.message,
          details: error.details,
          cause: String(error.cause),
        }),
      ).not.toContain('ghp_not');
    });

    it('names the scope a token lacks', async () => {
      const narrow = sim.issueToken({ scopes: ['repo'] });
      const error = await errorOf(make({ auth: { type: 'token', token: narrow } }).listSshKeys());
      expect(error.code).toBe('INSUFFICIENT_SCOPE');
      expect(error.message).toContain('read:public_key');
    });

    it('tells a missing repository from a missing item in it', async () => {
      const provider = make();
      const missing = parseRepoRef('acme%2Fno-such-repo');
      expect((await errorOf(provider.listTags(missing, { limit: 5 }))).code).toBe(
        'REPOSITORY_NOT_FOUND',
      );
      expect((await errorOf(provider.deleteWebhook(ref(), '999999'))).code).toBe(
        'RESOURCE_NOT_FOUND',
      );
      expect((await errorOf(provider.getRepository(parseRepoRef('999999999')))).code).toBe(
        'REPOSITORY_NOT_FOUND',
      );
    });

    it('refuses a cursor from another listing instead of sending it', async () => {
      const provider = make();
      const before = sim.requests.count();
      expect((await errorOf(provider.listChecks(ref(), { limit: 5, cursor: '3' }))).code).toBe(
        'INVALID_CURSOR',
      );
      expect(
        (await errorOf(provider.listFileTree(ref(), { limit: 5, cursor: 'main:3' }))).code,
      ).toBe('INVALID_CURSOR');
      expect(sim.requests.count()).toBe(before);
    });
  });

  describe('repository search', () => {
    it('finds forks only when asked (GitHub leaves them out of search results by default)', async () => {
      const fork = sim.dataset.repositories.find((repo) => repo.fork);
      if (fork === undefined) throw new Error('the dataset has no fork');
      const provider = make();
      const names = async (forks?: boolean) =>
        (
          await provider.listRepositories({
            limit: 100,
            search: fork.name,
            owner: fork.owner,
            forks,
          })
        ).items.map((repo) => repo.fullName);
      expect(await names(true)).toContain(fork.fullName);
      expect(await names()).not.toContain(fork.fullName);
      const q = sim.requests
        .filter({ path: /^\/search\/repositories$/ })
        .map((entry) => entry.query.q);
      expect(q).toEqual([
        `${fork.name} in:name user:${fork.owner} fork:true`,
        `${fork.name} in:name user:${fork.owner}`,
      ]);
    });
  });

  describe('conditional requests', () => {
    it('revalidates with the ETag and serves a 304 from the cache without spending rate limit', async () => {
      const provider = make({ cache: createMemoryCache() });
      const first = await provider.getRepository(ref());
      const remaining = provider.rateLimit()?.remaining;
      const second = await provider.getRepository(ref());
      expect(second).toEqual(first);
      const [, revalidation] = sim.requests.entries;
      expect(revalidation?.headers['if-none-match']).toMatch(/^W\/"/);
      expect(provider.rateLimit()?.remaining).toBe(remaining);
    });
  });

  describe('OAuth user tokens', () => {
    async function authorize(): Promise<OAuthTokens> {
      const oauth = make({
        auth: {
          type: 'oauth',
          tokens: {
            accessToken: 'unused',
            refreshToken: null,
            expiresAt: null,
            scopes: [],
            tokenType: 'bearer',
          },
          clientId: sim.oauth.clientId,
          clientSecret: sim.oauth.clientSecret,
        },
      }).oauth;
      if (oauth === undefined) throw new Error('an oauth provider has oauth helpers');
      const redirectUri = 'http://127.0.0.1/callback';
      const location = await request(
        oauth.authorizeUrl({ redirectUri, state: 'xyz', scopes: ['repo', 'read:org'] }),
      );
      await location.body.text();
      const code = new URL(String(location.headers.location)).searchParams.get('code') ?? '';
      return oauth.exchangeCode({ code, redirectUri });
    }

    it('refreshes an expiring user token before it expires, once, and hands the new pair over', async () => {
      const tokens = await authorize();
      const persisted: OAuthTokens[] = [];
      const provider = make({
        auth: {
          type: 'oauth',
          // Pretend the token expires in 10 s: inside the refresh window.
          tokens: { ...tokens, expiresAt: Date.now() + 10_000 },
          clientId: sim.oauth.clientId,
          clientSecret: sim.oauth.clientSecret,
          onRefresh: (next) => {
            persisted.push(next);
          },
        },
      });
      const [viewer, repository] = await Promise.all([
        provider.getViewer(),
        provider.getRepository(ref()),
      ]);
      expect(viewer.login).toBe(sim.dataset.viewer.login);
      expect(repository.fullName).toBe(sim.expected.repository);
      expect(persisted).toHaveLength(1);
      expect(persisted[0]?.accessToken).not.toBe(tokens.accessToken);
      expect(sim.requests.count({ path: '/login/oauth/access_token' })).toBe(2);
    });

    it('renews a user token GitHub refused, and reports AUTH_EXPIRED when it cannot', async () => {
      const tokens = await authorize();
      const revoked = { ...tokens, accessToken: 'ghu_revoked' };
      const provider = make({
        auth: {
          type: 'oauth',
          tokens: revoked,
          clientId: sim.oauth.clientId,
          clientSecret: sim.oauth.clientSecret,
        },
      });
      sim.requests.clear();
      const viewers = await Promise.all([1, 2, 3, 4].map(() => provider.getViewer()));
      expect(viewers.map((viewer) => viewer.login)).toEqual(
        Array.from({ length: 4 }, () => sim.dataset.viewer.login),
      );
      // Four refusals, one refresh: a second one would have revoked the first pair.
      expect(sim.requests.count({ path: '/login/oauth/access_token' })).toBe(1);
      expect((await provider.getViewer()).login).toBe(sim.dataset.viewer.login);
      const stuck = make({
        auth: {
          type: 'oauth',
          tokens: { ...revoked, refreshToken: null },
          clientId: sim.oauth.clientId,
          clientSecret: sim.oauth.clientSecret,
        },
      });
      expect((await errorOf(stuck.getViewer())).code).toBe('AUTH_EXPIRED');
    });
  });

  describe('GitHub App installations', () => {
    it('acts as the installation on an owner, minting one token for many calls', async () => {
      const provider = make({
        auth: {
          type: 'app',
          appId: sim.app.id,
          privateKey: sim.app.privateKey,
          owner: repoOf().owner,
        },
      });
      const [repository, branches] = await Promise.all([
        provider.getRepository(ref()),
        provider.listBranches(ref(), { limit: 100 }),
      ]);
      expect(repository.fullName).toBe(sim.expected.repository);
      expect(branches.items.length).toBe(repoOf().branches.length);
      expect(sim.requests.count({ path: /\/access_tokens$/ })).toBe(1);
      const all = await collectAll(
        paginate((query) => provider.listRepositories(query), { limit: 1 }),
      );
      expect(all.map((repository) => repository.fullName).sort()).toEqual(
        sim.dataset.repositories
          .filter((candidate) => candidate.owner === repoOf().owner)
          .map((candidate) => candidate.fullName)
          .sort(),
      );
      const apiCalls = sim.requests.filter({ path: /^\/(repos|installation)\// });
      expect(
        apiCalls.every((entry) => /^Bearer ghs_/.test(String(entry.headers.authorization))),
      ).toBe(true);
    });
  });
});

const MOVED_REPOSITORY = {
  id: 42,
  node_id: 'R_42',
  name: 'new-name',
  full_name: 'acme/new-name',
  private: false,
  owner: { login: 'acme', id: 1, type: 'Organization' },
  html_url: 'https://ghe.test/acme/new-name',
  description: null,
  fork: false,
  archived: false,
  default_branch: 'main',
  visibility: 'public',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  pushed_at: '2024-01-02T00:00:00Z',
};

// A moved repository answers 301 to its stable id; the adapter follows it once, within the API
// only, and never sends the token to another origin.
describe('redirects', () => {
  let server: Server;
  let base: string;
  const seen: { path: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
      const reply = (status: number, headers: Record<string, string>, body = ''): void => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(body);
      };
      const url = request.url ?? '';
      if (url === '/api/v3/repos/acme/old-name') {
        reply(301, { location: `${base}/repositories/42` });
      } else if (url === '/api/v3/repos/acme/elsewhere') {
        reply(301, { location: `${new URL(base).origin}/repositories/42` });
      } else if (url === '/api/v3/repositories/42') {
        reply(200, {}, JSON.stringify(MOVED_REPOSITORY));
      } else {
        reply(404, {}, '{"message":"Not Found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('follows a moved repository to its stable id with the same credential', async () => {
    const provider = createGitHubProvider({
      auth: { type: 'token', token: 'ghp_redirect_test_token' },
      baseUrl: base,
      retry: { maxRetries: 0 },
    });
    const repo = await provider.getRepository(parseRepoRef('acme/old-name'));
    expect(repo).toMatchObject({ id: '42', fullName: 'acme/new-name' });
    expect(seen.map((entry) => entry.path)).toEqual([
      '/api/v3/repos/acme/old-name',
      '/api/v3/repositories/42',
    ]);
    expect(new Set(seen.map((entry) => entry.authorization))).toEqual(
      new Set(['Bearer ghp_redirect_test_token']),
    );
    await provider.close();
  });

  it('does not follow a redirect that leaves the API', async () => {
    const provider = createGitHubProvider({
      auth: { type: 'token', token: 'ghp_redirect_test_token' },
      baseUrl: base,
      retry: { maxRetries: 0 },
    });
    seen.length = 0;
    const error: unknown = await provider
      .getRepository(parseRepoRef('acme/elsewhere'))
      .catch((caught: unknown) => caught);
    expect(ScmError.isInstance(error) && error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen.map((entry) => entry.path)).toEqual(['/api/v3/repos/acme/elsewhere']);
    expect(JSON.stringify(error)).not.toContain('ghp_redirect_test_token');
    await provider.close();
  });
});
