import { randomBytes } from 'node:crypto';
import {
  generateDataset,
  isDefaultBranchProtected,
  organizationOwners,
  repositoryCollaborators,
  type Dataset,
} from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { joinTenant, signUpDeveloper } from '../test-support/flows.js';
import { createTestDatabase, type TestDatabase } from '../test-support/database.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, signedInJar, type CallResult } from '../test-support/http.js';

// Seed 002's GitHub organization scan against the GitHub simulator: a 300-repository organization
// (the dataset's repositories all moved to its first organization), scanned as the workspace's
// connected GitHub App installation; progress polled to 100, findings compared with the
// simulator's governance data, and a gateway restart mid-scan resumed by a new gateway on the same
// database. Runs on SQLite and PostgreSQL with scripts/test.mjs.

const REPOS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

interface Progress {
  status: string;
  progress: number;
  reposScanned: number;
  reposTotal: number;
  startedAt: string;
}
interface Finding {
  repository_id: string;
  full_name: string;
  default_branch: string | null;
  default_branch_protected: boolean;
  visibility: string;
  archived: boolean;
  outside_admins: string[];
}

function expectError(response: CallResult, status: number, code: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.json<{ error: { code: string } }>().error.code).toBe(code);
}

/** The generated dataset with every repository moved to its first organization. */
function organizationDataset(): { dataset: Dataset; org: string } {
  const dataset = generateDataset({
    seed: 170,
    repositories: REPOS,
    commitsPerRepository: 2,
    pullRequestsPerRepository: 3,
  });
  const org = dataset.organizations[0]?.login ?? '';
  const names = new Set<string>();
  for (const [index, repo] of dataset.repositories.entries()) {
    const name = names.has(repo.name) ? `${repo.name}-${index}` : repo.name;
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

describe('GitHub organization scan (/api/integrations/github/scan-…, seed 002)', () => {
  let sim: GitHubSimulator;
  let dataset: Dataset;
  let org: string;
  let database: TestDatabase;
  const masterKey = randomBytes(32);
  let gw: TestGateway;
  let owner: { token: string; tenantId: string };
  let member: { token: string };

  const start = () =>
    startTestGateway({
      database,
      masterKey,
      providerHosts: [githubSimulatorHost(sim)],
      env: { JOB_LEASE_SECONDS: '3' },
    });
  const api = (method: 'GET' | 'POST', path: string, token = owner.token, json?: object) =>
    call(method, `${gw.url}/api/integrations/github${path}`, {
      ...bearer(token),
      ...(json === undefined ? {} : { json: json }),
    });
  const progressOf = async () => {
    const response = await api('GET', '/scan-progress');
    expect(response.status, response.text).toBe(200);
    return response.json<Progress>();
  };
  /** Polls until the scan is no longer running (or `until` holds); every answer, in order. */
  const poll = async (seen: Progress[], until?: (progress: Progress) => boolean) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const progress = await progressOf();
      seen.push(progress);
      if (until?.(progress) === true) return progress;
      if (progress.status === 'completed' || progress.status === 'failed') return progress;
      if (Date.now() > deadline) throw new Error('the scan did not finish');
      await sleep(25);
    }
  };
  const expectMonotonic = (seen: Progress[]) => {
    for (let index = 1; index < seen.length; index++) {
      expect(seen[index]?.progress).toBeGreaterThanOrEqual(seen[index - 1]?.progress ?? 0);
      expect(seen[index]?.reposScanned).toBeGreaterThanOrEqual(seen[index - 1]?.reposScanned ?? 0);
    }
  };
  const allFindings = async () => {
    const findings: Finding[] = [];
    for (let page = 1; ; page++) {
      const response = await api('GET', `/scan-results?per_page=100&page=${String(page)}`);
      expect(response.status, response.text).toBe(200);
      const body = response.json<{ findings: Finding[]; total: number }>();
      expect(body.total).toBe(REPOS);
      findings.push(...body.findings);
      if (body.findings.length < 100) return findings;
    }
  };

  beforeAll(async () => {
    ({ dataset, org } = organizationDataset());
    sim = await startGitHubSimulator({ dataset });
    database = await createTestDatabase();
    gw = await start();
    owner = await signUpDeveloper(gw);
    member = await joinTenant(gw, owner.token, 'member');
    const started = await call('POST', `${gw.url}/v1/integrations/github/start`, {
      ...bearer(owner.token),
      json: { display_name: 'Scan app', organization: org },
    });
    expect(started.status, started.text).toBe(200);
    const { state } = started.json<{ state: string }>();
    const form = await call('GET', started.json<{ url: string }>().url, {
      jar: signedInJar(owner.token),
    });
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
    const completed = await call('POST', `${gw.url}/v1/integrations/github/complete`, {
      ...bearer(owner.token),
      json: { code, state },
    });
    expect(completed.status, completed.text).toBe(201);
    const installation = sim.apps.install(Number(completed.json<{ app_id: string }>().app_id), {
      target: org,
    });
    const connected = await call('POST', `${gw.url}/api/integrations/github/connect`, {
      ...bearer(owner.token),
      json: { installationId: String(installation.id), accountLogin: org },
    });
    expect(connected.status, connected.text).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await gw.close();
    await database.drop();
    await sim.stop();
  });

  it('refuses members; no scan yet is a 404; another organization is a 422', async () => {
    expectError(await api('POST', '/scan-org', member.token, {}), 403, 'INSUFFICIENT_SCOPE');
    for (const path of ['/scan-progress', '/scan-status', '/scan-permissions', '/scan-results'])
      expectError(await api('GET', path, member.token), 403, 'INSUFFICIENT_SCOPE');
    expectError(
      await api('POST', '/scan-cache/invalidate', member.token),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expectError(await api('GET', '/scan-progress'), 404, 'RESOURCE_NOT_FOUND');
    expectError(await api('GET', '/scan-results'), 404, 'RESOURCE_NOT_FOUND');
    expectError(
      await api('POST', '/scan-org', owner.token, { org: 'elsewhere' }),
      422,
      'INVALID_REQUEST',
    );
    const status = await api('GET', '/scan-status');
    expect(status.status, status.text).toBe(200);
    expect(status.json()).toMatchObject({ org, lastCompletedAt: null, current: null });
  });

  it('says which of the scan permissions the installation lacks', async () => {
    const response = await api('GET', '/scan-permissions');
    expect(response.status, response.text).toBe(200);
    const body = response.json<{
      sufficient: boolean;
      required: Record<string, string>;
      missing: { permission: string }[];
    }>();
    expect(body.required).toEqual({ administration: 'read', members: 'read', metadata: 'read' });
    expect(body.sufficient).toBe(body.missing.length === 0);
    for (const { permission } of body.missing)
      expect(Object.keys(body.required)).toContain(permission);
  });

  it('scans 300 repositories with monotonic progress to 100; a second start answers the running scan', async () => {
    const first = await api('POST', '/scan-org', owner.token, {});
    expect(first.status, first.text).toBe(202);
    const { scan } = first.json<{ started: boolean; scan: { id: string; status: string } }>();
    const second = await api('POST', '/scan-org', owner.token, { org });
    expect(second.status, second.text).toBe(200);
    expect(second.json()).toMatchObject({ started: false, scan: { id: scan.id } });
    const seen: Progress[] = [];
    const last = await poll(seen);
    expectMonotonic(seen);
    expect(last).toMatchObject({
      status: 'completed',
      progress: 100,
      reposScanned: REPOS,
      reposTotal: REPOS,
    });
    expect(Object.keys(last).sort()).toEqual([
      'progress',
      'reposScanned',
      'reposTotal',
      'startedAt',
      'status',
    ]);
    const findings = await allFindings();
    const owners = organizationOwners(dataset, org);
    const expected = dataset.repositories
      .map((repo) => ({
        repository_id: String(repo.id),
        full_name: repo.fullName,
        default_branch: repo.defaultBranch,
        default_branch_protected: isDefaultBranchProtected(repo),
        visibility: repo.visibility,
        archived: repo.archived,
        outside_admins: repositoryCollaborators(dataset, repo)
          .filter((item) => item.permission === 'admin' && !owners.includes(item.login))
          .map((item) => item.login)
          .sort(),
      }))
      .sort((a, b) => a.full_name.localeCompare(b.full_name));
    expect(
      findings.map(({ scanned_at: _, ...rest }: Finding & { scanned_at?: string }) => rest),
    ).toEqual(expected);
    // The dataset has both kinds of each.
    expect(findings.some((item) => item.default_branch_protected)).toBe(true);
    expect(findings.some((item) => !item.default_branch_protected)).toBe(true);
    expect(findings.some((item) => item.outside_admins.length > 0)).toBe(true);
    const status = await api('GET', '/scan-status');
    expect(status.json<{ lastCompletedAt: string | null }>().lastCompletedAt).not.toBeNull();
  }, 180_000);

  it('invalidate drops the cached findings', async () => {
    const dropped = await api('POST', '/scan-cache/invalidate');
    expect(dropped.status, dropped.text).toBe(200);
    expect(dropped.json()).toEqual({ invalidated: 1, findingsDropped: REPOS });
    expectError(await api('GET', '/scan-results'), 404, 'RESOURCE_NOT_FOUND');
    const status = await api('GET', '/scan-status');
    expect(status.json()).toMatchObject({ cached: false, current: null });
    expect(
      (await api('POST', '/scan-cache/invalidate')).json<{ invalidated: number }>().invalidated,
    ).toBe(0);
  });

  it('survives a gateway restart mid-scan: the new gateway resumes it to completed', async () => {
    const started = await api('POST', '/scan-org', owner.token, {});
    expect(started.status, started.text).toBe(202);
    const { id } = started.json<{ scan: { id: string } }>().scan;
    const seen: Progress[] = [];
    const before = await poll(
      seen,
      (progress) => progress.status === 'scanning' && progress.reposScanned >= 20,
    );
    expect(before.status).toBe('scanning');
    expect(before.reposScanned).toBeLessThan(REPOS);
    await gw.close();
    gw = await start();
    const last = await poll(seen);
    expectMonotonic(seen);
    expect(last).toMatchObject({ status: 'completed', progress: 100, reposScanned: REPOS });
    const findings = await allFindings();
    expect(new Set(findings.map((item) => item.full_name)).size).toBe(REPOS);
    const results = await api('GET', '/scan-results?per_page=1');
    expect(results.json<{ scan: { id: string } }>().scan.id).toBe(id);
  }, 180_000);
});
