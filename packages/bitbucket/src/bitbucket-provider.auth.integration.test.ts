import { createPkcePair, parseRepoRef, ScmError, type OAuthTokens } from '@scm/core';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBitbucketOAuth } from './bitbucket-oauth.js';
import { createBitbucketProvider } from './bitbucket-provider.js';

async function errorOf(promise: Promise<unknown>): Promise<ScmError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ScmError.isInstance(error)) throw new Error(`expected an ScmError, got ${String(error)}`);
  return error;
}

describe('Bitbucket credentials against the simulator', () => {
  let sim: BitbucketSimulator;
  beforeAll(async () => {
    sim = await startBitbucketSimulator({ seed: 5 });
  });
  beforeEach(() => {
    sim.requests.clear();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const settings = { baseUrl: '', webBaseUrl: '' };
  beforeAll(() => {
    settings.baseUrl = sim.apiBaseUrl;
    settings.webBaseUrl = sim.webBaseUrl;
  });

  /** Walks the consent redirect the way a browser would, and exchanges the code. */
  async function authorize(): Promise<OAuthTokens> {
    const oauth = createBitbucketOAuth({ ...sim.oauth, webBaseUrl: sim.webBaseUrl });
    try {
      const redirectUri = 'https://app.example.test/callback';
      const url = oauth.authorizeUrl({ redirectUri, state: 'st4te' });
      const consent = await request(url);
      await consent.body.dump();
      expect(consent.statusCode).toBe(302);
      const back = new URL(String(consent.headers.location));
      expect(back.origin + back.pathname).toBe(redirectUri);
      expect(back.searchParams.get('state')).toBe('st4te');
      return await oauth.exchangeCode({ code: back.searchParams.get('code') ?? '', redirectUri });
    } finally {
      await oauth.close();
    }
  }

  it('sends an access token as Bearer and maps a wrong one to INVALID_CREDENTIALS without echoing it', async () => {
    const good = createBitbucketProvider({
      ...settings,
      auth: { type: 'access-token', token: sim.accessToken },
    });
    const bad = createBitbucketProvider({
      ...settings,
      auth: { type: 'access-token', token: 'not-the-token' },
    });
    try {
      expect((await good.getViewer()).login).toBe(sim.dataset.viewer.login);
      expect(sim.requests.last()?.headers.authorization).toBe(`Bearer ${sim.accessToken}`);
      const error = await errorOf(bad.getViewer());
      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(error.upstreamStatus).toBe(401);
      expect(error.message).toBe('Bitbucket: Invalid credentials');
      expect(
        JSON.stringify({
          message: error.message,
          details: error.details,
          cause: String(error.cause),
        }),
      ).not.toContain('not-the-token');
    } finally {
      await good.close();
      await bad.close();
    }
  });

  it('sends an API token with the account email (or an app password with the username) as Basic', async () => {
    for (const username of [sim.email, sim.username]) {
      const provider = createBitbucketProvider({
        ...settings,
        auth: { type: 'basic', username, token: sim.apiToken },
      });
      try {
        expect((await provider.getViewer()).login).toBe(sim.dataset.viewer.login);
        const header = String(sim.requests.last()?.headers.authorization);
        expect(Buffer.from(header.slice('Basic '.length), 'base64').toString()).toBe(
          `${username}:${sim.apiToken}`,
        );
      } finally {
        await provider.close();
      }
    }
  });

  it('exchanges an authorization code for tokens that call the API', async () => {
    const tokens = await authorize();
    expect(tokens).toMatchObject({ tokenType: 'bearer', scopes: sim.oauth.scopes });
    expect(tokens.refreshToken).not.toBeNull();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 7_000_000);
    const provider = createBitbucketProvider({
      ...settings,
      auth: { type: 'oauth', ...sim.oauth, tokens },
    });
    try {
      await provider.getViewer();
      expect(sim.requests.last()?.headers.authorization).toBe(`Bearer ${tokens.accessToken}`);
      // A code is single use.
      const error = await errorOf(
        (provider.oauth as NonNullable<typeof provider.oauth>).exchangeCode({
          code: 'used',
          redirectUri: 'x',
        }),
      );
      expect(error.code).toBe('AUTH_EXPIRED');
    } finally {
      await provider.close();
    }
  });

  it('refreshes an expiring token once for concurrent calls and hands the new pair to onRefresh', async () => {
    const issued = await authorize();
    const persisted: OAuthTokens[] = [];
    const provider = createBitbucketProvider({
      ...settings,
      auth: {
        type: 'oauth',
        ...sim.oauth,
        tokens: { ...issued, expiresAt: Date.now() + 10_000 },
        onRefresh: (tokens) => {
          persisted.push(tokens);
        },
      },
    });
    try {
      sim.requests.clear();
      await Promise.all([
        provider.getViewer(),
        provider.listOrganizations({ limit: 5 }),
        provider.getViewer(),
      ]);
      expect(sim.requests.count({ method: 'POST', path: '/site/oauth2/access_token' })).toBe(1);
      expect(persisted).toHaveLength(1);
      expect(persisted[0]?.accessToken).not.toBe(issued.accessToken);
      expect(sim.requests.last()?.headers.authorization).toBe(
        `Bearer ${persisted[0]?.accessToken ?? ''}`,
      );
      const form = new URLSearchParams(
        String(sim.requests.filter({ path: '/site/oauth2/access_token' })[0]?.body),
      );
      expect(form.get('grant_type')).toBe('refresh_token');
      expect(form.get('refresh_token')).toBe(issued.refreshToken);
    } finally {
      await provider.close();
    }
  });

  it('refreshes and retries once when Bitbucket rejects a token it expired early', async () => {
    const issued = await authorize();
    const provider = createBitbucketProvider({
      ...settings,
      auth: { type: 'oauth', ...sim.oauth, tokens: issued },
    });
    try {
      sim.expireAccessTokens();
      sim.requests.clear();
      expect((await provider.getViewer()).login).toBe(sim.dataset.viewer.login);
      expect(sim.requests.entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
        'GET /2.0/user',
        'POST /site/oauth2/access_token',
        'GET /2.0/user',
      ]);
    } finally {
      await provider.close();
    }
  });

  it('reports AUTH_EXPIRED when the grant was revoked', async () => {
    const issued = await authorize();
    const provider = createBitbucketProvider({
      ...settings,
      auth: { type: 'oauth', ...sim.oauth, tokens: issued },
    });
    try {
      sim.expireAccessTokens();
      sim.revokeRefreshTokens();
      const error = await errorOf(provider.getViewer());
      expect(error.code).toBe('AUTH_EXPIRED');
      expect(error.message).toContain('invalid_grant');
    } finally {
      await provider.close();
    }
  });

  it('maps wrong consumer credentials to INVALID_CREDENTIALS', async () => {
    const oauth = createBitbucketOAuth({
      ...sim.oauth,
      clientSecret: 'wrong',
      webBaseUrl: sim.webBaseUrl,
    });
    try {
      const error = await errorOf(oauth.refresh('anything'));
      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(error.upstreamStatus).toBe(401);
    } finally {
      await oauth.close();
    }
  });

  it('sends a PKCE challenge (S256) and its verifier; the simulator refuses a wrong one', async () => {
    const oauth = createBitbucketOAuth({ ...sim.oauth, webBaseUrl: sim.webBaseUrl });
    try {
      const redirectUri = 'https://app.example.test/callback';
      const pkce = createPkcePair();
      const approve = async (): Promise<string> => {
        const url = oauth.authorizeUrl({ redirectUri, state: 'p', codeChallenge: pkce.challenge });
        expect(new URL(url).searchParams.get('code_challenge')).toBe(pkce.challenge);
        expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
        const consent = await request(url);
        await consent.body.dump();
        return new URL(String(consent.headers.location)).searchParams.get('code') ?? '';
      };
      const tokens = await oauth.exchangeCode({
        code: await approve(),
        redirectUri,
        codeVerifier: pkce.verifier,
      });
      expect(tokens.accessToken).not.toBe('');
      const exchange = sim.requests.last();
      expect(new URLSearchParams(String(exchange?.body)).get('code_verifier')).toBe(pkce.verifier);
      const wrong = await errorOf(
        oauth.exchangeCode({
          code: await approve(),
          redirectUri,
          codeVerifier: createPkcePair().verifier,
        }),
      );
      expect(wrong.message).not.toContain(pkce.verifier);
      await errorOf(oauth.exchangeCode({ code: await approve(), redirectUri }));
    } finally {
      await oauth.close();
    }
  });

  it('builds the authorize URL on the web host, never the API host', () => {
    const oauth = createBitbucketOAuth({ clientId: 'key', clientSecret: 'secret' });
    const url = new URL(
      oauth.authorizeUrl({ redirectUri: 'https://app.example.test/cb', state: 's' }),
    );
    expect(url.origin + url.pathname).toBe('https://bitbucket.org/site/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'key',
      response_type: 'code',
      state: 's',
      redirect_uri: 'https://app.example.test/cb',
    });
    expect(url.toString()).not.toContain('secret');
  });

  it('without credentials, API calls fail with AUTH_REQUIRED and send nothing', async () => {
    const provider = createBitbucketProvider({ ...settings });
    try {
      expect((await errorOf(provider.getViewer())).code).toBe('AUTH_REQUIRED');
      expect(sim.requests.count()).toBe(0);
      expect(provider.oauth).toBeUndefined();
    } finally {
      await provider.close();
    }
  });

  it('maps a token without the webhook scope to INSUFFICIENT_SCOPE with Bitbucket’s message', async () => {
    const limited = await startBitbucketSimulator({
      seed: 5,
      accessTokenScopes: ['account', 'repository'],
    });
    const provider = createBitbucketProvider({
      baseUrl: limited.apiBaseUrl,
      auth: { type: 'access-token', token: limited.accessToken },
    });
    try {
      const repo = parseRepoRef(encodeURIComponent(limited.expected.repository));
      expect((await provider.getRepository(repo)).fullName).toBe(limited.expected.repository);
      const error = await errorOf(
        provider.createWebhook(repo, {
          callbackUrl: 'https://hooks.example.test/x',
          events: ['push'],
          active: true,
        }),
      );
      expect(error.code).toBe('INSUFFICIENT_SCOPE');
      expect(error.upstreamStatus).toBe(403);
      expect(error.message).toBe(
        'Bitbucket: Your credentials lack one or more required privilege scopes.',
      );
      expect((await errorOf(provider.listDeployments(repo, { limit: 5 }))).code).toBe(
        'INSUFFICIENT_SCOPE',
      );
    } finally {
      await provider.close();
      await limited.stop();
    }
  });

  it('shortens a status context past Bitbucket’s 40-character key limit, keeping contexts apart', async () => {
    const provider = createBitbucketProvider({
      ...settings,
      auth: { type: 'access-token', token: sim.accessToken },
    });
    try {
      const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
      const sha = sim.dataset.repositories[0]?.commits[0]?.sha ?? '';
      const long = 'continuous-integration/very-long-pipeline-name';
      const first = await provider.setCommitStatus(repo, {
        sha,
        state: 'success',
        context: `${long}/a`,
      });
      const second = await provider.setCommitStatus(repo, {
        sha,
        state: 'failure',
        context: `${long}/b`,
      });
      expect(first.id).toHaveLength(40);
      expect(first.id).not.toBe(second.id);
      expect([first.name, second.name]).toEqual([`${long}/a`, `${long}/b`]);
    } finally {
      await provider.close();
    }
  });
});
