import { collectAll, paginate, parseRepoRef, type OAuthTokens } from '@scm/core';
import { startBitbucketSimulator } from '@scm/testkit/bitbucket';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { createBitbucketProvider } from './index.js';

// README.md's example, step for step, so the README stays true.
it('runs the README example against the simulator', async () => {
  const sim = await startBitbucketSimulator();
  const saved: OAuthTokens[] = [];
  const save = (tokens: OAuthTokens): void => {
    saved.push(tokens);
  };
  const consent = createBitbucketProvider({
    baseUrl: sim.apiBaseUrl,
    webBaseUrl: sim.webBaseUrl,
    oauthClient: { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret },
  });
  let scm: ReturnType<typeof createBitbucketProvider> | undefined;
  try {
    // 1. Send the user to Bitbucket's consent page…
    const redirectUri = 'https://app.example.test/callback';
    const authorizeUrl = consent.oauth?.authorizeUrl({ redirectUri, state: 'xyz' }) ?? '';
    // …Bitbucket sends them back to redirectUri?code=…&state=xyz (the simulator approves at once).
    const approved = await request(authorizeUrl);
    await approved.body.dump();
    const back = new URL(String(approved.headers.location));
    expect(back.searchParams.get('state')).toBe('xyz');
    // 2. Exchange the code for tokens, and keep them.
    const tokens = await consent.oauth?.exchangeCode({
      code: back.searchParams.get('code') ?? '',
      redirectUri,
    });
    if (tokens === undefined) throw new Error('no oauth');
    // 3. Call the API; the access token is refreshed before it expires, and onRefresh persists it.
    scm = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      webBaseUrl: sim.webBaseUrl,
      auth: { type: 'oauth', ...sim.oauth, tokens, onRefresh: save },
    });
    const repositories = await collectAll(
      paginate((page) => scm!.listRepositories(page), { limit: 50 }),
    );
    expect(repositories.map((repo) => repo.fullName).sort()).toEqual(
      sim.dataset.repositories.map((repo) => repo.fullName).sort(),
    );
    const first = sim.dataset.repositories[0];
    const repo = parseRepoRef(encodeURIComponent(first?.fullName ?? ''));
    const open = await scm.listPullRequests(repo, { limit: 10, state: 'open' });
    expect(open.items.every((pr) => pr.state === 'open')).toBe(true);
    expect(saved).toEqual([]);

    // With a repository access token, or an API token and the account's email:
    const withToken = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      auth: { type: 'access-token', token: sim.accessToken },
    });
    const withApiToken = createBitbucketProvider({
      baseUrl: sim.apiBaseUrl,
      auth: { type: 'basic', username: sim.email, token: sim.apiToken },
    });
    expect((await withToken.getRepository(repo)).fullName).toBe(first?.fullName);
    expect((await withApiToken.getViewer()).login).toBe(sim.dataset.viewer.login);
    await withToken.close();
    await withApiToken.close();
  } finally {
    await consent.close();
    await scm?.close();
    await sim.stop();
  }
});
