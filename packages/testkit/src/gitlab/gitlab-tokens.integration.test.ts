import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from './start-gitlab-simulator.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: () => Record<string, unknown>;
}

async function call(
  url: string,
  init: {
    method?: 'GET' | 'POST' | 'DELETE';
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const response = await request(url, init);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === 'string') headers[name] = value;
  const body = await response.body.text();
  return {
    status: response.statusCode,
    headers,
    body,
    json: () => JSON.parse(body) as Record<string, unknown>,
  };
}

describe('GitLab personal access tokens', () => {
  let sim: GitLabSimulator;
  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 3 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('describes itself with GitLab’s fields and acts as its user', async () => {
    const other = sim.dataset.users.find((user) => user.login !== sim.dataset.viewer.login);
    if (other === undefined) throw new Error('no second user');
    const token = sim.issuePersonalAccessToken({
      scopes: ['api', 'read_repository'],
      login: other.login,
      expiresAt: '2999-01-31',
      name: 'oore-ci',
    });
    expect(token).toMatch(/^glpat-/);
    const self = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
      headers: { 'private-token': token },
    });
    expect(self.status).toBe(200);
    const body = self.json();
    for (const field of [
      'id',
      'name',
      'revoked',
      'created_at',
      'description',
      'scopes',
      'user_id',
      'last_used_at',
      'active',
      'expires_at',
    ])
      expect(body, field).toHaveProperty(field);
    expect(body).toMatchObject({
      name: 'oore-ci',
      revoked: false,
      scopes: ['api', 'read_repository'],
      user_id: other.id,
      active: true,
      expires_at: '2999-01-31',
    });
    expect(String(body.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The same token as a bearer token, on an ordinary route, acts as its user.
    const user = await call(`${sim.baseUrl}/api/v4/user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(user.json()).toMatchObject({ id: other.id, username: other.login });
    const projects = await call(`${sim.baseUrl}/api/v4/projects?per_page=1`, {
      headers: { 'private-token': token },
    });
    expect(projects.status).toBe(200);
  });

  it('enforces scopes, and refuses revoked, expired and unknown tokens', async () => {
    const readOnly = sim.issuePersonalAccessToken({ scopes: ['read_repository'] });
    const self = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
      headers: { 'private-token': readOnly },
    });
    expect(self.json()).toMatchObject({ scopes: ['read_repository'], active: true });
    const projects = await call(`${sim.baseUrl}/api/v4/projects`, {
      headers: { 'private-token': readOnly },
    });
    expect(projects.status).toBe(403);
    expect(projects.json()).toMatchObject({ error: 'insufficient_scope' });

    const revoked = sim.issuePersonalAccessToken({ scopes: ['api'] });
    sim.revokePersonalAccessToken(revoked);
    for (const headers of [{ 'private-token': revoked }, { authorization: `Bearer ${revoked}` }]) {
      const answer = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, { headers });
      expect(answer.status).toBe(401);
      expect(answer.json()).toMatchObject({ error: 'invalid_token' });
    }
    const expired = sim.issuePersonalAccessToken({ scopes: ['api'], expiresAt: '2001-01-01' });
    expect(
      (await call(`${sim.baseUrl}/api/v4/user`, { headers: { 'private-token': expired } })).status,
    ).toBe(401);
    const unknown = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
      headers: { 'private-token': 'glpat-nope' },
    });
    expect([unknown.status, unknown.json()]).toEqual([401, { message: '401 Unauthorized' }]);

    // A token revokes itself.
    const selfRevoking = sim.issuePersonalAccessToken({ scopes: ['read_user'] });
    const deleted = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
      method: 'DELETE',
      headers: { 'private-token': selfRevoking },
    });
    expect(deleted.status).toBe(204);
    expect(
      (await call(`${sim.baseUrl}/api/v4/user`, { headers: { 'private-token': selfRevoking } }))
        .status,
    ).toBe(401);
    expect(() => sim.issuePersonalAccessToken({ scopes: ['api'], login: 'nobody-here' })).toThrow();
  });

  it('answers an OAuth token on /personal_access_tokens/self with 400', async () => {
    const { access_token: accessToken } = sim.issueOAuthTokens(['api']);
    const answer = await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(answer.status).toBe(400);
  });
});

describe('GitLab OAuth applications on a self-managed instance under a path prefix', () => {
  let sim: GitLabSimulator;
  const redirectUri = 'https://ci.example.test/gitlab/callback';
  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 3, pathPrefix: '/gitlab' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const tokenRequest = (form: Record<string, string>): Promise<Answer> =>
    call(`${sim.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('authorizes, exchanges the code, and rotates the refresh token', async () => {
    expect(sim.baseUrl).toBe(`${sim.url}/gitlab`);
    const { applicationId, secret } = sim.createOAuthApplication({
      redirectUri,
      scopes: ['api', 'read_user'],
    });
    const authorize = await call(
      `${sim.baseUrl}/oauth/authorize?${new URLSearchParams({
        client_id: applicationId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'api',
        state: 'st-9',
      }).toString()}`,
    );
    expect(authorize.status).toBe(302);
    const back = new URL(authorize.headers.location ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st-9');
    const code = back.searchParams.get('code') ?? '';

    const exchange = { client_id: applicationId, client_secret: secret, redirect_uri: redirectUri };
    const first = await tokenRequest({ ...exchange, grant_type: 'authorization_code', code });
    expect(first.status).toBe(200);
    const tokens = first.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'api', expires_in: 7200 });
    expect(typeof tokens.created_at).toBe('number');
    // The code is single use.
    expect(
      (await tokenRequest({ ...exchange, grant_type: 'authorization_code', code })).status,
    ).toBe(400);

    const user = await call(`${sim.baseUrl}/api/v4/user`, {
      headers: { authorization: `Bearer ${String(tokens.access_token)}` },
    });
    expect(user.status).toBe(200);
    expect(String(user.json().web_url)).toMatch(new RegExp(`^${sim.url}/gitlab/`));
    expect(String(user.json().avatar_url)).toMatch(new RegExp(`^${sim.url}/gitlab/`));

    const refresh = {
      client_id: applicationId,
      client_secret: secret,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
    };
    const second = await tokenRequest(refresh);
    expect(second.status).toBe(200);
    expect(second.json().refresh_token).not.toBe(tokens.refresh_token);
    expect(second.json().scope).toBe('api');
    expect((await tokenRequest(refresh)).json()).toMatchObject({ error: 'invalid_grant' });
    // The rotated-away access token stops working.
    expect(
      (
        await call(`${sim.baseUrl}/api/v4/user`, {
          headers: { authorization: `Bearer ${String(tokens.access_token)}` },
        })
      ).status,
    ).toBe(401);
  });

  it('refuses an unregistered redirect URI with a page, and scopes beyond the application’s', async () => {
    const { applicationId } = sim.createOAuthApplication({ redirectUri, scopes: ['read_user'] });
    const wrong = await call(
      `${sim.baseUrl}/oauth/authorize?client_id=${applicationId}&response_type=code&redirect_uri=${encodeURIComponent('https://evil.example.test/cb')}`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.headers.location).toBeUndefined();
    const scope = await call(
      `${sim.baseUrl}/oauth/authorize?client_id=${applicationId}&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}&scope=api&state=s`,
    );
    const location = new URL(scope.headers.location ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('lets a public application exchange its code with PKCE and no secret', async () => {
    const { applicationId } = sim.createOAuthApplication({
      redirectUri,
      scopes: ['read_api'],
      confidential: false,
    });
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = await call(
      `${sim.baseUrl}/oauth/authorize?client_id=${applicationId}&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}&code_challenge=${challenge}&code_challenge_method=S256`,
    );
    const code = new URL(authorize.headers.location ?? '').searchParams.get('code') ?? '';
    const answer = await tokenRequest({
      client_id: applicationId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(answer.json()).toMatchObject({ scope: 'read_api' });
  });

  it('serves everything under the prefix only, with prefixed pagination links', async () => {
    const headers = { 'private-token': sim.tokens.personalToken };
    const page = await call(`${sim.baseUrl}/api/v4/projects?per_page=2`, { headers });
    expect(page.status).toBe(200);
    expect(page.headers.link).toContain(`<${sim.url}/gitlab/api/v4/projects?per_page=2&page=2>`);
    expect((await call(`${sim.url}/api/v4/projects`, { headers })).status).toBe(404);
    expect((await call(`${sim.url}/oauth/token`, { method: 'POST' })).status).toBe(404);
    const pat = sim.issuePersonalAccessToken({ scopes: ['read_user'] });
    const version = await call(`${sim.baseUrl}/api/v4/version`, {
      headers: { 'private-token': pat },
    });
    expect(version.json()).toHaveProperty('version');
    expect(
      (
        await call(`${sim.baseUrl}/api/v4/personal_access_tokens/self`, {
          headers: { 'private-token': pat },
        })
      ).status,
    ).toBe(200);
  });
});
