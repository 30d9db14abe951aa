import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../../test-support/flows.js';
import { call } from '../../test-support/http.js';
import { seedConnection, seedGrant } from '../../test-support/seed.js';

interface ErrorBody {
  error: { code: string; message: string };
}
interface Connection {
  id: string;
  tenantId: string;
  customerId: string | null;
  provider: string;
  host: string;
  accountId: string;
  accountLogin: string;
  accountName: string | null;
  scopes: string[];
  status: string;
  expiresAt: string | null;
  createdAt: string;
}
interface Repository {
  provider: string;
  repositoryId: string;
  fullName: string;
  connectionId: string;
  tenantId: string;
  clientId: string;
}
interface OffsetCollection<T> {
  data: T[];
  page_info: {
    limit: number;
    has_next_page: boolean;
    next_cursor: string | null;
    next_offset: number | null;
  };
}
interface Bucket {
  count: number;
  errors: number;
  avgDurationMs: number;
}
interface Summary {
  tenantId: string;
  from: string;
  to: string;
  totals: { requests: number; errors: number; avgDurationMs: number };
  byEndpoint: (Bucket & { endpointKey: string })[];
  byClient: (Bucket & { clientId: string | null; clientName: string | null })[];
  byProvider: (Bucket & { provider: string | null })[];
  byStatus: { status: number; count: number }[];
}
interface Log {
  requestId: string;
  clientId: string | null;
  endpointKey: string;
  method: string;
  provider: string | null;
  repositoryId: string | null;
  status: number;
  errorCode: string | null;
  durationMs: number;
  createdAt: string;
}
interface Logs {
  data: Log[];
  page_info: { limit: number; offset: number; has_next_page: boolean; next_offset: number | null };
}

const HOUR = 3600 * 1000;

