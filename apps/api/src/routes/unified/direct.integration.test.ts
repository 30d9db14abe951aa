// The direct read route (direct.ts) answers the plain form of a unified GET without Express;
// Express's route (router.ts) answers every other form of it. Both must answer alike: statuses,
// headers and canonical bodies, the access log and the usage log, a refused credential included.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findRepositoryOrThrow, type DatasetRepository } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../../demo/simulator-hosts.js';
import { sendJson } from '../../http/collections.js';
import { createJsonLogger } from '../../http/logger.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { call } from '../../test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  grantAndIssueToken,
  signUpDeveloper,
} from '../../test-support/flows.js';
import type { UnifiedCalls } from './calls.js';
import { matchRead } from '../../unified/route-match.js';
import { directUnifiedReads } from './direct.js';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await request(url, { method: 'GET', headers });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(text) };
}

/**
 * What must be the same either way: the request ids (the gateway's and the provider's) and the
 * cursor's bytes are new each time.
 */
function comparable(answer: Answer): Answer {
  const headers = Object.fromEntries(
    Object.entries(answer.headers).filter(
      ([name]) => !['date', 'content-length', 'x-request-id', 'keep-alive'].includes(name),
    ),
  );
  const body = JSON.parse(
    JSON.stringify(answer.body, (key, value: unknown) =>
      key === 'request_id' ||
      ((key === 'next_cursor' || key === 'provider_request_id') && typeof value === 'string')
        ? '<varies>'
        : value,
    ),
  ) as unknown;
  return { status: answer.status, headers, body };
}

describe('unified reads: the direct route and Express’s route answer alike', () => {
  let github: GitHubSimulator;
  let gw: TestGateway;
  let repo: DatasetRepository;
  let token: string;
  let app: { clientId: string; clientSecret: string };
  let tenantId: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 11 });
    gw = await startTestGateway({
      env: { CORS_ORIGINS: 'https://app.example.com' },
      providerHosts: [githubSimulatorHost(github)],
      logger: createJsonLogger('info', (line) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }),
    });
    repo = findRepositoryOrThrow(github.dataset, github.expected.repository);
    const developer = await signUpDeveloper(gw);
    tenantId = developer.tenantId;
    app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
      'read:commits',
      'read:diffs',
    ]);
    const approved = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches', 'read:commits', 'read:diffs'],
      customerRef: 'direct-reads',
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    token = (await exchangeCode(gw, app, approved.code)).json<{ accessToken: string }>()
      .accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
  });

  const repoPath = (suffix: string) => `/v1/repositories/github/${repo.id}${suffix}`;
  // Express's routes take a trailing slash; the direct route leaves that form to them.
  const both = async (path: string, query: string, headers: Record<string, string>) => {
    const direct = await get(`${gw.url}${path}${query}`, headers);
    const routed = await get(`${gw.url}${path}/${query}`, headers);
    return { direct, routed };
  };

  it('answers each read, mistake and refusal the same way', async () => {
    const withToken = bearer(token).headers;
    const cases: [string, string, Record<string, string>, number][] = [
      [repoPath('/branches'), '?limit=2', withToken, 200],
      [repoPath('/commits'), '?limit=1', withToken, 200],
      [repoPath(''), '', withToken, 200],
      ['/v1/me', '', withToken, 403],
      ['/v1/repositories', '?provider=github&limit=5', withToken, 200],
      [repoPath('/branches'), '?limit=0', withToken, 400],
      [repoPath('/branches'), '?limit=1&limit=2', withToken, 400],
      [repoPath('/branches'), '?cursor=abc', withToken, 400],
      [repoPath('/branches'), '', {}, 401],
      [repoPath('/branches'), '', { authorization: 'Basic dXNlcjpwYXNz' }, 401],
      [repoPath('/branches'), '', { authorization: 'Bearer sggat_not-a-token-0123456789' }, 401],
      [repoPath('/releases'), '', withToken, 403],
      ['/v1/repositories/github/999999999/branches', '', withToken, 403],
      [repoPath('/commits/zzzz/diff'), '', withToken, 400],
      [repoPath('/commits'), '?ref=main', withToken, 400],
      [repoPath('/commits'), '?branch=no-such-branch&limit=1', withToken, 404],
      ['/v1/repositories/gitlab/1/branches', '', withToken, 403],
      ['/v1/repositories/nope/1/branches', '', withToken, 400],
      [repoPath('/branches'), '', { ...withToken, origin: 'https://app.example.com' }, 200],
      [repoPath('/branches'), '', { ...withToken, origin: 'https://evil.example.com' }, 200],
    ];
    for (const [path, query, headers, status] of cases) {
      const { direct, routed } = await both(path, query, headers);
      expect(direct.status, `${path}${query}: ${JSON.stringify(direct.body)}`).toBe(status);
      expect(comparable(direct), `${path}${query}`).toEqual(comparable(routed));
    }
  });

  it('marks the connection expired when the provider refuses its token, through either route', async () => {
    const admin = { 'x-admin-api-key': gw.adminApiKey };
    for (const slash of ['', '/']) {
      // A token that GitHub accepts now and refuses shortly after (as a revoked or expired one).
      const shortLived = github.issueToken({ expiresInMs: 1000 });
      const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
        headers: admin,
        json: { provider: 'github', accessToken: shortLived, tenantId },
      });
      expect(manual.status, manual.text).toBe(201);
      const connectionId = manual.json<{ id: string }>().id;
      const grantToken = await grantAndIssueToken(gw, {
        tenantId,
        app,
        connectionIds: [connectionId],
        permissions: ['read:branches'],
      });
      const url = `${gw.url}${repoPath('/branches')}${slash}`;
      expect((await get(url, bearer(grantToken).headers)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const refused = await get(url, bearer(grantToken).headers);
      expect(refused.status, slash).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
      const connection = await gw.gateway.services.prisma.connection.findUniqueOrThrow({
        where: { id: connectionId },
      });
      expect(connection.status, slash).toBe('expired');
    }
  });

  it('sets the same security and CORS headers, and a request id of its own', async () => {
    const { direct } = await both(repoPath('/branches'), '', {
      ...bearer(token).headers,
      origin: 'https://app.example.com',
      'x-request-id': 'caller-request-0001',
    });
    expect(direct.headers['x-request-id']).toBe('caller-request-0001');
    expect(direct.headers['x-frame-options']).toBe('DENY');
    expect(direct.headers['content-security-policy']).toContain("default-src 'none'");
    expect(direct.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(direct.headers.vary).toBe('origin');
    expect(direct.headers['x-powered-by']).toBeUndefined();
  });

  it('writes an access-log line and a usage row for each, and none for an unknown token', async () => {
    const requestId = `direct-${String(Date.now())}`;
    const { direct } = await both(repoPath('/branches'), '?limit=1', {
      ...bearer(token).headers,
      'x-request-id': requestId,
    });
    expect(direct.status).toBe(200);
    await gw.gateway.services.usage.flush();
    const logged = lines.filter((line) => line.msg === 'request' && line.requestId === requestId);
    expect(logged.map((line) => [line.path, line.status])).toEqual([
      [repoPath('/branches'), 200],
      [repoPath('/branches/'), 200],
    ]);
    const rows = await gw.gateway.services.prisma.usageLog.findMany({ where: { requestId } });
    expect(rows.map((row) => [row.endpointKey, row.status, row.provider])).toEqual([
      ['repositories.branches', 200, 'github'],
      ['repositories.branches', 200, 'github'],
    ]);
    const unknownId = `direct-unknown-${String(Date.now())}`;
    const refused = await get(`${gw.url}${repoPath('/branches')}`, {
      authorization: 'Bearer sggat_not-a-token-0123456789',
      'x-request-id': unknownId,
    });
    expect(refused.status).toBe(401);
    await gw.gateway.services.usage.flush();
    expect(
      await gw.gateway.services.prisma.usageLog.count({ where: { requestId: unknownId } }),
    ).toBe(0);
  });
});

