import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost, gitlabSimulatorHost } from '../../../demo/simulator-hosts.js';
import {
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call, type CallResult } from '../../test-support/http.js';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectError(response: CallResult, status: number, code: string, message?: RegExp) {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

// Provider hosts at run time: a GHES and a self-managed GitLab named by URL become usable by the
// unified reads at once; a hostile URL (metadata service, userinfo, a name resolving to loopback,
// a private address not allow-listed) is refused before any request is made to it.
describe('provider hosts registered at run time', () => {
  let github: GitHubSimulator;
  let ghes: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let selfManaged: GitLabSimulator;
  let gw: TestGateway;
  let closed: TestGateway;

  beforeAll(async () => {
    [github, ghes, gitlab, selfManaged] = await Promise.all([
      startGitHubSimulator({ seed: 61 }),
      startGitHubSimulator({ seed: 62 }),
      startGitLabSimulator({ seed: 63 }),
      startGitLabSimulator({ seed: 64, pathPrefix: '/gitlab' }),
    ]);
    const providerHosts = [githubSimulatorHost(github), gitlabSimulatorHost(gitlab)];
    gw = await startTestGateway({ providerHosts });
    // An operator who allow-lists nothing: only public https hosts.
    closed = await startTestGateway({ providerHosts, env: { SGG_PRIVATE_HOSTS: '' } });
  });
  afterAll(async () => {
    await Promise.all([gw.close(), closed.close()]);
    await Promise.all([github.stop(), ghes.stop(), gitlab.stop(), selfManaged.stop()]);
  });

  it('reads a GHES and a self-managed GitLab added at run time through the unified API', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: {
        provider: 'github',
        host: ghes.webUrl,
        accessToken: ghes.token,
        tenantId: developer.tenantId,
      },
    });
    expect(manual.status, manual.text).toBe(201);
    expect(manual.json<{ host: string }>().host).toBe(new URL(ghes.webUrl).host);
    // Oore token mode on the self-managed GitLab: the same kind of record, readable the same way.
    const token = selfManaged.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    const integration = await call('POST', `${gw.url}/v1/integrations/gitlab/start`, {
      ...bearer(developer.token),
      json: { host_url: selfManaged.baseUrl, token },
    });
    expect(integration.status, integration.text).toBe(201);
    const platformToken = await grantAndIssueToken(gw, {
      tenantId: developer.tenantId,
      app,
      connectionIds: [manual.json<{ id: string }>().id, integration.json<{ id: string }>().id],
      permissions: ['read:repositories'],
    });
    for (const [provider, sim] of [
      ['github', ghes],
      ['gitlab', selfManaged],
    ] as const) {
      const listed = await call(
        'GET',
        `${gw.url}/v1/repositories?provider=${provider}&limit=100`,
        bearer(platformToken),
      );
      expect(listed.status, listed.text).toBe(200);
      const names = listed
        .json<{ data: { fullName?: string; full_name?: string }[] }>()
        .data.map((repo) => repo.fullName ?? repo.full_name);
      const viewer = sim.dataset.viewer.login;
      const own = sim.dataset.repositories.filter((repo) => repo.owner === viewer);
      expect(own.length).toBeGreaterThan(0);
      for (const repo of own.slice(0, 5)) expect(names).toContain(repo.fullName);
    }
  });

  it('refuses hostile host URLs before any request', async () => {
    const developer = await signUpDeveloper(closed);
    const port = new URL(selfManaged.baseUrl).port;
    for (const [hostUrl, pattern] of [
      ['http://169.254.169.254/latest/meta-data', /https/],
      ['https://169.254.169.254', /private or reserved/],
      ['https://user@gitlab.example.com', /user name/],
      ['https://user:pass@gitlab.example.com', /user name/],
      [`https://localhost:${port}/gitlab`, /private or reserved/],
      [`http://127.0.0.1:${port}/gitlab`, /https/],
      [`https://127.0.0.1:${port}/gitlab`, /private or reserved/],
      ['https://[::1]/', /private or reserved/],
      ['https://10.0.0.7', /private or reserved/],
    ] as const) {
      const requestsBefore = selfManaged.requests.count();
      const response = await call('POST', `${closed.url}/v1/integrations/gitlab/start`, {
        ...bearer(developer.token),
        json: { host_url: hostUrl, token: 'glpat-anything' },
      });
      expectError(response, 400, 'INVALID_REQUEST', pattern);
      expect(selfManaged.requests.count()).toBe(requestsBefore);
    }
    const manual = await call('POST', `${closed.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': closed.adminApiKey },
      json: { provider: 'gitlab', host: `https://localhost:${port}`, accessToken: 'glpat-x' },
    });
    expectError(manual, 400, 'INVALID_REQUEST', /private or reserved/);
    // Bitbucket's adapter has no server edition: named by URL, it is refused as such.
    const bitbucket = await call('POST', `${closed.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': closed.adminApiKey },
      json: { provider: 'bitbucket', host: 'https://bitbucket.example.com', accessToken: 'x' },
    });
    expectError(bitbucket, 400, 'UNSUPPORTED_PROVIDER', /self-hosted/);
  });
});
