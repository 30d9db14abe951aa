import { createPkcePair, ScmError } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubOAuth } from './github-oauth.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ScmError.isInstance(error)) throw new Error(`expected an ScmError, got ${String(error)}`);
  return error;
}

/** Follows the authorize URL as a browser would, up to the redirect back: the code and state. */
async function approve(url: string): Promise<{ code: string; state: string | null }> {
  const response = await request(url, { method: 'GET' });
  await response.body.text();
  expect(response.statusCode).toBe(302);
  const location = new URL(String(response.headers.location));
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return {
    code: location.searchParams.get('code') ?? '',
    state: location.searchParams.get('state'),
  };
}

function formOf(body: unknown): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(String(body)));
}

async function viewerStatus(sim: GitHubSimulator, token: string): Promise<number> {
  const response = await request(`${sim.baseUrl}/user`, {
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'test' },
  });
  await response.body.text();
  return response.statusCode;
}

describe('createGitHubOAuth against the GitHub simulator', () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('builds the authorize URL on the web host with client id, redirect, state and scopes', () => {
    const oauth = createGitHubOAuth({ ...sim.oauth, webBaseUrl: sim.webUrl });
    const url = new URL(
      oauth.authorizeUrl({ redirectUri: REDIRECT, state: 's-1', scopes: ['repo', 'read:org'] }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${sim.webUrl}/login/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: sim.oauth.clientId,
      redirect_uri: REDIRECT,
      state: 's-1',
      scope: 'repo read:org',
    });
    expect(() => oauth.authorizeUrl({ redirectUri: REDIRECT, state: '' })).toThrow(ScmError);
  });

  it('runs the web flow: authorize, exchange the code, use the token, refresh it', async () => {
    const oauth = createGitHubOAuth({ ...sim.oauth, webBaseUrl: sim.webUrl });
    const { code, state } = await approve(
      oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'xyz', scopes: ['repo'] }),
    );
    expect(state).toBe('xyz');
    const before = Date.now();
    const tokens = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
    expect(tokens.accessToken).toMatch(/^ghu_/);
    expect(tokens.refreshToken).toMatch(/^ghr_/);
    expect(tokens.scopes).toEqual(['repo']);
    // GitHub's expiring user tokens last 8 hours.
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 8 * 3600_000 - 1000);
    expect(await viewerStatus(sim, tokens.accessToken)).toBe(200);

    const exchange = sim.requests
      .filter({ method: 'POST', path: '/login/oauth/access_token' })
      .at(-1);
    expect(exchange?.headers.accept).toBe('application/json');
    expect(formOf(exchange?.body)).toMatchObject({
      code,
      redirect_uri: REDIRECT,
      client_id: sim.oauth.clientId,
    });

    const refreshed = await oauth.refresh(tokens.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(await viewerStatus(sim, refreshed.accessToken)).toBe(200);
    const refresh = sim.requests
      .filter({ method: 'POST', path: '/login/oauth/access_token' })
      .at(-1);
    expect(formOf(refresh?.body)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
    });

    // GitHub's refresh tokens are single use.
    const reused = await errorOf(oauth.refresh(tokens.refreshToken ?? ''));
    expect(reused.code).toBe('AUTH_EXPIRED');
    await oauth.close();
  });

  it('maps GitHub’s 200-with-error answers: a used code, a wrong redirect, a wrong client secret', async () => {
    const oauth = createGitHubOAuth({ ...sim.oauth, webBaseUrl: sim.webUrl });
    const first = await approve(oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'a' }));
    await oauth.exchangeCode({ code: first.code, redirectUri: REDIRECT });
    expect(
      (await errorOf(oauth.exchangeCode({ code: first.code, redirectUri: REDIRECT }))).code,
    ).toBe('AUTH_EXPIRED');

    const second = await approve(oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'b' }));
    const mismatch = await errorOf(
      oauth.exchangeCode({ code: second.code, redirectUri: 'http://127.0.0.1:9/other' }),
    );
    expect(mismatch.code).toBe('INVALID_REQUEST');

    const wrongSecret = 'not-the-secret-0123456789';
    const impostor = createGitHubOAuth({
      clientId: sim.oauth.clientId,
      clientSecret: wrongSecret,
      webBaseUrl: sim.webUrl,
    });
    const third = await approve(oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'c' }));
    const refused = await errorOf(
      impostor.exchangeCode({ code: third.code, redirectUri: REDIRECT }),
    );
    expect(refused.code).toBe('INVALID_CREDENTIALS');
    expect(refused.provider).toBe('github');
    expect(JSON.stringify([refused.message, refused.details, String(refused.cause)])).not.toContain(
      wrongSecret,
    );
    await Promise.all([oauth.close(), impostor.close()]);
  });

  it('sends a PKCE challenge (S256) and the verifier; the simulator refuses a wrong or missing one', async () => {
    const oauth = createGitHubOAuth({ ...sim.oauth, webBaseUrl: sim.webUrl });
    const pkce = createPkcePair();
    const url = new URL(
      oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'p', codeChallenge: pkce.challenge }),
    );
    expect(url.searchParams.get('code_challenge')).toBe(pkce.challenge);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const right = await approve(url.toString());
    const tokens = await oauth.exchangeCode({
      code: right.code,
      redirectUri: REDIRECT,
      codeVerifier: pkce.verifier,
    });
    expect(await viewerStatus(sim, tokens.accessToken)).toBe(200);

    const wrong = await approve(url.toString());
    const refused = await errorOf(
      oauth.exchangeCode({
        code: wrong.code,
        redirectUri: REDIRECT,
        codeVerifier: createPkcePair().verifier,
      }),
    );
    expect(refused.message).toMatch(/code_verifier/);
    const missing = await approve(url.toString());
    await errorOf(oauth.exchangeCode({ code: missing.code, redirectUri: REDIRECT }));
    // Only S256 is accepted.
    const plain = await request(
      url.toString().replace('code_challenge_method=S256', 'code_challenge_method=plain'),
    );
    await plain.body.text();
    expect(plain.statusCode).toBe(400);
  });

  it('derives the web host from a GHES API base URL (`/api/v3` → host root)', async () => {
    const oauth = createGitHubOAuth({ ...sim.oauth, baseUrl: sim.enterpriseBaseUrl });
    const url = oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'ghes' });
    expect(url.startsWith(`${sim.webUrl}/login/oauth/authorize?`)).toBe(true);
    const { code } = await approve(url);
    const tokens = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
    expect(await viewerStatus(sim, tokens.accessToken)).toBe(200);
    await oauth.close();
  });

  it('reads non-expiring OAuth app tokens (no refresh token, no expiry)', async () => {
    const classic = await startGitHubSimulator({ expiringUserTokens: false });
    try {
      const oauth = createGitHubOAuth({ ...classic.oauth, webBaseUrl: classic.webUrl });
      const { code } = await approve(
        oauth.authorizeUrl({ redirectUri: REDIRECT, state: 'c', scopes: ['repo', 'gist'] }),
      );
      const tokens = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
      expect(tokens).toMatchObject({
        refreshToken: null,
        expiresAt: null,
        scopes: ['repo', 'gist'],
      });
      expect(tokens.accessToken).toMatch(/^gho_/);
      await oauth.close();
    } finally {
      await classic.stop();
    }
  });
});
