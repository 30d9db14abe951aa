import {
  collectAll,
  paginate,
  parseRepoRef,
  silentLogger,
  type Operation,
  type Page,
  type PageQuery,
  type ScmProvider,
} from '@scm/core';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from './scopes.js';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { bearer } from './test-support/flows.js';
import { call } from './test-support/http.js';
import { signUpDeveloper, createDeveloperApp } from './test-support/flows.js';
import { SIMULATORS, type SimulatorHarness } from '../demo/simulators.js';
import { PROVIDER_CATALOGUE } from './providers/catalogue.js';

/** Walks a gateway collection to its end, `limit` at a time, checking the envelope on every page. */
async function walk(
  gw: TestGateway,
  token: string,
  path: string,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await call(
      'GET',
      `${gw.url}${path}${separator}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      bearer(token),
    );
    expect(response.status, `${path}: ${response.text}`).toBe(200);
    const body = response.json<{
      data: Record<string, unknown>[];
      page_info: { limit: number; has_next_page: boolean; next_cursor: string | null };
    }>();
    expect(body.page_info.limit).toBe(limit);
    expect(body.data.length).toBeLessThanOrEqual(limit);
    items.push(...body.data);
    cursor = body.page_info.next_cursor;
    if (cursor === null) return items;
  }
  throw new Error(`${path}: pagination did not end`);
}

/** The same listing straight from the adapter, as the ground truth the gateway must match. */
function direct<T>(list: (query: PageQuery) => Promise<Page<T>>): Promise<T[]> {
  return collectAll(paginate(list, { limit: 100 }));
}

const stripRaw = (items: unknown[]): unknown[] => JSON.parse(JSON.stringify(items)) as unknown[];

// Every unified list endpoint, walked through the gateway's signed cursors, returns exactly what
// the adapter returns on its own: the gateway adds envelopes and cursors, never changes items. One
// run per provider of the catalogue; an operation the provider does not serve answers
// UNSUPPORTED_ENDPOINT through the gateway too.
describe.each(PROVIDER_CATALOGUE.map((entry) => ({ name: entry.id, entry })))(
  'unified list endpoints ($name)',
  ({ name, entry }) => {
    let sim: SimulatorHarness;
    let gw: TestGateway;
    let adapter: ScmProvider;
    let token: string;

    beforeAll(async () => {
      sim = await SIMULATORS[name](13);
      const host = sim.host({ oauth: false });
      gw = await startTestGateway({ providerHosts: [host] });
      adapter = entry.createAdapter({
        location: host,
        transport: {
          dispatcher: new Agent(),
          timeoutMs: 5_000,
          retry: { maxRetries: 0 },
          logger: silentLogger,
        },
        client: undefined,
        credential: { kind: 'token', token: sim.token },
      });
      const providerToken = sim.token;
      const developer = await signUpDeveloper(gw);
      const app = await createDeveloperApp(gw, developer.token, [...SCOPE_NAMES]);
      const admin = { 'x-admin-api-key': gw.adminApiKey };
      const connection = await call('POST', `${gw.url}/v1/connections/manual`, {
        headers: admin,
        json: { provider: name, accessToken: providerToken, tenantId: developer.tenantId },
      });
      expect(connection.status, connection.text).toBe(201);
      const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
        headers: admin,
        json: {
          tenantId: developer.tenantId,
          clientId: app.clientId,
          connectionIds: [connection.json<{ id: string }>().id],
          permissions: [...SCOPE_NAMES],
        },
      });
      expect(grant.status, grant.text).toBe(201);
      const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: {
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          grantId: grant.json<{ id: string }>().id,
        },
      });
      token = issued.json<{ accessToken: string }>().accessToken;
    });
    afterAll(async () => {
      await adapter.close();
      await gw.close();
      await sim.stop();
    });

    it('matches the adapter on every repository listing and filter', async () => {
      const ref = parseRepoRef(encodeURIComponent(sim.expected.repository));
      const base = `/v1/repositories/${name}/${encodeURIComponent(sim.expected.repository)}`;
      const repository = await adapter.getRepository(ref);
      const branch = repository.defaultBranch ?? 'main';
      const cases: [string, () => Promise<unknown[]>][] = [
        ['/branches', () => direct((q) => adapter.listBranches(ref, q))],
        [
          `/commits?branch=${encodeURIComponent(branch)}`,
          () => direct((q) => adapter.listCommits(ref, { ...q, branch })),
        ],
        [
          '/pull-requests',
          () => direct((q) => adapter.listPullRequests(ref, { ...q, state: 'open' })),
        ],
        [
          '/pull-requests?state=merged',
          () => direct((q) => adapter.listPullRequests(ref, { ...q, state: 'merged' })),
        ],
        ['/contributors', () => direct((q) => adapter.listContributors(ref, q))],
        ['/tags', () => direct((q) => adapter.listTags(ref, q))],
        ['/releases', () => direct((q) => adapter.listReleases(ref, q))],
        [
          `/checks?branch=${encodeURIComponent(branch)}`,
          () => direct((q) => adapter.listChecks(ref, { ...q, branch })),
        ],
        ['/deployments', () => direct((q) => adapter.listDeployments(ref, q))],
        // Minus what the firewall blocks (`.env`, `*.pem`…): a platform token never sees those paths.
        [
          '/file-tree?recursive=true',
          async () =>
            (await direct((q) => adapter.listFileTree(ref, { ...q, recursive: true }))).filter(
              (entry) => !gw.gateway.services.firewall.current().isPathBlocked(entry.path),
            ),
        ],
      ];
      const optional: Partial<Record<string, Operation>> = {
        '/contributors': 'listContributors',
        '/releases': 'listReleases',
        '/deployments': 'listDeployments',
      };
      for (const [suffix, expected] of cases) {
        const operation = optional[suffix];
        if (operation !== undefined && !entry.capabilities[operation].supported) {
          const refused = await call('GET', `${gw.url}${base}${suffix}`, bearer(token));
          expect(
            [refused.status, refused.json<{ error: { code: string } }>().error.code],
            suffix,
          ).toEqual([501, 'UNSUPPORTED_ENDPOINT']);
          continue;
        }
        const truth = stripRaw(await expected());
        expect(truth.length, `${suffix} has data in the dataset`).toBeGreaterThan(0);
        expect(stripRaw(await walk(gw, token, `${base}${suffix}`, 3)), suffix).toEqual(truth);
      }
      const repos = await walk(gw, token, `/v1/repositories?provider=${name}`, 4);
      expect(repos.map((repo) => repo.fullName)).toEqual(
        (await direct((q) => adapter.listRepositories(q))).map((repo) => repo.fullName),
      );
      const me = await call('GET', `${gw.url}/v1/me`, bearer(token));
      expect(me.status, me.text).toBe(200);
      expect(me.json<{ data: { login: string }[] }>().data.map((viewer) => viewer.login)).toEqual([
        (await adapter.getViewer()).login,
      ]);
    });
  },
);
