import { generateDataset, type Dataset } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost, gitlabSimulatorHost } from '../../demo/simulator-hosts.js';
import { bearer, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, signedInJar, type CallResult } from '../test-support/http.js';
import { ROUTE_GROUPS } from './groups/index.js';
import type { RouteMethod } from './route-doc.js';
import { strictMismatches } from './strict-match.js';

// The integrations answers the document describes are exactly what the gateway sends: each route
// called for real (gateway and GitHub/GitLab simulators on 127.0.0.1), its body checked against
// the documented schema of its status strictly — a field the route sends and the document does
// not list fails, as does a missing required field or a wrong type. Runs on both databases.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every (method, path, status) checked, to prove at the end that each typed answer was seen. */
const checked = new Set<string>();

/** Fails unless `response` is a documented JSON answer of the route and fits its schema exactly. */
function expectDocumented(method: RouteMethod, path: string, response: CallResult) {
  const route = ROUTE_GROUPS.flatMap((group) => group.routes).find(
    (entry) => entry.method === method && entry.path === path,
  );
  expect(route, `${method} ${path} is not documented`).toBeDefined();
  const documented = route?.responses.find((answer) => answer.status === response.status);
  expect(
    documented?.kind,
    `${method} ${path} answered ${String(response.status)}: ${response.text}`,
  ).toBe('json');
  if (documented?.kind !== 'json') return;
  expect(strictMismatches(documented.schema, response.json()), `${method} ${path}`).toEqual([]);
  checked.add(`${method} ${path} ${String(response.status)}`);
}

/** A small organization: the generated dataset with every repository moved to its first org. */
function organizationDataset(): { dataset: Dataset; org: string } {
  const dataset = generateDataset({
    seed: 190,
    repositories: 4,
    commitsPerRepository: 1,
    pullRequestsPerRepository: 2,
  });
  const org = dataset.organizations[0]?.login ?? '';
  const names = new Set<string>();
  for (const [index, repo] of dataset.repositories.entries()) {
    const name = names.has(repo.name) ? `${repo.name}-${String(index)}` : repo.name;
    names.add(name);
    Object.assign(repo, {
      owner: org,
      ownerType: 'organization',
      name,
      fullName: `${org}/${name}`,
    });
  }
  return { dataset, org };
}