describe('session account API', () => {
  let gw: TestGateway;
  let alice: { token: string; tenantId: string };
  let bob: { token: string; tenantId: string };

  beforeAll(async () => {
    gw = await startTestGateway();
    alice = await signUpDeveloper(gw, 'alice@example.com');
    bob = await signUpDeveloper(gw, 'bob@example.com');
  });
  afterAll(async () => {
    await gw.close();
  });

  const get = (path: string, token: string) => call('GET', `${gw.url}${path}`, bearer(token));

  describe('/v1/account/me', () => {
    it('returns the user, the memberships and the session', async () => {
      const response = await get('/v1/account/me', alice.token);
      expect(response.status, response.text).toBe(200);
      const body = response.json<{
        user: { id: string; email: string; name: string };
        memberships: { tenantId: string; tenantName: string; role: string }[];
        session: { id: string; expiresAt: string; tenantId: string };
      }>();
      expect(body.user.email).toBe('alice@example.com');
      expect(body.user.name).toBe('Dev');
      expect(body.user).not.toHaveProperty('passwordHash');
      expect(body.memberships).toEqual([
        expect.objectContaining({
          tenantId: alice.tenantId,
          tenantName: 'Acme alice@example.com',
          role: 'owner',
        }),
      ]);
      expect(body.session.id).toMatch(/^ses_/);
      expect(body.session.tenantId).toBe(alice.tenantId);
      expect(Date.parse(body.session.expiresAt)).toBeGreaterThan(Date.now());
      expect(response.text).not.toContain(alice.token);
    });

    it('needs a session', async () => {
      const response = await call('GET', `${gw.url}/v1/account/me`);
      expect(response.status).toBe(401);
      expect(response.json<ErrorBody>().error.code).toBe('AUTH_REQUIRED');
    });
  });

  describe('/v1/account/connections and /v1/account/repositories', () => {
    let aliceGithub: { id: string };
    let aliceGitlab: { id: string };
    let bobConnection: { id: string };
    let secondTenant: string;

    beforeAll(async () => {
      const { services } = gw.gateway;
      aliceGithub = await seedConnection(services, {
        tenantId: alice.tenantId,
        provider: 'github',
        accountLogin: 'alice-gh',
      });
      aliceGitlab = await seedConnection(services, {
        tenantId: alice.tenantId,
        provider: 'gitlab',
        accountLogin: 'alice-gl',
      });
      bobConnection = await seedConnection(services, {
        tenantId: bob.tenantId,
        provider: 'github',
        accountLogin: 'bob-gh',
      });
      const aliceApp = await createDeveloperApp(gw, alice.token, ['read:repositories']);
      const bobApp = await createDeveloperApp(gw, bob.token, ['read:repositories']);
      await seedGrant(services, {
        tenantId: alice.tenantId,
        clientId: aliceApp.clientId,
        connectionIds: [aliceGithub.id, aliceGitlab.id],
        repositories: [
          {
            connectionId: aliceGithub.id,
            provider: 'github',
            repositoryId: '8',
            fullName: 'acme/web',
          },
          {
            connectionId: aliceGitlab.id,
            provider: 'gitlab',
            repositoryId: '42',
            fullName: 'group/project',
          },
          {
            connectionId: aliceGithub.id,
            provider: 'github',
            repositoryId: '7',
            fullName: 'acme/api',
          },
        ],
      });
      await seedGrant(services, {
        tenantId: alice.tenantId,
        clientId: aliceApp.clientId,
        connectionIds: [aliceGithub.id],
        status: 'revoked',
        repositories: [
          {
            connectionId: aliceGithub.id,
            provider: 'github',
            repositoryId: '9',
            fullName: 'acme/secret',
          },
        ],
      });
      await seedGrant(services, {
        tenantId: bob.tenantId,
        clientId: bobApp.clientId,
        connectionIds: [bobConnection.id],
        repositories: [
          {
            connectionId: bobConnection.id,
            provider: 'github',
            repositoryId: '100',
            fullName: 'bob/repo',
          },
        ],
      });
      // A second tenant alice also belongs to, with its own connection.
      secondTenant = (
        await services.prisma.tenant.create({
          data: { id: newId('tenant'), name: 'Side project', slug: 'side-project' },
        })
      ).id;
      const aliceUser = await services.prisma.user.findUniqueOrThrow({
        where: { email: 'alice@example.com' },
      });
      await services.prisma.membership.create({
        data: { id: newId('mem'), userId: aliceUser.id, tenantId: secondTenant, role: 'member' },
      });
      await seedConnection(services, {
        tenantId: secondTenant,
        provider: 'bitbucket',
        accountLogin: 'alice-bb',
      });
    });

    it("lists the connections of the user's tenants without any token", async () => {
      const response = await get('/v1/account/connections', alice.token);
      expect(response.status, response.text).toBe(200);
      const body = response.json<OffsetCollection<Connection>>();
      expect(body.data.map((connection) => connection.accountLogin).sort()).toEqual([
        'alice-bb',
        'alice-gh',
        'alice-gl',
      ]);
      const github = body.data.find((connection) => connection.id === aliceGithub.id);
      expect(github).toEqual({
        id: aliceGithub.id,
        tenantId: alice.tenantId,
        customerId: null,
        provider: 'github',
        host: 'github.com',
        accountId: expect.stringMatching(/^acct_/) as string,
        accountLogin: 'alice-gh',
        accountName: 'Octo Cat',
        scopes: ['repo', 'read:org'],
        status: 'active',
        expiresAt: null,
        createdAt: expect.any(String) as string,
      });
      for (const forbidden of [
        'accessToken',
        'refreshToken',
        'Enc',
        'provider-access-token-value',
        'provider-refresh-token-value',
      ]) {
        expect(response.text).not.toContain(forbidden);
      }
      expect(body.page_info).toMatchObject({ limit: 25, has_next_page: false, next_cursor: null });
    });

    it('narrows to one tenant, and refuses a tenant the user is not in', async () => {
      const own = await get(`/v1/account/connections?tenantId=${secondTenant}`, alice.token);
      expect(
        own.json<OffsetCollection<Connection>>().data.map((connection) => connection.accountLogin),
      ).toEqual(['alice-bb']);
      const foreign = await get(`/v1/account/connections?tenantId=${bob.tenantId}`, alice.token);
      expect(foreign.status).toBe(403);
      expect(foreign.json<ErrorBody>().error.code).toBe('INSUFFICIENT_SCOPE');
      const bobs = await get('/v1/account/connections', bob.token);
      expect(
        bobs.json<OffsetCollection<Connection>>().data.map((connection) => connection.id),
      ).toEqual([bobConnection.id]);
      expect(bobs.text).not.toContain(aliceGithub.id);
      const bobAsksAlice = await get(
        `/v1/account/connections?tenantId=${alice.tenantId}`,
        bob.token,
      );
      expect(bobAsksAlice.status).toBe(403);
    });

    it('pages connections with limit and offset', async () => {
      const first = await get('/v1/account/connections?limit=2', alice.token);
      const firstBody = first.json<OffsetCollection<Connection>>();
      expect(firstBody.data).toHaveLength(2);
      expect(firstBody.page_info).toMatchObject({
        limit: 2,
        has_next_page: true,
        next_cursor: '2',
        next_offset: 2,
      });
      const second = await get(
        `/v1/account/connections?limit=2&cursor=${firstBody.page_info.next_cursor as string}`,
        alice.token,
      );
      const secondBody = second.json<OffsetCollection<Connection>>();
      expect(secondBody.data).toHaveLength(1);
      expect(secondBody.page_info.has_next_page).toBe(false);
      const ids = [...firstBody.data, ...secondBody.data].map((connection) => connection.id);
      expect(new Set(ids).size).toBe(3);
      const both = await get('/v1/account/connections?offset=1&cursor=1', alice.token);
      expect(both.status).toBe(400);
      const negative = await get('/v1/account/connections?offset=-1', alice.token);
      expect(negative.json<ErrorBody>().error.code).toBe('INVALID_REQUEST');
      const limit = await get('/v1/account/connections?limit=101', alice.token);
      expect(limit.json<ErrorBody>().error.code).toBe('INVALID_LIMIT');
    });

    it('lists approved repositories of active grants, sorted, filtered by provider', async () => {
      const response = await get('/v1/account/repositories', alice.token);
      expect(response.status, response.text).toBe(200);
      const data = response.json<OffsetCollection<Repository>>().data;
      expect(data.map((repo) => repo.fullName)).toEqual(['acme/api', 'acme/web', 'group/project']);
      expect(data[0]).toMatchObject({
        provider: 'github',
        repositoryId: '7',
        connectionId: aliceGithub.id,
        tenantId: alice.tenantId,
      });
      const github = await get('/v1/account/repositories?provider=github', alice.token);
      expect(
        github.json<OffsetCollection<Repository>>().data.map((repo) => repo.repositoryId),
      ).toEqual(['7', '8']);
      const gitlab = await get('/v1/account/repositories?provider=gitlab', alice.token);
      expect(
        gitlab.json<OffsetCollection<Repository>>().data.map((repo) => repo.repositoryId),
      ).toEqual(['42']);
      const azure = await get('/v1/account/repositories?provider=azure', alice.token);
      expect(azure.status).toBe(200);
      expect(azure.json<OffsetCollection<Repository>>().data).toEqual([]);
      const svn = await get('/v1/account/repositories?provider=svn', alice.token);
      expect(svn.status).toBe(400);
      expect(svn.json<ErrorBody>().error.code).toBe('UNSUPPORTED_PROVIDER');
      const paged = await get('/v1/account/repositories?limit=1&offset=1', alice.token);
      expect(paged.json<OffsetCollection<Repository>>().data.map((repo) => repo.fullName)).toEqual([
        'acme/web',
      ]);
      expect(paged.json<OffsetCollection<Repository>>().page_info.next_offset).toBe(2);

      const bobs = await get('/v1/account/repositories', bob.token);
      expect(bobs.json<OffsetCollection<Repository>>().data.map((repo) => repo.fullName)).toEqual([
        'bob/repo',
      ]);
      const foreign = await get(`/v1/account/repositories?tenantId=${bob.tenantId}`, alice.token);
      expect(foreign.status).toBe(403);
      expect(foreign.json<ErrorBody>().error.code).toBe('INSUFFICIENT_SCOPE');
    });
  });

  describe('/v1/account/usage', () => {
    let appA: string;
    let appB: string;

    beforeAll(async () => {
      const { services } = gw.gateway;
      appA = (await createDeveloperApp(gw, alice.token, ['read:repositories'])).clientId;
      appB = (await createDeveloperApp(gw, alice.token, ['read:profile'])).clientId;
      await services.usage.flush();
      const now = services.now();
      let n = 0;
      const log = (
        tenantId: string,
        fields: {
          clientId: string | null;
          endpointKey: string;
          provider: string | null;
          repositoryId: string | null;
          status: number;
          durationMs: number;
          ageMs: number;
          errorCode?: string;
        },
      ) => ({
        id: newId('use'),
        requestId: `req_${String(++n).padStart(3, '0')}`,
        tenantId,
        tokenId: null,
        method: 'GET',
        errorCode: fields.errorCode ?? null,
        clientId: fields.clientId,
        endpointKey: fields.endpointKey,
        provider: fields.provider,
        repositoryId: fields.repositoryId,
        status: fields.status,
        durationMs: fields.durationMs,
        createdAt: new Date(now - fields.ageMs),
      });
      await services.prisma.usageLog.createMany({
        data: [
          ...[10, 20, 30, 40, 50].map((durationMs, i) =>
            log(alice.tenantId, {
              clientId: appA,
              endpointKey: 'repositories.list',
              provider: 'github',
              repositoryId: '1',
              status: 200,
              durationMs,
              ageMs: (i + 1) * HOUR,
            }),
          ),
          log(alice.tenantId, {
            clientId: appA,
            endpointKey: 'commits.list',
            provider: 'gitlab',
            repositoryId: '2',
            status: 200,
            durationMs: 100,
            ageMs: 6 * HOUR,
          }),
          log(alice.tenantId, {
            clientId: appA,
            endpointKey: 'commits.list',
            provider: 'gitlab',
            repositoryId: '2',
            status: 502,
            durationMs: 300,
            ageMs: 7 * HOUR,
            errorCode: 'UPSTREAM_UNAVAILABLE',
          }),
          log(alice.tenantId, {
            clientId: appB,
            endpointKey: 'me',
            provider: null,
            repositoryId: null,
            status: 401,
            durationMs: 5,
            ageMs: 30 * 60 * 1000,
            errorCode: 'INVALID_CREDENTIALS',
          }),
          // Outside the default 30 days.
          log(alice.tenantId, {
            clientId: appA,
            endpointKey: 'me',
            provider: null,
            repositoryId: null,
            status: 200,
            durationMs: 1000,
            ageMs: 40 * 24 * HOUR,
          }),
          // Another tenant's traffic never counts.
          ...[1, 2, 3].map((i) =>
            log(bob.tenantId, {
              clientId: null,
              endpointKey: 'repositories.list',
              provider: 'github',
              repositoryId: '1',
              status: 500,
              durationMs: 9999,
              ageMs: i * HOUR,
            }),
          ),
        ],
      });
    });

    it("summarises the tenant's last 30 days", async () => {
      const response = await get('/v1/account/usage/summary', alice.token);
      expect(response.status, response.text).toBe(200);
      const summary = response.json<Summary>();
      expect(summary.tenantId).toBe(alice.tenantId);
      expect(Date.parse(summary.to) - Date.parse(summary.from)).toBe(30 * 24 * HOUR);
      expect(summary.totals).toEqual({ requests: 8, errors: 2, avgDurationMs: 69.38 });
      expect(summary.byEndpoint).toEqual([
        { endpointKey: 'repositories.list', count: 5, errors: 0, avgDurationMs: 30 },
        { endpointKey: 'commits.list', count: 2, errors: 1, avgDurationMs: 200 },
        { endpointKey: 'me', count: 1, errors: 1, avgDurationMs: 5 },
      ]);
      expect(summary.byClient).toEqual([
        {
          clientId: appA,
          clientName: 'Acme Git Insights',
          count: 7,
          errors: 1,
          avgDurationMs: 78.57,
        },
        { clientId: appB, clientName: 'Acme Git Insights', count: 1, errors: 1, avgDurationMs: 5 },
      ]);
      expect(summary.byProvider).toEqual([
        { provider: 'github', count: 5, errors: 0, avgDurationMs: 30 },
        { provider: 'gitlab', count: 2, errors: 1, avgDurationMs: 200 },
        { provider: null, count: 1, errors: 1, avgDurationMs: 5 },
      ]);
      expect(summary.byStatus.map(({ status, count }) => ({ status, count }))).toEqual([
        { status: 200, count: 6 },
        { status: 401, count: 1 },
        { status: 502, count: 1 },
      ]);
    });

    it('honours from, to and top', async () => {
      const { services } = gw.gateway;
      const from = new Date(services.now() - 45 * 24 * HOUR).toISOString();
      const wide = (
        await get(`/v1/account/usage/summary?from=${from}`, alice.token)
      ).json<Summary>();
      expect(wide.totals.requests).toBe(9);
      expect(wide.byEndpoint.find((bucket) => bucket.endpointKey === 'me')?.count).toBe(2);

      const to = new Date(services.now() - 2.5 * HOUR).toISOString();
      const early = (await get(`/v1/account/usage/summary?to=${to}`, alice.token)).json<Summary>();
      // 3h, 4h, 5h, 6h and 7h ago.
      expect(early.totals.requests).toBe(5);

      const top = (await get('/v1/account/usage/summary?top=1', alice.token)).json<Summary>();
      expect(top.byEndpoint).toEqual([
        { endpointKey: 'repositories.list', count: 5, errors: 0, avgDurationMs: 30 },
      ]);
      expect(top.byClient.map((bucket) => bucket.clientId)).toEqual([appA]);
      expect(top.byProvider).toHaveLength(1);
      expect(top.byStatus).toEqual([expect.objectContaining({ status: 200, count: 6 })]);
      expect(top.totals.requests).toBe(8);

      const bobs = (await get('/v1/account/usage/summary', bob.token)).json<Summary>();
      expect(bobs.totals).toEqual({ requests: 3, errors: 3, avgDurationMs: 9999 });
    });

    it.each([
      ['top=0', 'INVALID_LIMIT'],
      ['top=101', 'INVALID_LIMIT'],
      ['top=ten', 'INVALID_LIMIT'],
      ['from=yesterday', 'INVALID_REQUEST'],
      ['from=2026-13-45', 'INVALID_REQUEST'],
      ['from=2030-01-01&to=2020-01-01', 'INVALID_REQUEST'],
      ['unknown=1', 'INVALID_REQUEST'],
      // PostgreSQL stores no year 0: these were a 500 there.
      ['from=0000-01-01', 'INVALID_REQUEST'],
      ['to=0000-02-01', 'INVALID_REQUEST'],
      ['from=0000-01-01T00:00:00Z', 'INVALID_REQUEST'],
    ])('rejects summary ?%s with %s', async (query, code) => {
      for (const path of ['/v1/account/usage/summary', '/v1/account/usage/logs']) {
        const response = await get(`${path}?${query}`, alice.token);
        expect([path, response.status], response.text).toEqual([path, 400]);
        expect(response.json<ErrorBody>().error.code).toBe(code);
      }
    });

    it('lists logs newest first with offset paging', async () => {
      const response = await get('/v1/account/usage/logs', alice.token);
      expect(response.status, response.text).toBe(200);
      const body = response.json<Logs>();
      expect(body.page_info).toEqual({
        limit: 25,
        offset: 0,
        has_next_page: false,
        next_offset: null,
      });
      expect(body.data.map((entry) => entry.requestId)).toEqual([
        'req_008',
        'req_001',
        'req_002',
        'req_003',
        'req_004',
        'req_005',
        'req_006',
        'req_007',
      ]);
      expect(body.data[0]).toEqual({
        id: expect.stringMatching(/^use_/) as string,
        requestId: 'req_008',
        clientId: appB,
        endpointKey: 'me',
        method: 'GET',
        provider: null,
        repositoryId: null,
        status: 401,
        errorCode: 'INVALID_CREDENTIALS',
        durationMs: 5,
        createdAt: expect.any(String) as string,
      });

      const first = (await get('/v1/account/usage/logs?top=3', alice.token)).json<Logs>();
      expect(first.data.map((entry) => entry.requestId)).toEqual(['req_008', 'req_001', 'req_002']);
      expect(first.page_info).toEqual({ limit: 3, offset: 0, has_next_page: true, next_offset: 3 });
      const second = (await get('/v1/account/usage/logs?top=3&offset=3', alice.token)).json<Logs>();
      expect(second.data.map((entry) => entry.requestId)).toEqual([
        'req_003',
        'req_004',
        'req_005',
      ]);
      expect(second.page_info.next_offset).toBe(6);
      const last = (await get('/v1/account/usage/logs?top=3&offset=6', alice.token)).json<Logs>();
      expect(last.data.map((entry) => entry.requestId)).toEqual(['req_006', 'req_007']);
      expect(last.page_info).toEqual({
        limit: 3,
        offset: 6,
        has_next_page: false,
        next_offset: null,
      });
    });

    it('filters logs', async () => {
      const ids = async (query: string) =>
        (await get(`/v1/account/usage/logs?${query}`, alice.token))
          .json<Logs>()
          .data.map((entry) => entry.requestId);
      expect(await ids(`clientId=${appB}`)).toEqual(['req_008']);
      expect(await ids('endpointKey=commits.list')).toEqual(['req_006', 'req_007']);
      expect(await ids('provider=gitlab')).toEqual(['req_006', 'req_007']);
      expect(await ids('repositoryId=1')).toEqual([
        'req_001',
        'req_002',
        'req_003',
        'req_004',
        'req_005',
      ]);
      expect(await ids('provider=github&repositoryId=2')).toEqual([]);
      expect(
        await ids(
          `from=${new Date(gw.gateway.services.now() - 45 * 24 * HOUR).toISOString()}&endpointKey=me`,
        ),
      ).toEqual(['req_008', 'req_009']);
      // Bob sees only his own tenant's logs.
      const bobs = (await get('/v1/account/usage/logs', bob.token)).json<Logs>().data;
      expect(bobs.map((entry) => entry.status)).toEqual([500, 500, 500]);
    });

    it.each([
      ['top=0', 'INVALID_LIMIT'],
      ['top=500', 'INVALID_LIMIT'],
      ['offset=-5', 'INVALID_REQUEST'],
      ['offset=abc', 'INVALID_REQUEST'],
      ['to=not-a-date', 'INVALID_REQUEST'],
    ])('rejects logs ?%s with %s', async (query, code) => {
      const response = await get(`/v1/account/usage/logs?${query}`, alice.token);
      expect(response.status).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe(code);
    });
  });
});
