import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { SCOPE_NAMES } from '../scopes.js';
import { signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, CookieJar } from '../test-support/http.js';
import { UNIFIED_ENDPOINT_LIST } from '../unified/endpoints.js';
import { TESTAPP_GROUP } from './groups/testapp.js';
import { strictMismatches } from './strict-match.js';

// The sandbox's live probes answer JSON to `Accept: application/json`: a developer's app is run
// through the sandbox as a browser without JavaScript does it (config form, consent with the
// GitHub simulator, callback), then each probe is called and its body checked strictly against
// the JSON answer the route documents (every key sent is documented, every required one is there).

const unescape = (value: string) => value.replaceAll('&amp;', '&');

describe('the documented answers of the sandbox probes, called for real', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  const jar = new CookieJar();

  const browse = async (url: string) => {
    const response = await call('GET', url.startsWith('/') ? `${gw.url}${url}` : url, { jar });
    return response;
  };

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 47 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    const developer = await signUpDeveloper(gw);
    const created = await call('POST', `${gw.url}/v1/developer/apps`, {
      headers: { authorization: `Bearer ${developer.token}` },
      json: {
        name: 'Sandbox Probe App',
        allowedRedirectUris: [`${gw.url}/testapp/callback`],
        defaultPermissions: [...SCOPE_NAMES],
      },
    });
    expect(created.status, created.text).toBe(201);
    const app = created.json<{ clientId: string; clientSecret: string }>();

    // The sandbox page, then its config form: on to the consent page.
    const sandbox = await browse('/testapp');
    expect(sandbox.status, sandbox.text).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(sandbox.text)?.[1] ?? '';
    const configured = await call('POST', `${gw.url}/testapp/config`, {
      jar,
      form: {
        csrf: unescape(csrf),
        client_id: app.clientId,
        client_secret: app.clientSecret,
        customer_ref: 'probe-customer',
      },
    });
    expect(configured.status, configured.text).toBe(303);
    const authorizePath = new URL(configured.location ?? '', gw.url);
    expect(authorizePath.pathname).toBe('/oauth/authorize');

    // Connect GitHub (the simulator's OAuth), tick every repository, approve.
    let page = await browse(authorizePath.href);
    expect(page.status, page.text).toBe(200);
    const connect = /href="(\/v1\/auth\/github\/start\?[^"]+)"/.exec(page.text)?.[1];
    expect(connect, 'the consent page offers to connect GitHub').toBeDefined();
    const start = await browse(unescape(connect ?? ''));
    expect(start.status, start.text).toBe(302);
    const upstream = await call('GET', start.location ?? '');
    expect(upstream.status, upstream.text).toBe(302);
    const callback = await browse(upstream.location ?? '');
    expect(callback.status, callback.text).toBe(303);
    page = await browse(callback.location ?? '');
    expect(page.status, page.text).toBe(200);
    const repositories = [
      ...page.text.matchAll(/<input type="checkbox" name="repository" value="([^"]+)"/g),
    ].map((match) => unescape(match[1] ?? ''));
    expect(repositories.length).toBeGreaterThan(0);
    const request = /name="request" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const approved = await call('POST', `${gw.url}/oauth/authorize/approve`, {
      jar,
      form: { request: unescape(request), scope: [...SCOPE_NAMES], repository: repositories },
    });
    expect(approved.status, approved.text).toBe(303);
    expect(approved.location).toMatch(/\/testapp\/callback\?/);

    // The sandbox's callback exchanges the code; the session cookie now holds a token.
    const back = await browse(approved.location ?? '');
    expect(back.status, back.text).toBe(303);
    expect(back.location).toBe('/testapp');
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  /** The probe's JSON, checked against the route's documented JSON answer. */
  const probe = async (path: string, query = '') => {
    const response = await call('GET', `${gw.url}${path}${query}`, {
      jar,
      headers: { accept: 'application/json' },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const route = TESTAPP_GROUP.routes.find((entry) => entry.path === path);
    const documented = route?.responses.find((entry) => entry.kind === 'json');
    expect(documented, `${path} documents a JSON answer`).toBeDefined();
    const body: unknown = JSON.parse(response.text);
    if (documented?.kind === 'json')
      expect(strictMismatches(documented.schema, body), path).toEqual([]);
    expect(response.text).not.toMatch(/sggat_|sggrt_|sggcs_/);
    return body;
  };

  it('commit metrics', async () => {
    const metrics = (await probe('/testapp/live/commit-metrics')) as {
      listing: { status: number };
      rows: { fullName: string; commits: number }[];
      total: number;
    };
    expect(metrics.listing.status).toBe(200);
    expect(metrics.rows.map((row) => row.fullName)).toContain(sim.expected.repository);
    expect(metrics.rows[0]?.commits).toBeGreaterThan(0);
  });

  it('the endpoint suite', async () => {
    const suite = (await probe('/testapp/live/endpoint-suite')) as {
      repository: { provider: string } | null;
      calls: { label: string; status: number | null }[];
    };
    expect(suite.repository?.provider).toBe('github');
    expect(suite.calls.map((row) => row.label)).toEqual(
      UNIFIED_ENDPOINT_LIST.map((endpoint) => endpoint.key),
    );
  });

  it('the repository scenario, of the first repository and of a chosen one', async () => {
    const first = (await probe('/testapp/live/repository-scenario')) as {
      steps: { facts: [string, string][] }[];
    };
    expect(first.steps.length).toBeGreaterThanOrEqual(6);
    expect(first.steps[0]?.facts[0]?.[0]).toBe('Full name');
    const chosen = (await probe(
      '/testapp/live/repository-scenario',
      `?provider=github&repoId=${encodeURIComponent(sim.expected.repositoryId)}`,
    )) as { repository: { repoId: string }; steps: { facts: [string, string][] }[] };
    expect(chosen.steps[0]?.facts[0]).toEqual(['Full name', sim.expected.repository]);
    expect(chosen.repository.repoId).toBe(sim.expected.repositoryId);
  });
});