describe('unified reads: which requests the direct route takes', () => {
  let gw: TestGateway;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    // The calls answer what they were given; anything the route leaves goes to "Express" (599).
    const calls: UnifiedCalls = {
      serve: (key, req, res) => {
        sendJson(res, 200, { key, params: req.params, query: req.query });
        return Promise.resolve();
      },
      noteFailure: () => Promise.resolve(),
    };
    const reads = directUnifiedReads(gw.gateway.services, calls);
    server = createServer((req, res) => {
      if (reads(req, res)) return;
      res.statusCode = 599;
      res.end(JSON.stringify({ left: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gw.close();
  });

  it('takes a plain GET of a table read, its parameters decoded and its query parsed as Express does', async () => {
    const taken = await get(`${url}/v1/repositories/github/octo%2Fhello/branches?limit=5&x=1&x=2`);
    expect(taken).toMatchObject({
      status: 200,
      body: {
        key: 'repositories.branches',
        params: { provider: 'github', repoId: 'octo/hello' },
        query: { limit: '5', x: ['1', '2'] },
      },
    });
    expect((await get(`${url}/v1/me`)).body).toMatchObject({ key: 'me', query: {} });
    expect((await get(`${url}/v1/repositories/gitlab/7/commits/abc123/diff`)).body).toMatchObject({
      key: 'repositories.commits.diff',
      params: { repoId: '7', commitId: 'abc123' },
    });
  });

  it('leaves every other form to Express', async () => {
    const left = async (
      path: string,
      init: { method?: 'HEAD' | 'POST'; headers?: Record<string, string>; body?: string } = {},
    ) => {
      const response = await request(`${url}${path}`, { method: 'GET', ...init });
      await response.body.dump();
      return response.statusCode;
    };
    const branches = '/v1/repositories/github/1/branches';
    expect(await left(`${branches}/`)).toBe(599);
    expect(await left('/V1/repositories/github/1/branches')).toBe(599);
    expect(await left('/v1/repositories/github//branches')).toBe(599);
    expect(await left('/v1/repositories/github/%E0%A4%A/branches')).toBe(599);
    expect(await left(`${branches}?q=%00`)).toBe(599);
    expect(await left('/v1/repositories/github/1/events/subscribe')).toBe(599);
    expect(await left('/v1/nothing')).toBe(599);
    expect(await left(branches, { method: 'HEAD' })).toBe(599);
    expect(await left(branches, { method: 'POST', body: '{}' })).toBe(599);
    expect(
      await left(branches, {
        headers: { 'content-type': 'application/json', 'content-length': '2' },
        body: '{}',
      }),
    ).toBe(599);
    expect(await left(branches, { headers: { 'x-admin-api-key': 'wrong' } })).toBe(599);
    expect(await left(branches)).toBe(200);
  });

  it('matches the table exactly', () => {
    expect(matchRead('/v1/repositories/github/1/tags')).toEqual({
      key: 'repositories.tags',
      route: '/v1/repositories/:provider/:repoId/tags',
      params: { provider: 'github', repoId: '1' },
    });
    expect(matchRead('v1/me')).toBeNull();
    expect(matchRead('/v1/me/')).toBeNull();
    expect(matchRead('/v1/repositories/github/1/branches/x')).toBeNull();
  });
});