describe('the documented integrations answers, strictly', () => {
  let github: GitHubSimulator;
  let ghes: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let selfManaged: GitLabSimulator;
  let gw: TestGateway;
  let owner: { token: string; tenantId: string };
  let org: string;
  let manifestStart: CallResult;

  const api = (method: 'GET' | 'POST', path: string, json?: object, token = owner.token) =>
    call(method, `${gw.url}${path}`, { ...bearer(token), ...(json === undefined ? {} : { json }) });

  beforeAll(async () => {
    const organization = organizationDataset();
    org = organization.org;
    [github, ghes, gitlab, selfManaged] = await Promise.all([
      startGitHubSimulator({ dataset: organization.dataset }),
      startGitHubSimulator({ seed: 191 }),
      startGitLabSimulator({ seed: 192 }),
      startGitLabSimulator({ seed: 193, pathPrefix: '/gitlab' }),
    ]);
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(github), gitlabSimulatorHost(gitlab)],
    });
    owner = await signUpDeveloper(gw);
    // The GitHub App from the manifest flow, installed on the organization.
    manifestStart = await api('POST', '/v1/integrations/github/start', {
      display_name: 'Answers app',
      organization: org,
    });
    expect(manifestStart.status, manifestStart.text).toBe(200);
    const { state, url } = manifestStart.json<{ state: string; url: string }>();
    const form = await call('GET', url, { jar: signedInJar(owner.token) });
    const manifest = /name="manifest" value="([^"]+)"/
      .exec(form.text)?.[1]
      ?.replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    const action = /action="([^"]+)"/.exec(form.text)?.[1]?.replaceAll('&amp;', '&');
    const created = await call('POST', action as string, {
      form: { manifest: manifest as string },
    });
    expect(created.status, created.text).toBe(302);
    const code = new URL(created.location as string).searchParams.get('code');
    const completed = await api('POST', '/v1/integrations/github/complete', { code, state });
    expect(completed.status, completed.text).toBe(201);
    const installation = github.apps.install(Number(completed.json<{ app_id: string }>().app_id), {
      target: org,
    });
    const connected = await api('POST', '/api/integrations/github/connect', {
      installationId: String(installation.id),
      accountLogin: org,
    });
    expectDocumented('post', '/api/integrations/:provider/connect', connected);
  }, 120_000);
  afterAll(async () => {
    await gw.close();
    await Promise.all([github.stop(), ghes.stop(), gitlab.stop(), selfManaged.stop()]);
  });

  it('/api/integrations/*: connect (token), checks, actions, health, repos, scan results, disconnect', async () => {
    const token = gitlab.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    const connected = await api('POST', '/api/integrations/gitlab/connect', { token });
    expectDocumented('post', '/api/integrations/:provider/connect', connected);
    expect(
      connected.json<{ integration: { webhook?: unknown } }>().integration.webhook,
    ).toBeDefined();

    for (const provider of ['github', 'gitlab', 'bitbucket']) {
      for (const action of ['checks', 'actions'] as const) {
        const answer = await api('GET', `/api/integrations/${provider}/${action}`);
        expectDocumented('get', `/api/integrations/:provider/${action}`, answer);
        expect(answer.json<Record<string, unknown[]>>()[action]?.length).toBeGreaterThan(0);
      }
    }

    const healthy = await api('GET', '/api/integrations/github/health');
    expectDocumented('get', '/api/integrations/:provider/health', healthy);
    expect(healthy.json()).toMatchObject({ healthy: true });
    const stranger = await signUpDeveloper(gw);
    const unconnected = await api(
      'GET',
      '/api/integrations/github/health',
      undefined,
      stranger.token,
    );
    expectDocumented('get', '/api/integrations/:provider/health', unconnected);
    expect(unconnected.json()).toMatchObject({ healthy: false });

    for (const provider of ['github', 'gitlab']) {
      const repos = await api('GET', `/api/integrations/${provider}/repos?per_page=2`);
      expectDocumented('get', '/api/integrations/:provider/repos', repos);
      expect(repos.json<{ repos: unknown[] }>().repos.length).toBeGreaterThan(0);
    }

    const started = await api('POST', '/api/integrations/github/scan-org', {});
    expect(started.status, started.text).toBe(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const progress = (await api('GET', '/api/integrations/github/scan-progress')).json<{
        status: string;
      }>();
      if (progress.status === 'completed' || progress.status === 'failed') break;
      if (Date.now() > deadline) throw new Error('the scan did not finish');
      await sleep(25);
    }
    const results = await api('GET', '/api/integrations/github/scan-results?per_page=3');
    expectDocumented('get', '/api/integrations/github/scan-results', results);
    expect(results.json<{ findings: unknown[] }>().findings).toHaveLength(3);

    const disconnected = await api('POST', '/api/integrations/gitlab/disconnect');
    expectDocumented('post', '/api/integrations/:provider/disconnect', disconnected);
    expect(disconnected.json()).toMatchObject({ integration: { status: 'disconnected' } });
  }, 120_000);

  it('/v1/scm_integrations/:id/…: the searches and organizations, by GET and by POST', async () => {
    const links = [
      {
        sim: ghes,
        body: { scm_type: 'github-enterprise', url: ghes.webUrl, access_token: ghes.token },
      },
      {
        sim: selfManaged,
        body: {
          scm_type: 'gitlab-self-hosted',
          url: selfManaged.baseUrl,
          access_token: selfManaged.issuePersonalAccessToken({
            scopes: ['api', 'read_repository'],
          }),
        },
      },
    ];
    for (const { sim, body } of links) {
      const created = await api('POST', '/v1/scm_integrations', body);
      expect(created.status, created.text).toBe(201);
      const { id } = created.json<{ scm_integration: { id: string } }>().scm_integration;
      const viewer = sim.dataset.viewer.login;
      const own = sim.dataset.repositories.filter((repo) => repo.owner === viewer);
      const withPulls = [...own].sort((a, b) => b.pullRequests.length - a.pullRequests.length)[0];
      expect(withPulls?.pullRequests.length).toBeGreaterThan(0);
      const searches = [
        ['search_repos', `user:${viewer}+fork:true`, 'repositories'],
        ['orgs', '', 'organizations'],
        ['search_pull_requests', `repo:${withPulls?.fullName ?? ''}`, 'pull_requests'],
      ] as const;
      for (const [action, query, field] of searches) {
        const path = `/v1/scm_integrations/:id/${action}`;
        const url = `/v1/scm_integrations/${id}/${action}`;
        const byGet = await api('GET', query === '' ? url : `${url}?query=${query}`);
        expectDocumented('get', path, byGet);
        expect(
          byGet.json<Record<string, unknown[]>>()[field]?.length,
          `${url} ${byGet.text}`,
        ).toBeGreaterThan(0);
        const byPost = await api('POST', url, query === '' ? undefined : { query });
        expectDocumented('post', path, byPost);
        expect(byPost.json()).toEqual(byGet.json());
      }
    }
  }, 120_000);

  it('/v1/integrations/:provider/start: the manifest flow, the OAuth flow, and token mode', async () => {
    expectDocumented('post', '/v1/integrations/:provider/start', manifestStart);
    expect(Object.keys(manifestStart.json<object>()).sort()).toEqual([
      'expires_at',
      'state',
      'url',
    ]);
    // Another workspace, so that the self-managed GitLab is not yet a host of this tenant.
    const other = await signUpDeveloper(gw);
    const application = selfManaged.createOAuthApplication({
      redirectUri: `${gw.url}/v1/integrations/gitlab/callback`,
      scopes: ['api', 'read_repository'],
    });
    const oauth = await api(
      'POST',
      '/v1/integrations/gitlab/start',
      {
        host_url: selfManaged.baseUrl,
        application_id: application.applicationId,
        secret: application.secret,
      },
      other.token,
    );
    expectDocumented('post', '/v1/integrations/:provider/start', oauth);
    expect(oauth.json<object>()).toHaveProperty('authorize_url');
    const token = gitlab.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    const connected = await api('POST', '/v1/integrations/gitlab/start', { token }, other.token);
    expect(connected.status, connected.text).toBe(201);
    expectDocumented('post', '/v1/integrations/:provider/start', connected);
  }, 60_000);

  it('checked every answer typed here', () => {
    expect([...checked].sort()).toEqual(
      [
        'post /v1/integrations/:provider/start 200',
        'post /v1/integrations/:provider/start 201',
        'get /v1/scm_integrations/:id/orgs 200',
        'get /v1/scm_integrations/:id/search_pull_requests 200',
        'get /v1/scm_integrations/:id/search_repos 200',
        'post /v1/scm_integrations/:id/orgs 200',
        'post /v1/scm_integrations/:id/search_pull_requests 200',
        'post /v1/scm_integrations/:id/search_repos 200',
        'get /api/integrations/:provider/actions 200',
        'get /api/integrations/:provider/checks 200',
        'get /api/integrations/:provider/health 200',
        'get /api/integrations/:provider/repos 200',
        'get /api/integrations/github/scan-results 200',
        'post /api/integrations/:provider/connect 200',
        'post /api/integrations/:provider/disconnect 200',
      ].sort(),
    );
  });
});
