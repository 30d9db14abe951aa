import {
  commitsOnBranch,
  findRepositoryOrThrow,
  type Dataset,
  type DatasetRepository,
} from '@scm/testkit';
import { startAzureSimulator } from '@scm/testkit/azure';
import { startGitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { call } from './test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
} from './test-support/flows.js';
import type { ProviderHostConfig } from './config.js';
import { githubSimulatorHost } from '../demo/simulator-hosts.js';
import { azureSimulatorHost } from '../demo/simulators.js';

/** A provider's simulator as the quickstart uses it. */
interface QuickstartSimulator {
  dataset: Dataset;
  expected: { repository: string };
  host: ProviderHostConfig;
  /** The repository's id as the provider exposes it (GitHub's number, Azure's braced GUID). */
  repositoryId(repo: DatasetRepository): string;
  /** Tells the simulator's OAuth app the gateway's callback, once the gateway listens. */
  setCallback(url: string): void;
  stop(): Promise<void>;
}

const QUICKSTART_PROVIDERS: {
  provider: 'github' | 'azure';
  start: () => Promise<QuickstartSimulator>;
}[] = [
  {
    provider: 'github',
    start: async () => {
      const sim = await startGitHubSimulator({ seed: 11 });
      return {
        dataset: sim.dataset,
        expected: sim.expected,
        host: githubSimulatorHost(sim),
        repositoryId: (repo) => String(repo.id),
        setCallback: () => undefined,
        stop: () => sim.stop(),
      };
    },
  },
  {
    provider: 'azure',
    start: async () => {
      const sim = await startAzureSimulator({ seed: 11 });
      return {
        dataset: sim.dataset,
        expected: sim.expected,
        host: azureSimulatorHost(sim),
        repositoryId: (repo) => repo.uuid,
        // The simulated Entra app accepts one redirect URI, as a registered app does.
        setCallback: (url) => {
          sim.oauth.redirectUri = url;
        },
        stop: () => sim.stop(),
      };
    },
  },
];

