import { parseRepoRef, ScmError, toOAuthTokens, type OAuthTokens } from '@scm/core';
import { startAzureSimulator, type AzureSimulator } from '@scm/testkit/azure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureDevOpsProvider } from './azure-provider.js';

// The adapter's credentials and transport against the Azure simulator: HTTP Basic with a PAT,
// `api-version=7.1` on every call, the 203 sign-in page, Entra tokens refreshed once when Azure
// refuses them, and the Entra authorization code flow of `provider.oauth`.
let sim: AzureSimulator;
beforeAll(async () => {
  sim = await startAzureSimulator({ seed: 7 });
});
afterAll(async () => {
  await sim.stop();
});

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return ScmError.isInstance(error) ? error.code : 'not an ScmError';
  }
};

describe('personal access tokens', () => {
  it('sends the PAT as HTTP Basic with an empty user name and api-version=7.1 on every call', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      auth: { type: 'pat', token: sim.personalAccessToken },
    });
    sim.requests.clear();
    await provider.getViewer();
    await provider.listOrganizations({ limit: 5 });
    const repo = parseRepoRef(encodeURIComponent(sim.expected.repository));
    await provider.listBranches(repo, { limit: 2 });
    expect(sim.requests.entries.length).toBeGreaterThanOrEqual(3);
    for (const entry of sim.requests.entries) {
      expect(entry.query['api-version']).toBe('7.1');
      expect(entry.headers.authorization).toBe(
        `Basic ${Buffer.from(`:${sim.personalAccessToken}`).toString('base64')}`,
      );
    }
    await provider.close();
  });

  it('reads the 203 sign-in page Azure answers a refused PAT with as INVALID_CREDENTIALS', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      auth: { type: 'pat', token: 'not-the-token' },
    });
    expect(await codeOf(provider.listOrganizations({ limit: 5 }))).toBe('INVALID_CREDENTIALS');
    await provider.close();
  });

  it('names repositories by project/repository within the organization, and refuses another organization', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.url,
      organization: sim.organization,
      profileUrl: sim.profileUrl,
      auth: { type: 'pat', token: sim.personalAccessToken },
    });
    const [, project, name] = sim.expected.repository.split('/');
    const repo = await provider.getRepository(parseRepoRef(`${project ?? ''}%2F${name ?? ''}`));
    expect(repo.fullName).toBe(sim.expected.repository);
    expect(
      await codeOf(
        provider.getRepository(parseRepoRef(`other-org%2F${project ?? ''}%2F${name ?? ''}`)),
      ),
    ).toBe('REPOSITORY_NOT_FOUND');
    await provider.close();
  });
});

describe('Azure DevOps Server', () => {
  it('serves a collection under a virtual directory, and reads the viewer from connectionData', async () => {
    const server = await startAzureSimulator({
      seed: 7,
      pathPrefix: '/tfs',
      organization: 'DefaultCollection',
    });
    const provider = createAzureDevOpsProvider({
      baseUrl: `${server.url}/tfs/DefaultCollection`,
      auth: { type: 'pat', token: server.personalAccessToken },
    });
    try {
      expect((await provider.getViewer()).login).toBe(server.dataset.viewer.login);
      const repo = await provider.getRepository(
        parseRepoRef(encodeURIComponent(server.expected.repository)),
      );
      expect(repo.fullName.startsWith('DefaultCollection/')).toBe(true);
      expect(server.requests.filter({ path: /profile/ })).toEqual([]);
    } finally {
      await provider.close();
      await server.stop();
    }
  });
});

describe('Microsoft Entra OAuth', () => {
  const tokensFrom = (body: Record<string, unknown>): OAuthTokens =>
    toOAuthTokens(body, Date.now());

  it('refreshes a token Azure refuses once, shares the new pair, and goes on', async () => {
    const refreshed: OAuthTokens[] = [];
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      authorityUrl: sim.url,
      auth: {
        type: 'oauth',
        tokens: tokensFrom(sim.issueOAuthTokens()),
        clientId: sim.oauth.clientId,
        clientSecret: sim.oauth.clientSecret,
        tenant: sim.oauth.tenantId,
        onRefresh: (tokens) => {
          refreshed.push(tokens);
        },
      },
    });
    expect((await provider.getViewer()).login).toBe(sim.dataset.viewer.login);
    sim.expireAccessTokens();
    const [orgs, viewer] = await Promise.all([
      provider.listOrganizations({ limit: 100 }),
      provider.getViewer(),
    ]);
    expect(orgs.items.length).toBe(sim.projects.length);
    expect(viewer.login).toBe(sim.dataset.viewer.login);
    expect(refreshed).toHaveLength(1);
    await provider.close();
  });

  it('sends a token it cannot refresh as Bearer, AUTH_EXPIRED once Azure refuses it', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      auth: { type: 'bearer', token: tokensFrom(sim.issueOAuthTokens()).accessToken },
    });
    expect((await provider.getViewer()).login).toBe(sim.dataset.viewer.login);
    sim.expireAccessTokens();
    expect(await codeOf(provider.getViewer())).toBe('AUTH_EXPIRED');
    await provider.close();
  });

  it('says AUTH_EXPIRED when the refresh token no longer works', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      profileUrl: sim.profileUrl,
      authorityUrl: sim.url,
      auth: {
        type: 'oauth',
        tokens: { ...tokensFrom(sim.issueOAuthTokens()), refreshToken: 'revoked' },
        clientId: sim.oauth.clientId,
        clientSecret: sim.oauth.clientSecret,
        tenant: sim.oauth.tenantId,
      },
    });
    sim.expireAccessTokens();
    expect(await codeOf(provider.getViewer())).toBe('AUTH_EXPIRED');
    await provider.close();
  });

  it('builds the Entra authorize URL with PKCE and exchanges the code', async () => {
    const provider = createAzureDevOpsProvider({
      baseUrl: sim.organizationUrl,
      authorityUrl: sim.url,
      auth: { type: 'pat', token: sim.personalAccessToken },
      oauthApp: {
        clientId: sim.oauth.clientId,
        clientSecret: sim.oauth.clientSecret,
        tenant: sim.oauth.tenantId,
      },
    });
    const oauth = provider.oauth;
    if (oauth === undefined) throw new Error('no oauth helpers');
    const verifier = 'v'.repeat(43);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = new URL(
      oauth.authorizeUrl({
        redirectUri: sim.oauth.redirectUri,
        state: 's1',
        codeChallenge: challenge,
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${sim.authorityUrl}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('scope')).toBe(
      '499b84ac-1321-427f-aa17-267ca6975798/.default offline_access',
    );
    const redirect = await fetch(url, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await oauth.exchangeCode({
      code,
      redirectUri: sim.oauth.redirectUri,
      codeVerifier: verifier,
    });
    expect(tokens.accessToken).not.toBe('');
    expect(tokens.refreshToken).not.toBeNull();
    await provider.close();
  });
});
