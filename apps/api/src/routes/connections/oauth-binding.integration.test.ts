import { createPkcePair, pkceChallenge } from '@scm/core';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bitbucketSimulatorHost,
  githubSimulatorHost,
  gitlabSimulatorHost,
} from '../../../demo/simulator-hosts.js';
import { joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, CookieJar, type CallResult } from '../../test-support/http.js';

type Provider = 'github' | 'gitlab' | 'bitbucket';

// Security review #12, finding 4: a provider OAuth state was not bound to the browser that started
// the flow (someone else's browser could finish it, landing their account in the starter's
// tenant), and no PKCE was sent to the providers.
describe('provider OAuth bound to the browser that started it, with PKCE', () => {
  let github: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let bitbucket: BitbucketSimulator;
  let gw: TestGateway;
  let developer: { token: string; tenantId: string };

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 41 });
    gitlab = await startGitLabSimulator({ seed: 41 });
    bitbucket = await startBitbucketSimulator({ seed: 41 });
    gw = await startTestGateway({
      providerHosts: [
        githubSimulatorHost(github),
        gitlabSimulatorHost(gitlab),
        bitbucketSimulatorHost(bitbucket),
      ],
    });
    developer = await signUpDeveloper(gw);
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
    await gitlab.stop();
    await bitbucket.stop();
  });

  /** A browser signed in to the gateway as the developer (the session cookie). */
  const developerBrowser = (): CookieJar => {
    const jar = new CookieJar();
    jar.store(`sgg_session=${developer.token}; Path=/; HttpOnly`);
    return jar;
  };
  const connectionCount = () =>
    gw.gateway.services.prisma.connection.count({ where: { tenantId: developer.tenantId } });

  /** The provider approves at once and redirects back: the callback URL its redirect names. */
  const throughProvider = async (providerUrl: string): Promise<string> => {
    const upstream = await call('GET', providerUrl);
    expect(upstream.status, upstream.text).toBe(302);
    const callback = upstream.location ?? '';
    expect(callback.startsWith(`${gw.url}/v1/auth/`)).toBe(true);
    return callback;
  };

  const expectRefusedPage = (response: CallResult): void => {
    expect(response.status, response.text).toBe(400);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/started in another browser/);
  };

  it('a web start sets an HttpOnly binding cookie; another browser with the link is refused, the starter completes', async () => {
    const starter = developerBrowser();
    const start = await call('GET', `${gw.url}/v1/auth/gitlab/start?web=1`, { jar: starter });
    expect(start.status, start.text).toBe(302);
    const setCookie =
      ([] as string[])
        .concat(start.headers['set-cookie'] ?? [])
        .find((line) => line.startsWith('sgg_oauth_')) ?? '';
    expect(setCookie).toMatch(/^sgg_oauth_ost_[^=]+=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Path=\/v1\/auth\/gitlab\/callback/);
    expect(setCookie).toMatch(/Max-Age=600/);
    const providerUrl = start.location ?? '';
    const before = await connectionCount();

    // The link is sent to someone else: their browser (no gateway cookie) completes the provider's
    // side and comes back to the callback.
    const stranger = new CookieJar();
    const strangersCallback = await throughProvider(providerUrl);
    expectRefusedPage(await call('GET', strangersCallback, { jar: stranger }));
    // Nor with a forged cookie of the right name.
    const forged = new CookieJar();
    forged.store(`${setCookie.split('=')[0] ?? ''}=${'A'.repeat(43)}`);
    expectRefusedPage(await call('GET', strangersCallback, { jar: forged }));
    expect(await connectionCount()).toBe(before);

    // The refusal did not spend the state: the starter's browser finishes its own sign-in.
    const finished = await call('GET', await throughProvider(providerUrl), { jar: starter });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.json<{ tenantId: string; provider: string }>()).toMatchObject({
      tenantId: developer.tenantId,
      provider: 'gitlab',
    });
    expect(await connectionCount()).toBe(before + 1);
    // The cookie is cleared, and the state cannot be replayed.
    expect(
      ([] as string[])
        .concat(finished.headers['set-cookie'] ?? [])
        .some((line) => line.startsWith('sgg_oauth_') && /Max-Age=0/.test(line)),
    ).toBe(true);
    expect((await call('GET', await throughProvider(providerUrl), { jar: starter })).status).toBe(
      400,
    );
  });

  it('a JSON start answers a gateway link that only the developer’s own browser can open, once', async () => {
    const start = await call('GET', `${gw.url}/v1/auth/gitlab/start`, {
      headers: { authorization: `Bearer ${developer.token}` },
    });
    expect(start.status, start.text).toBe(200);
    const { authorizationUrl } = start.json<{ authorizationUrl: string }>();
    expect(authorizationUrl.startsWith(`${gw.url}/v1/auth/gitlab/begin?state=`)).toBe(true);

    // Sent to someone else: their browser is not signed in as the developer.
    const stranger = new CookieJar();
    const refused = await call('GET', authorizationUrl, { jar: stranger });
    expect(refused.status, refused.text).toBe(401);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');
    expect(refused.location).toBeNull();

    const own = developerBrowser();
    const begin = await call('GET', authorizationUrl, { jar: own });
    expect(begin.status, begin.text).toBe(302);
    expect(new URL(begin.location ?? '').origin).toBe(new URL(gitlab.baseUrl).origin);
    // Once: the link bound this browser and cannot bind another.
    expect((await call('GET', authorizationUrl, { jar: developerBrowser() })).status).toBe(400);

    const callback = await throughProvider(begin.location ?? '');
    const strangerCallback = await call('GET', callback, { jar: stranger });
    expect(strangerCallback.status).toBe(400);
    expect(strangerCallback.json<{ error: { code: string } }>().error.code).toBe('INVALID_REQUEST');
    const finished = await call('GET', callback, { jar: own });
    expect(finished.status, finished.text).toBe(200);
  });

  it('refuses the callback of a developer removed from the workspace after starting', async () => {
    const admin = await joinTenant(gw, developer.token, 'admin');
    const start = await call('GET', `${gw.url}/v1/auth/gitlab/start`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(start.status, start.text).toBe(200);
    const own = new CookieJar();
    own.store(`sgg_session=${admin.token}; Path=/; HttpOnly`);
    const begin = await call('GET', start.json<{ authorizationUrl: string }>().authorizationUrl, {
      jar: own,
    });
    expect(begin.status, begin.text).toBe(302);
    const callback = await throughProvider(begin.location ?? '');
    const removed = await call('DELETE', `${gw.url}/v1/tenant/members/${admin.userId}`, {
      headers: { authorization: `Bearer ${developer.token}` },
    });
    expect(removed.status, removed.text).toBe(200);
    const before = await connectionCount();
    const finished = await call('GET', callback, { jar: own });
    expect(finished.status, finished.text).toBe(403);
    expect(finished.json<{ error: { code: string } }>().error.code).toBe('INSUFFICIENT_SCOPE');
    expect(await connectionCount()).toBe(before);
  });

  it('an admin-key JSON start binds the first browser that opens its link', async () => {
    const start = await call(
      'GET',
      `${gw.url}/v1/auth/github/start?tenantId=${developer.tenantId}`,
      { headers: { 'x-admin-api-key': gw.adminApiKey } },
    );
    expect(start.status, start.text).toBe(200);
    const { authorizationUrl } = start.json<{ authorizationUrl: string }>();
    const first = new CookieJar();
    const begin = await call('GET', authorizationUrl, { jar: first });
    expect(begin.status, begin.text).toBe(302);
    const second = new CookieJar();
    expect((await call('GET', authorizationUrl, { jar: second })).status).toBe(400);
    const callback = await throughProvider(begin.location ?? '');
    expect((await call('GET', callback, { jar: second })).status).toBe(400);
    expect((await call('GET', callback, { jar: first })).status).toBe(200);
  });

  const flows: [
    Provider,
    () => GitHubSimulator | GitLabSimulator | BitbucketSimulator,
    RegExp,
    RegExp,
  ][] = [
    ['github', () => github, /\/login\/oauth\/authorize$/, /\/login\/oauth\/access_token$/],
    ['gitlab', () => gitlab, /\/oauth\/authorize$/, /\/oauth\/token$/],
    ['bitbucket', () => bitbucket, /\/site\/oauth2\/authorize$/, /\/site\/oauth2\/access_token$/],
  ];

  it.each(flows)(
    '%s: the authorize URL carries an S256 challenge and the exchange its verifier',
    async (provider, sim, authorizePath, tokenPath) => {
      sim().requests.clear();
      const browser = developerBrowser();
      const start = await call('GET', `${gw.url}/v1/auth/${provider}/start?web=1`, {
        jar: browser,
      });
      expect(start.status, start.text).toBe(302);
      const finished = await call('GET', await throughProvider(start.location ?? ''), {
        jar: browser,
      });
      expect(finished.status, finished.text).toBe(200);

      const authorize = sim().requests.filter({ method: 'GET', path: authorizePath })[0];
      expect(authorize?.query.code_challenge_method).toBe('S256');
      const challenge = authorize?.query.code_challenge ?? '';
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const exchange = sim().requests.filter({ method: 'POST', path: tokenPath })[0];
      const form = new URLSearchParams(typeof exchange?.body === 'string' ? exchange.body : '');
      const verifier = form.get('code_verifier') ?? '';
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(pkceChallenge(verifier)).toBe(challenge);
      // Stored sealed, never in clear.
      const dump = JSON.stringify(await gw.gateway.services.prisma.oAuthState.findMany());
      expect(dump).not.toContain(verifier);
    },
  );

  it.each(flows)(
    '%s: the provider refuses the exchange when the verifier does not match (the simulator checks PKCE)',
    async (provider) => {
      const browser = developerBrowser();
      const start = await call('GET', `${gw.url}/v1/auth/${provider}/start?web=1`, {
        jar: browser,
      });
      expect(start.status, start.text).toBe(302);
      const state = new URL(start.location ?? '').searchParams.get('state') ?? '';
      const { prisma, secretBox } = gw.gateway.services;
      // Another verifier than the challenge was made from, as a stolen code would come with.
      const row = (
        await prisma.oAuthState.findMany({ orderBy: { createdAt: 'desc' }, take: 1 })
      )[0];
      await prisma.oAuthState.update({
        where: { id: row?.id ?? '' },
        data: { codeVerifierEnc: secretBox.encrypt(createPkcePair().verifier) },
      });
      const before = await connectionCount();
      const callback = await throughProvider(start.location ?? '');
      expect(new URL(callback).searchParams.get('state')).toBe(state);
      const refused = await call('GET', callback, { jar: browser });
      expect(refused.status, refused.text).toBeGreaterThanOrEqual(400);
      expect(refused.json<{ error: { source: string } }>().error.source).toBe('provider');
      expect(await connectionCount()).toBe(before);
    },
  );
});