// The seed's "Integration Quickstart", end to end against a listening gateway, a real database and
// the GitHub simulator: create app → authorize → approve → code → token → reads → firewall.
describe.each(QUICKSTART_PROVIDERS)(
  'quickstart (seed: GitFlare Integration Quickstart) on $provider',
  ({ provider, start }) => {
    let sim: QuickstartSimulator;
    let gw: TestGateway;
    let repo: DatasetRepository;
    let repoId: string;
    let token: string;

    beforeAll(async () => {
      sim = await start();
      gw = await startTestGateway({
        providerHosts: [sim.host],
      });
      sim.setCallback(`${gw.url}/v1/auth/${provider}/callback`);
      repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
      repoId = encodeURIComponent(sim.repositoryId(repo));
    });
    afterAll(async () => {
      await gw.close();
      await sim.stop();
    });

    it('issues a token for exactly what the customer approved', async () => {
      const developer = await signUpDeveloper(gw);
      const app = await createDeveloperApp(gw, developer.token, [
        'read:profile',
        'read:repositories',
        'read:branches',
        'read:commits',
        'read:pull-requests',
        'read:diffs',
      ]);
      const scopes = [
        'read:repositories',
        'read:branches',
        'read:commits',
        'read:pull-requests',
        'read:diffs',
      ];
      const { code, state } = await consent(gw, {
        clientId: app.clientId,
        scopes,
        customerRef: 'customer-42',
        provider,
        pick: (name) => name === repo.fullName,
      });
      expect(state).toBe('SECURE_STATE_123');
      expect(code).toMatch(/^sggac_/);

      const exchanged = await exchangeCode(gw, app, code);
      expect(exchanged.status, exchanged.text).toBe(200);
      const body = exchanged.json<{
        accessToken: string;
        tokenType: string;
        issuedBy: string;
        permissions: string[];
        connectionIds: string[];
        clientId: string;
        expiresInSeconds: number;
      }>();
      expect(body.tokenType).toBe('Bearer');
      expect(body.issuedBy).toBe('authorization_code');
      expect(body.clientId).toBe(app.clientId);
      expect(body.permissions).toEqual(scopes);
      expect(body.connectionIds).toHaveLength(1);
      expect(body.expiresInSeconds).toBe(3600);
      token = body.accessToken;

      const me = await call('GET', `${gw.url}/v1/platform/client/me`, bearer(token));
      expect(me.status).toBe(200);
      expect(me.json<{ client: { id: string } }>().client.id).toBe(app.clientId);

      // The code is single use: a replay is refused and revokes the token it issued.
      const replay = await exchangeCode(gw, app, code);
      expect(replay.status).toBe(400);
      expect(replay.json<{ error: string }>().error).toBe('invalid_grant');
      const revoked = await call(
        'GET',
        `${gw.url}/v1/repositories?provider=${provider}`,
        bearer(token),
      );
      expect(revoked.status).toBe(401);

      // A fresh approval in the same browser session gives a fresh code.
      const again = await consent(gw, {
        clientId: app.clientId,
        scopes,
        customerRef: 'customer-42',
        provider,
        pick: (name) => name === repo.fullName,
      });
      const second = await exchangeCode(gw, app, again.code);
      expect(second.status).toBe(200);
      token = second.json<{ accessToken: string }>().accessToken;
    });

    it('lists only approved repositories', async () => {
      const response = await call(
        'GET',
        `${gw.url}/v1/repositories?provider=${provider}&limit=25`,
        bearer(token),
      );
      expect(response.status, response.text).toBe(200);
      const body = response.json<{
        data: { fullName: string; id: string; raw?: unknown }[];
        page_info: { limit: number };
      }>();
      expect(body.page_info.limit).toBe(25);
      expect(body.data.map((item) => item.fullName)).toEqual([repo.fullName]);
      expect(body.data[0]?.raw).toBeUndefined();
      const merged = await call('GET', `${gw.url}/v1/repositories`, bearer(token));
      expect(
        merged.json<{ data: { fullName: string }[] }>().data.map((item) => item.fullName),
      ).toEqual([repo.fullName]);
      const single = await call(
        'GET',
        `${gw.url}/v1/repositories/${provider}/${encodeURIComponent(repo.fullName)}`,
        bearer(token),
      );
      expect(single.status).toBe(200);
      expect(single.json<{ id: string }>().id).toBe(sim.repositoryId(repo));
    });

    async function walk(path: string, limit: number): Promise<unknown[]> {
      const items: unknown[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const url: string = `${gw.url}${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const response = await call('GET', url, bearer(token));
        expect(response.status, response.text).toBe(200);
        const body = response.json<{
          data: unknown[];
          page_info: { has_next_page: boolean; next_cursor: string | null; limit: number };
        }>();
        expect(body.data.length).toBeLessThanOrEqual(limit);
        items.push(...body.data);
        expect(body.page_info.has_next_page).toBe(body.page_info.next_cursor !== null);
        cursor = body.page_info.next_cursor;
        if (cursor === null) return items;
      }
      throw new Error('pagination did not end');
    }

    it('walks branches and commits with the cursor to the end', async () => {
      const base = `/v1/repositories/${provider}/${repoId}`;
      const branches = (await walk(`${base}/branches`, 2)) as { name: string }[];
      expect(branches.map((branch) => branch.name).sort()).toEqual(
        repo.branches.map((branch) => branch.name).sort(),
      );
      const commits = (await walk(
        `${base}/commits?branch=${encodeURIComponent(repo.defaultBranch)}`,
        3,
      )) as { sha: string }[];
      const expected = commitsOnBranch(repo, repo.defaultBranch) ?? [];
      expect(expected.length).toBeGreaterThan(3); // more than one page
      expect(commits.map((commit) => commit.sha)).toEqual(expected.map((commit) => commit.sha));
    });

    it('binds cursors to their scope', async () => {
      const base = `${gw.url}/v1/repositories/${provider}/${repoId}`;
      const first = await call('GET', `${base}/branches?limit=1`, bearer(token));
      const cursor = first.json<{ page_info: { next_cursor: string } }>().page_info.next_cursor;
      const otherLimit = await call(
        'GET',
        `${base}/branches?limit=2&cursor=${encodeURIComponent(cursor)}`,
        bearer(token),
      );
      expect(otherLimit.status).toBe(400);
      expect(otherLimit.json<{ error: { code: string } }>().error.code).toBe('INVALID_CURSOR');
      const otherEndpoint = await call(
        'GET',
        `${base}/commits?limit=1&cursor=${encodeURIComponent(cursor)}`,
        bearer(token),
      );
      expect(otherEndpoint.json<{ error: { code: string } }>().error.code).toBe('INVALID_CURSOR');
    });

    it('firewalls a commit diff: the .env file is blocked and secret values hashed', async () => {
      const commit = repo.commits.find((candidate) =>
        candidate.files.some((file) => /(^|\/)\.env$/.test(file.path)),
      );
      expect(commit, 'the dataset has a commit touching .env').toBeDefined();
      const response = await call(
        'GET',
        `${gw.url}/v1/repositories/${provider}/${repoId}/commits/${commit?.sha ?? ''}/diff`,
        bearer(token),
      );
      expect(response.status, response.text).toBe(200);
      const diff = response.json<{
        files: { path: string; blocked?: boolean; patch: string | null }[];
      }>();
      const env = diff.files.find((file) => /(^|\/)\.env$/.test(file.path));
      expect(env?.blocked).toBe(true);
      expect(env?.patch).toBeNull();
      // Whatever secret the dataset planted anywhere in this repository's diffs never leaves the gateway.
      const secretCommit = repo.commits.find((candidate) =>
        candidate.files.some(
          (file) => !/\.env$/.test(file.path) && /hunter2|sk_live_|ghp_/.test(file.patch),
        ),
      );
      expect(secretCommit).toBeDefined();
      const secretDiff = await call(
        'GET',
        `${gw.url}/v1/repositories/${provider}/${repoId}/commits/${secretCommit?.sha ?? ''}/diff`,
        bearer(token),
      );
      expect(secretDiff.status).toBe(200);
      expect(secretDiff.text).not.toMatch(/hunter2|sk_live_[A-Za-z0-9]{8}|ghp_[A-Za-z0-9]{20}/);
      expect(secretDiff.text).toMatch(/\[hashed:sha256:[0-9a-f]{12}\]/);
    });

    it('reads a pull request diff', async () => {
      const pr = repo.pullRequests[0];
      expect(pr).toBeDefined();
      const response = await call(
        'GET',
        `${gw.url}/v1/repositories/${provider}/${repoId}/pull-requests/${pr?.number ?? 0}/diff`,
        bearer(token),
      );
      expect(response.status, response.text).toBe(200);
      const diff = response.json<{ files: { path: string }[] }>();
      expect(diff.files.map((file) => file.path).sort()).toEqual(
        (pr?.files ?? []).map((file) => file.path).sort(),
      );
      const list = await walk(`/v1/repositories/${provider}/${repoId}/pull-requests?state=all`, 5);
      expect(list.length).toBe(repo.pullRequests.length);
    });

    it('writes each unified call to the usage log', async () => {
      await gw.gateway.services.usage.flush();
      const logs = await gw.gateway.services.prisma.usageLog.findMany({
        where: { endpointKey: 'repositories.commits.diff' },
      });
      expect(logs.length).toBeGreaterThanOrEqual(2);
      expect(logs[0]?.provider).toBe(provider);
      expect(logs[0]?.status).toBe(200);
      expect(logs[0]?.requestId).toMatch(/^gf_req_/);
    });
  },
);
