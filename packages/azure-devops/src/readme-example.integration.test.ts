import { collectAll, paginate, parseRepoRef } from '@scm/core';
import { startAzureSimulator } from '@scm/testkit/azure';
import { expect, it } from 'vitest';
import { createAzureDevOpsProvider, createAzureOAuth } from './index.js';

// README.md's examples, step for step, so the README stays true.
it('runs the README PAT example against the simulator', async () => {
  const azure = await startAzureSimulator();
  const scm = createAzureDevOpsProvider({
    baseUrl: azure.organizationUrl, // http://127.0.0.1:<port>/fabrikam
    profileUrl: azure.profileUrl,
    auth: { type: 'pat', token: azure.personalAccessToken },
  });
  try {
    const repo = parseRepoRef(encodeURIComponent(azure.expected.repository)); // fabrikam%2F…%2F…
    const open = await collectAll(
      paginate((page) => scm.listPullRequests(repo, { ...page, state: 'open' }), { limit: 50 }),
    );
    const first = open[0];
    if (first === undefined) throw new Error('no open pull request');
    const diff = await scm.getPullRequestDiff(repo, first.number);

    expect(open.every((pr) => pr.state === 'open')).toBe(true);
    expect(diff.sha).toBe(first.headSha);
    expect(diff.files.length).toBeGreaterThan(0);
    expect(diff.files.every((file) => file.binary || file.patch?.startsWith('@@ ') === true)).toBe(
      true,
    );
  } finally {
    await scm.close();
    await azure.stop();
  }
});

it('runs the README Server and OAuth examples against the simulator', async () => {
  const azure = await startAzureSimulator();
  const oauth = createAzureOAuth({
    authorityUrl: azure.url, // Entra's base URL; the simulator is both
    tenant: azure.oauth.tenantId,
    clientId: azure.oauth.clientId,
    clientSecret: azure.oauth.clientSecret,
  });
  try {
    const { createHash } = await import('node:crypto');
    const codeVerifier = 'a'.repeat(43);
    const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
    const url = oauth.authorizeUrl({
      redirectUri: azure.oauth.redirectUri,
      state: 'st',
      codeChallenge,
    });
    const consent = await fetch(url, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe('st');
    const tokens = await oauth.exchangeCode({
      code: callback.searchParams.get('code') ?? '',
      redirectUri: azure.oauth.redirectUri,
      codeVerifier,
    });

    const saved: unknown[] = [];
    // A collection URL as Azure DevOps Server has it: the organization is the collection's name.
    const scm = createAzureDevOpsProvider({
      baseUrl: azure.organizationUrl,
      profileUrl: azure.profileUrl,
      authorityUrl: azure.url,
      auth: {
        type: 'oauth',
        tokens,
        clientId: azure.oauth.clientId,
        clientSecret: azure.oauth.clientSecret,
        tenant: azure.oauth.tenantId,
        onRefresh: (next) => {
          saved.push(next);
        },
      },
    });
    azure.expireAccessTokens();
    const viewer = await scm.getViewer();
    expect(viewer.login).toBe(azure.dataset.viewer.login);
    expect(saved).toHaveLength(1);
    await scm.close();
  } finally {
    await oauth.close();
    await azure.stop();
  }
});
