import { ScmError } from '@scm/core';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubOAuth } from './github-oauth.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const clock = { now: () => NOW, sleep: () => Promise.resolve() };

describe('createGitHubOAuth', () => {
  let agent: MockAgent;
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const setup = () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    return {
      web: agent.get('https://ghe.example.test'),
      oauth: createGitHubOAuth({
        clientId: 'Iv1.abc',
        clientSecret: 'shh-secret',
        baseUrl: 'https://ghe.example.test/api/v3',
        dispatcher: agent,
        clock,
      }),
    };
  };

  const form = (expected: Record<string, string>) => (body: string) =>
    JSON.stringify(Object.fromEntries(new URLSearchParams(body))) === JSON.stringify(expected);

  it('sends the PKCE verifier, omits an empty redirect URI and reads the expiry against the clock', async () => {
    const { web, oauth } = setup();
    web
      .intercept({
        method: 'POST',
        path: '/login/oauth/access_token',
        headers: { accept: 'application/json' },
        body: form({
          client_id: 'Iv1.abc',
          client_secret: 'shh-secret',
          code: 'c0de',
          code_verifier: 'v'.repeat(43),
        }),
      })
      .reply(200, {
        access_token: 'ghu_x',
        expires_in: 28800,
        refresh_token: 'ghr_y',
        token_type: 'bearer',
        scope: '',
      });
    const tokens = await oauth.exchangeCode({
      code: 'c0de',
      redirectUri: '',
      codeVerifier: 'v'.repeat(43),
    });
    expect(tokens).toEqual({
      accessToken: 'ghu_x',
      refreshToken: 'ghr_y',
      expiresAt: NOW + 28_800_000,
      scopes: [],
      tokenType: 'bearer',
    });
  });

  it('maps an OAuth error sent with a 4xx status like GitHub’s 200-with-error', async () => {
    const { web, oauth } = setup();
    web
      .intercept({ method: 'POST', path: '/login/oauth/access_token' })
      .reply(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    const error: unknown = await oauth.refresh('ghr_old').catch((e: unknown) => e);
    expect(ScmError.isInstance(error) && error.code).toBe('INVALID_CREDENTIALS');
    expect(ScmError.isInstance(error) && error.upstreamStatus).toBe(401);
    expect((error as Error).message).not.toContain('shh-secret');
  });

  it('builds the authorize URL on the GHES host root', () => {
    const { oauth } = setup();
    expect(oauth.authorizeUrl({ redirectUri: 'https://app.test/cb', state: 's' })).toBe(
      'https://ghe.example.test/login/oauth/authorize?client_id=Iv1.abc&redirect_uri=https%3A%2F%2Fapp.test%2Fcb&state=s',
    );
  });

  it('adds a PKCE challenge with code_challenge_method=S256', () => {
    const { oauth } = setup();
    const url = new URL(
      oauth.authorizeUrl({
        redirectUri: 'https://app.test/cb',
        state: 's',
        codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      }),
    );
    expect(url.searchParams.get('code_challenge')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });
});
