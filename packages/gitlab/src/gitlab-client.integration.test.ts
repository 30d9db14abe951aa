import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  collectAll,
  createPkcePair,
  paginate,
  parseRepoRef,
  ScmError,
  type OAuthTokens,
} from '@scm/core';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitLabOAuth } from './gitlab-oauth.js';
import { createGitLabProvider } from './gitlab-provider.js';
import { manualClock } from '@scm/testkit';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : `not an ScmError: ${String(error)}`;
  }
}

const START = Date.UTC(2026, 0, 1);

describe('GitLab auth, hosts and errors against the simulator', () => {
  let sim: GitLabSimulator;
  const clock = manualClock(START);
  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 5, pathPrefix: '/gitlab', now: () => clock.now() });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const subgroupRepo = () => {
    const repo = sim.dataset.repositories.find((candidate) => candidate.owner.includes('/'));
    if (repo === undefined) throw new Error('no subgroup project in the dataset');
    return repo;
  };

  describe('personal access tokens on a self-managed instance under a path prefix', () => {
    it('sends PRIVATE-TOKEN only, under <base>/api/v4, and reads a subgroup project by path and id', async () => {
      const scm = createGitLabProvider({
        baseUrl: `${sim.baseUrl}/`,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
      });
      try {
        const repo = subgroupRepo();
        sim.requests.clear();
        const byPath = await scm.getRepository(parseRepoRef(encodeURIComponent(repo.fullName)));
        const logged = sim.requests.last();
        expect(logged?.path).toBe(`/gitlab/api/v4/projects/${encodeURIComponent(repo.fullName)}`);
        expect(logged?.headers['private-token']).toBe(sim.tokens.personalToken);
        expect(logged?.headers.authorization).toBeUndefined();
        expect(byPath).toMatchObject({
          id: String(repo.id),
          fullName: repo.fullName,
          owner: repo.owner,
        });
        expect(byPath.webUrl).toBe(`${sim.baseUrl}/${repo.fullName}`);
        const byId = await scm.getRepository(parseRepoRef(String(repo.id)));
        expect(byId.fullName).toBe(repo.fullName);
      } finally {
        await scm.close();
      }
    });

    it('walks the keyset-paginated project list and the subgroup’s own projects', async () => {
      const scm = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
      });
      try {
        sim.requests.clear();
        const all = await collectAll(paginate((page) => scm.listRepositories(page), { limit: 3 }));
        expect(all.map((repo) => repo.fullName).sort()).toEqual(
          sim.dataset.repositories.map((repo) => repo.fullName).sort(),
        );
        const pages = sim.requests.filter({ path: '/gitlab/api/v4/projects' });
        expect(pages.length).toBe(Math.ceil(all.length / 3));
        expect(pages[0]?.query).toMatchObject({
          pagination: 'keyset',
          order_by: 'id',
          membership: 'true',
        });
        expect(pages[1]?.query.id_after).toMatch(/^\d+$/);

        const repo = subgroupRepo();
        const inGroup = await scm.listRepositories({ limit: 10, owner: repo.owner });
        expect(inGroup.items.map((item) => item.fullName)).toEqual([repo.fullName]);
        // A top-level group lists its own projects, not its subgroup's; a user, theirs.
        const parent = repo.owner.split('/')[0] ?? '';
        const inParent = await scm.listRepositories({ limit: 100, owner: parent });
        expect(inParent.items.map((item) => item.fullName).sort()).toEqual(
          sim.dataset.repositories
            .filter((r) => r.owner === parent)
            .map((r) => r.fullName)
            .sort(),
        );
        expect(inParent.items.map((item) => item.owner)).not.toContain(repo.owner);
        const viewer = sim.dataset.viewer.login;
        const mine = await scm.listRepositories({ limit: 100, owner: viewer });
        expect(mine.items.length).toBeGreaterThan(0);
        expect(mine.items.every((item) => item.owner === viewer)).toBe(true);
        expect(sim.requests.last()?.path).toBe(`/gitlab/api/v4/users/${viewer}/projects`);
        const groups = await collectAll(
          paginate((page) => scm.listOrganizations(page), { limit: 2 }),
        );
        expect(groups.map((group) => group.login)).toContain(repo.owner);
      } finally {
        await scm.close();
      }
    });

    it('never mistakes an OAuth token for a private token: the kind is explicit', async () => {
      const issued = sim.issueOAuthTokens();
      const scm = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: issued.access_token },
      });
      try {
        const error = await scm.getViewer().catch((caught: unknown) => caught);
        expect(ScmError.isInstance(error) && error.code).toBe('INVALID_CREDENTIALS');
        expect(JSON.stringify(error)).not.toContain(issued.access_token);
        expect((error as Error).message).not.toContain(issued.access_token);
      } finally {
        await scm.close();
      }
    });

    it('maps GitLab’s 403 and 404 bodies to canonical codes', async () => {
      const scope = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.readUserToken },
      });
      const policy = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.restrictedToken },
      });
      const scm = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
      });
      try {
        expect((await scope.getViewer()).login).toBe(sim.dataset.viewer.login);
        expect(await codeOf(scope.listRepositories({ limit: 5 }))).toBe('INSUFFICIENT_SCOPE');
        expect(await codeOf(policy.getViewer())).toBe('ACCESS_BLOCKED_BY_POLICY');
        const ref = parseRepoRef(encodeURIComponent(subgroupRepo().fullName));
        expect(await codeOf(scm.getPullRequestDiff(ref, 99_999))).toBe('RESOURCE_NOT_FOUND');
        expect(await codeOf(scm.deleteWebhook(ref, '424242'))).toBe('RESOURCE_NOT_FOUND');
        expect(
          await codeOf(scm.listTags(parseRepoRef('acme%2Fnope%2Fnothing'), { limit: 5 })),
        ).toBe('REPOSITORY_NOT_FOUND');
        expect(await codeOf(scm.listFileTree(ref, { limit: 5, path: 'no/such/dir' }))).toBe(
          'RESOURCE_NOT_FOUND',
        );
      } finally {
        await scope.close();
        await policy.close();
        await scm.close();
      }
    });
  });

  describe('more operations against a subgroup project', () => {
    const scm = () =>
      createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
      });

    it('filters deployments by GitLab status and refuses a state GitLab cannot filter by', async () => {
      const provider = scm();
      try {
        const repo = subgroupRepo();
        const ref = parseRepoRef(encodeURIComponent(repo.fullName));
        const succeeded = await collectAll(
          paginate(
            (page) =>
              provider.listDeployments(ref, {
                ...page,
                state: 'success',
                environment: 'production',
              }),
            { limit: 2 },
          ),
        );
        const expected = repo.deployments.filter(
          (d) => d.state === 'success' && d.environment === 'production',
        );
        expect(succeeded.map((d) => d.id).sort()).toEqual(expected.map((d) => String(d.id)).sort());
        expect(sim.requests.last()?.query).toMatchObject({
          status: 'success',
          environment: 'production',
        });
        expect(await codeOf(provider.listDeployments(ref, { limit: 5, state: 'inactive' }))).toBe(
          'INVALID_REQUEST',
        );
      } finally {
        await provider.close();
      }
    });

    it('creates a hook with its token and only the asked-for event flags', async () => {
      const provider = scm();
      try {
        const ref = parseRepoRef(encodeURIComponent(subgroupRepo().fullName));
        sim.requests.clear();
        const hook = await provider.createWebhook(ref, {
          callbackUrl: 'https://hooks.example.test/gitlab',
          events: ['pull_request', 'check'],
          active: true,
          secret: 'hook-token',
        });
        expect(sim.requests.last()?.body).toMatchObject({
          url: 'https://hooks.example.test/gitlab',
          token: 'hook-token',
          push_events: false,
          merge_requests_events: true,
          pipeline_events: true,
          job_events: true,
          tag_push_events: false,
        });
        expect(hook.events).toEqual(['pull_request', 'check']);
        expect(
          await codeOf(
            provider.createWebhook(ref, {
              callbackUrl: 'https://x.test',
              events: ['push'],
              active: false,
            }),
          ),
        ).toBe('INVALID_REQUEST');
        expect(
          await codeOf(
            provider.createWebhook(ref, {
              callbackUrl: 'https://x.test',
              events: ['star'],
              active: true,
            }),
          ),
        ).toBe('INVALID_REQUEST');
        await provider.deleteWebhook(ref, hook.id);
      } finally {
        await provider.close();
      }
    });

    it('receives the events GitLab delivers to a hook it created, and verifies them', async () => {
      const received: { headers: Record<string, string | string[] | undefined>; body: string }[] =
        [];
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const provider = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
        webhookSecrets: ['receiver-secret'],
      });
      try {
        const ref = parseRepoRef(encodeURIComponent(subgroupRepo().fullName));
        const hook = await provider.createWebhook(ref, {
          callbackUrl: `http://127.0.0.1:${port}/hooks/gitlab`,
          events: ['push', 'pull_request'],
          active: true,
          secret: 'receiver-secret',
        });
        const sent = await sim.deliverHookEvents();
        expect(sent.map((entry) => entry.event).sort()).toEqual([
          'Merge Request Hook',
          'Push Hook',
        ]);
        expect(sent.every((entry) => entry.status === 200)).toBe(true);
        const events = [];
        for (const delivery of received) {
          const request = { headers: delivery.headers, rawBody: delivery.body };
          expect(delivery.headers['x-gitlab-token']).toBe('receiver-secret');
          expect(await provider.webhooks.verify(request)).toEqual({ ok: true });
          events.push(provider.webhooks.parse(request));
        }
        expect(events.map((event) => event.type).sort()).toEqual(['pull_request', 'push']);
        expect(
          events.every((event) => event.repository?.fullName === subgroupRepo().fullName),
        ).toBe(true);
        await provider.deleteWebhook(ref, hook.id);
        expect(await sim.deliverHookEvents()).toEqual([]);
      } finally {
        await provider.close();
        await new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
      }
    });

    it('searches projects by name', async () => {
      const provider = scm();
      try {
        const repo = subgroupRepo();
        const found = await provider.listRepositories({ limit: 100, search: repo.name });
        expect(found.items.map((item) => item.fullName)).toContain(repo.fullName);
        expect(found.items.every((item) => item.name.includes(repo.name))).toBe(true);
      } finally {
        await provider.close();
      }
    });

    it('verifies deliveries by X-Gitlab-Token alone when no signing token is configured, during rotation', async () => {
      const provider = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
        webhookSecrets: ['the-previous-secret', sim.tokens.webhookSecret],
      });
      const stale = createGitLabProvider({
        baseUrl: sim.baseUrl,
        auth: { type: 'private-token', token: sim.tokens.personalToken },
        webhookSecrets: ['the-previous-secret'],
      });
      try {
        for (const delivery of sim.webhooks.deliveries()) {
          expect(await provider.webhooks.verify(delivery.request)).toEqual({ ok: true });
          expect(await stale.webhooks.verify(delivery.request)).toEqual({
            ok: false,
            reason: 'invalid_signature',
          });
        }
      } finally {
        await provider.close();
        await stale.close();
      }
    });
  });

  describe('OAuth', () => {
    const oauth = () =>
      createGitLabOAuth({
        baseUrl: sim.baseUrl,
        clientId: sim.tokens.clientId,
        clientSecret: sim.tokens.clientSecret,
        clock,
      });

    it('authorizes with a state, exchanges the code, and calls the API with a bearer token', async () => {
      const flow = oauth();
      const url = new URL(
        flow.authorizeUrl({
          redirectUri: sim.redirectUri,
          state: 'st-123',
          scopes: ['api', 'read_user'],
        }),
      );
      expect(url.href.startsWith(`${sim.baseUrl}/oauth/authorize?`)).toBe(true);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: sim.tokens.clientId,
        response_type: 'code',
        state: 'st-123',
        scope: 'api read_user',
      });
      const consent = await request(url);
      await consent.body.dump();
      expect(consent.statusCode).toBe(302);
      const callback = new URL(String(consent.headers.location));
      expect(callback.searchParams.get('state')).toBe('st-123');
      const code = callback.searchParams.get('code') ?? '';

      const tokens = await flow.exchangeCode({ code, redirectUri: sim.redirectUri });
      expect(tokens).toMatchObject({ tokenType: 'Bearer', scopes: ['api', 'read_user'] });
      expect(tokens.expiresAt).toBe(clock.now() + 7_200_000);
      // A code is single-use.
      expect(await codeOf(flow.exchangeCode({ code, redirectUri: sim.redirectUri }))).toBe(
        'AUTH_EXPIRED',
      );
      const wrongClient = createGitLabOAuth({
        baseUrl: sim.baseUrl,
        clientId: sim.tokens.clientId,
        clientSecret: 'not-the-secret',
      });
      expect(await codeOf(wrongClient.refresh(tokens.refreshToken ?? ''))).toBe(
        'INVALID_CREDENTIALS',
      );

      const scm = createGitLabProvider({
        baseUrl: sim.baseUrl,
        clock,
        auth: {
          type: 'oauth',
          tokens,
          clientId: sim.tokens.clientId,
          clientSecret: sim.tokens.clientSecret,
        },
      });
      try {
        sim.requests.clear();
        expect((await scm.getViewer()).login).toBe(sim.dataset.viewer.login);
        expect(sim.requests.last()?.headers.authorization).toBe(`Bearer ${tokens.accessToken}`);
        expect(sim.requests.last()?.headers['private-token']).toBeUndefined();
        expect(scm.oauth?.authorizeUrl({ redirectUri: sim.redirectUri, state: 's' })).toContain(
          '/gitlab/oauth/authorize',
        );
      } finally {
        await scm.close();
        await flow.close();
        await wrongClient.close();
      }
    });

    it('sends a PKCE challenge (S256) and its verifier; the simulator refuses a wrong one', async () => {
      const flow = oauth();
      try {
        const pkce = createPkcePair();
        const approve = async (): Promise<string> => {
          const url = flow.authorizeUrl({
            redirectUri: sim.redirectUri,
            state: 'p',
            codeChallenge: pkce.challenge,
          });
          expect(new URL(url).searchParams.get('code_challenge')).toBe(pkce.challenge);
          expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
          const consent = await request(url);
          await consent.body.dump();
          return new URL(String(consent.headers.location)).searchParams.get('code') ?? '';
        };
        const tokens = await flow.exchangeCode({
          code: await approve(),
          redirectUri: sim.redirectUri,
          codeVerifier: pkce.verifier,
        });
        expect(tokens.accessToken).not.toBe('');
        expect(
          await codeOf(
            flow.exchangeCode({
              code: await approve(),
              redirectUri: sim.redirectUri,
              codeVerifier: createPkcePair().verifier,
            }),
          ),
        ).toBe('AUTH_EXPIRED');
        expect(
          await codeOf(flow.exchangeCode({ code: await approve(), redirectUri: sim.redirectUri })),
        ).toBe('AUTH_EXPIRED');
      } finally {
        await flow.close();
      }
    });

    function oauthProvider(tokens: OAuthTokens, onRefresh: (tokens: OAuthTokens) => void) {
      return createGitLabProvider({
        baseUrl: sim.baseUrl,
        clock,
        auth: {
          type: 'oauth',
          tokens,
          clientId: sim.tokens.clientId,
          clientSecret: sim.tokens.clientSecret,
          redirectUri: sim.redirectUri,
          onRefresh,
        },
      });
    }

    function issued(): OAuthTokens {
      const raw = sim.issueOAuthTokens();
      return {
        accessToken: raw.access_token,
        refreshToken: raw.refresh_token,
        expiresAt: clock.now() + raw.expires_in * 1000,
        scopes: raw.scope.split(' '),
        tokenType: raw.token_type,
      };
    }

    it('refreshes shortly before expiry, once for concurrent calls, and hands over the rotated pair', async () => {
      const first = issued();
      const saved: OAuthTokens[] = [];
      const scm = oauthProvider(first, (tokens) => saved.push(tokens));
      try {
        const grants = () => sim.requests.count({ method: 'POST', path: '/gitlab/oauth/token' });
        sim.requests.clear();
        await scm.getViewer();
        expect(grants()).toBe(0);
        // 30 s before expiry: within the refresh window.
        clock.advance(7_200_000 - 30_000);
        const results = await Promise.all([
          scm.getViewer(),
          scm.listBranches(parseRepoRef(encodeURIComponent(subgroupRepo().fullName)), { limit: 2 }),
          scm.listOrganizations({ limit: 2 }),
        ]);
        expect(results[0].login).toBe(sim.dataset.viewer.login);
        expect(grants()).toBe(1);
        expect(saved).toHaveLength(1);
        expect(saved[0]?.accessToken).not.toBe(first.accessToken);
        expect(saved[0]?.refreshToken).not.toBe(first.refreshToken);
        expect(sim.requests.last()?.headers.authorization).toBe(
          `Bearer ${saved[0]?.accessToken ?? ''}`,
        );
        // GitLab rotates refresh tokens: the old one no longer works.
        const flow = oauth();
        expect(await codeOf(flow.refresh(first.refreshToken ?? ''))).toBe('AUTH_EXPIRED');
        await flow.close();
      } finally {
        await scm.close();
      }
    });

    it('refreshes once and retries when GitLab revokes a token before it expires', async () => {
      const tokens = issued();
      const saved: OAuthTokens[] = [];
      const scm = oauthProvider(tokens, (next) => saved.push(next));
      try {
        sim.revokeOAuthToken(tokens.accessToken);
        sim.requests.clear();
        const results = await Promise.all([
          scm.getViewer(),
          scm.getViewer(),
          scm.listOrganizations({ limit: 1 }),
        ]);
        expect(results[0].login).toBe(sim.dataset.viewer.login);
        expect(saved).toHaveLength(1);
        expect(sim.requests.count({ method: 'POST', path: '/gitlab/oauth/token' })).toBe(1);
      } finally {
        await scm.close();
      }
    });

    it('reports AUTH_EXPIRED when the token expired and cannot be refreshed', async () => {
      const tokens = { ...issued(), refreshToken: null };
      const scm = oauthProvider(tokens, () => undefined);
      try {
        clock.advance(7_200_000);
        expect(await codeOf(scm.getViewer())).toBe('AUTH_EXPIRED');
      } finally {
        await scm.close();
      }
    });
  });
});
