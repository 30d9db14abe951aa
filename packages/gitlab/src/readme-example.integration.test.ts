import { collectAll, paginate, parseRepoRef, ScmError, type OAuthTokens } from '@scm/core';
import { startGitLabSimulator } from '@scm/testkit/gitlab';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { createGitLabOAuth, createGitLabProvider } from './index.js';

// README.md's examples, step for step, so the README stays true.
it('runs the README token and self-managed example against the simulator', async () => {
  const gitlab = await startGitLabSimulator({ pathPrefix: '/gitlab' });
  const scm = createGitLabProvider({
    baseUrl: gitlab.baseUrl, // http://127.0.0.1:<port>/gitlab
    auth: { type: 'private-token', token: gitlab.tokens.personalToken },
  });
  try {
    const repo = parseRepoRef(encodeURIComponent(gitlab.expected.repository)); // acme%2Fplatform%2F…
    const project = await scm.getRepository(repo);
    const open = await collectAll(
      paginate((page) => scm.listPullRequests(repo, { ...page, state: 'open' }), { limit: 50 }),
    );
    const checks = await scm.listChecks(repo, { limit: 20 });

    expect(project.fullName.split('/')).toHaveLength(3);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((pr) => pr.state === 'open')).toBe(true);
    expect(new Set(checks.items.map((check) => check.kind))).toEqual(new Set(['commit_status']));

    const missing = await scm
      .getRepository(parseRepoRef('999999'))
      .catch((error: unknown) => error);
    expect(ScmError.isInstance(missing) && missing.code).toBe('REPOSITORY_NOT_FOUND');
  } finally {
    await scm.close();
    await gitlab.stop();
  }
});

it('runs the README OAuth example against the simulator', async () => {
  const gitlab = await startGitLabSimulator();
  const redirectUri = gitlab.redirectUri;
  const oauth = createGitLabOAuth({
    baseUrl: gitlab.baseUrl,
    clientId: gitlab.tokens.clientId,
    clientSecret: gitlab.tokens.clientSecret,
  });
  const saved: OAuthTokens[] = [];
  try {
    const url = oauth.authorizeUrl({ redirectUri, state: 'csrf-state', scopes: ['api'] });
    // The user approves; GitLab redirects to redirectUri?code=…&state=csrf-state.
    const consent = await request(url);
    await consent.body.dump();
    const callback = new URL(String(consent.headers.location));
    expect(callback.searchParams.get('state')).toBe('csrf-state');

    const tokens = await oauth.exchangeCode({
      code: callback.searchParams.get('code') ?? '',
      redirectUri,
    });
    const scm = createGitLabProvider({
      baseUrl: gitlab.baseUrl,
      auth: {
        type: 'oauth',
        tokens,
        clientId: gitlab.tokens.clientId,
        clientSecret: gitlab.tokens.clientSecret,
        redirectUri,
        onRefresh: (next) => {
          saved.push(next);
        },
      },
    });
    try {
      expect((await scm.getViewer()).login).toBe(gitlab.dataset.viewer.login);
      expect(saved).toEqual([]);
    } finally {
      await scm.close();
    }
  } finally {
    await oauth.close();
    await gitlab.stop();
  }
});
