import { findRepositoryOrThrow, type DatasetRepository } from '@scm/testkit';
import { startBitbucketSimulator, type BitbucketSimulator } from '@scm/testkit/bitbucket';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { call, type CallResult } from './test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
  grantAndIssueToken,
} from './test-support/flows.js';
import { bitbucketSimulatorHost, githubSimulatorHost } from '../demo/simulator-hosts.js';

const ERROR_KEYS = [
  'code',
  'message',
  'source',
  'provider',
  'retryable',
  'user_action_required',
  'suggested_action',
  'upstream_status',
  'request_id',
  'provider_request_id',
  'retry_after_seconds',
];

/** Every error is the canonical body, with the response's x-request-id inside it. */
function expectError(response: CallResult, status: number, code: string): Record<string, unknown> {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: Record<string, unknown> }>();
  expect(Object.keys(error).sort()).toEqual([...ERROR_KEYS].sort());
  expect(error.code).toBe(code);
  expect(error.request_id).toBe(response.headers['x-request-id']);
  expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
  return error;
}

// Every canonical code the gateway can produce, each produced for real.
describe('canonical error codes', () => {
  let github: GitHubSimulator;
  let bitbucket: BitbucketSimulator;
  let gw: TestGateway;
  let repo: DatasetRepository;
  let token: string;
  let narrowToken: string;
  let app: { clientId: string; clientSecret: string };
  let offsetMs = 0;

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 5 });
    bitbucket = await startBitbucketSimulator({ seed: 5 });
    gw = await startTestGateway({
      env: { CURSOR_TTL_SECONDS: '60' },
      now: () => Date.now() + offsetMs,
      providerHosts: [
        githubSimulatorHost(github),
        bitbucketSimulatorHost(bitbucket, { oauth: false }),
      ],
    });
    repo = findRepositoryOrThrow(github.dataset, github.expected.repository);
    const developer = await signUpDeveloper(gw);
    app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
      'read:commits',
      'read:tags',
    ]);
    const approved = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches', 'read:commits'],
      customerRef: 'c1',
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    token = (await exchangeCode(gw, app, approved.code)).json<{ accessToken: string }>()
      .accessToken;
    const narrow = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'c2',
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    narrowToken = (await exchangeCode(gw, app, narrow.code)).json<{ accessToken: string }>()
      .accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
    await bitbucket.stop();
  });

  const repoPath = (suffix = '') => `${gw.url}/v1/repositories/github/${repo.id}${suffix}`;

  it('INVALID_REQUEST for a malformed body; the OAuth endpoints answer it in the RFC 6749 form', async () => {
    // /oauth/token speaks RFC 6749 §5.2 (OAuth libraries read it), with the canonical code beside.
    const password = await call('POST', `${gw.url}/oauth/token`, {
      json: { grant_type: 'password' },
    });
    expect(password.status).toBe(401);
    expect(password.json()).toMatchObject({
      error: 'invalid_client',
      error_code: 'INVALID_CREDENTIALS',
      request_id: password.headers['x-request-id'],
    });
    // A body that is not JSON at all: the body parser's error, in the same form there…
    const broken = await request(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(await broken.body.text())).toEqual({
      error: 'invalid_request',
      error_description: 'The request body is not valid JSON.',
      error_code: 'INVALID_REQUEST',
      request_id: broken.headers['x-request-id'],
    });
    // …and the canonical body on every other route.
    const platform = await request(`${gw.url}/v1/platform/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"clientId":',
    });
    expect(platform.statusCode).toBe(400);
    expect(JSON.parse(await platform.body.text())).toMatchObject({
      error: {
        code: 'INVALID_REQUEST',
        message: 'The request body is not valid JSON.',
        request_id: platform.headers['x-request-id'],
      },
    });
  });

  it('INVALID_LIMIT outside 1–100', async () => {
    for (const limit of ['0', '101', '2.5', 'ten'])
      expectError(
        await call('GET', repoPath(`/branches?limit=${limit}`), bearer(token)),
        400,
        'INVALID_LIMIT',
      );
  });

  it('INVALID_CURSOR for a forged cursor, CURSOR_EXPIRED after its TTL', async () => {
    // The contract's own example: a cursor error is the gateway's (`gitflare`), not `client`.
    expect(
      expectError(
        await call('GET', repoPath('/branches?cursor=not-a-cursor'), bearer(token)),
        400,
        'INVALID_CURSOR',
      ).source,
    ).toBe('gitflare');
    const first = await call('GET', repoPath('/branches?limit=1'), bearer(token));
    const cursor = first.json<{ page_info: { next_cursor: string } }>().page_info.next_cursor;
    offsetMs = 120_000;
    try {
      const error = expectError(
        await call(
          'GET',
          repoPath(`/branches?limit=1&cursor=${encodeURIComponent(cursor)}`),
          bearer(token),
        ),
        410,
        'CURSOR_EXPIRED',
      );
      expect(error.suggested_action).toBe('restart_pagination');
      expect(error.source).toBe('gitflare');
    } finally {
      offsetMs = 0;
    }
  });

  it('AUTH_REQUIRED, INVALID_CREDENTIALS and AUTH_EXPIRED for the bearer token', async () => {
    expectError(await call('GET', `${gw.url}/v1/repositories`), 401, 'AUTH_REQUIRED');
    expectError(
      await call('GET', `${gw.url}/v1/repositories`, bearer('sggat_not-a-real-token')),
      401,
      'INVALID_CREDENTIALS',
    );
    offsetMs = 2 * 3600_000;
    try {
      expectError(
        await call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(token)),
        401,
        'AUTH_EXPIRED',
      );
    } finally {
      offsetMs = 0;
    }
  });

  it('INSUFFICIENT_SCOPE without the endpoint scope', async () => {
    expectError(await call('GET', repoPath('/tags'), bearer(token)), 403, 'INSUFFICIENT_SCOPE');
    expectError(
      await call('GET', repoPath('/branches'), bearer(narrowToken)),
      403,
      'INSUFFICIENT_SCOPE',
    );
  });

  it('REPOSITORY_NOT_APPROVED outside the approved set', async () => {
    const other = github.dataset.repositories.find(
      (candidate) => candidate.fullName !== repo.fullName,
    );
    expect(other).toBeDefined();
    expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/github/${other?.id ?? 0}/branches`,
        bearer(token),
      ),
      403,
      'REPOSITORY_NOT_APPROVED',
    );
    expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/github/${encodeURIComponent(other?.fullName ?? '')}`,
        bearer(token),
      ),
      403,
      'REPOSITORY_NOT_APPROVED',
    );
  });

  it('APPROVAL_REQUIRED for a client_credentials token with no grant', async () => {
    const issued = await call('POST', `${gw.url}/oauth/token`, {
      json: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      },
    });
    expect(issued.status, issued.text).toBe(200);
    const service = issued.json<{ accessToken: string; issuedBy: string }>();
    expect(service.issuedBy).toBe('client_credentials');
    // This client's grants are the two customers' authorizations, so build a fresh app with none.
    const developer = await signUpDeveloper(gw);
    const lonely = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const lonelyToken = (
      await call('POST', `${gw.url}/oauth/token`, {
        json: {
          grant_type: 'client_credentials',
          client_id: lonely.clientId,
          client_secret: lonely.clientSecret,
        },
      })
    ).json<{ accessToken: string }>().accessToken;
    expectError(
      await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(lonelyToken)),
      403,
      'APPROVAL_REQUIRED',
    );
    expectError(
      await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: { clientId: app.clientId, clientSecret: 'wrong' },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('RESOURCE_NOT_FOUND for an unknown route and connection', async () => {
    expectError(await call('GET', `${gw.url}/v1/nothing-here`), 404, 'RESOURCE_NOT_FOUND');
    expectError(
      await call('GET', `${gw.url}/v1/connections/conn_missing`, {
        headers: { 'x-admin-api-key': gw.adminApiKey },
      }),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  it('RATE_LIMITED, UPSTREAM_UNAVAILABLE and UPSTREAM_TIMEOUT from simulator faults', async () => {
    const limited = github.faults.inject(
      { method: 'GET', route: '*' },
      { status: 429, retryAfterSeconds: 120 },
    );
    try {
      const error = expectError(
        await call('GET', repoPath('/branches'), bearer(token)),
        429,
        'RATE_LIMITED',
      );
      expect(error.retry_after_seconds).toBe(120);
      expect(error.provider).toBe('github');
      expect(error.retryable).toBe(true);
    } finally {
      github.faults.clear(limited.id);
    }
    const down = github.faults.inject({ method: 'GET', route: '*' }, { status: 503 });
    try {
      const error = expectError(
        await call('GET', repoPath('/commits'), bearer(token)),
        503,
        'UPSTREAM_UNAVAILABLE',
      );
      expect(error.upstream_status).toBe(503);
    } finally {
      github.faults.clear(down.id);
    }
    const hung = github.faults.inject({ method: 'GET', route: '*' }, { hang: true });
    try {
      expectError(await call('GET', repoPath('/branches'), bearer(token)), 504, 'UPSTREAM_TIMEOUT');
    } finally {
      github.faults.clear(hung.id);
    }
    expect((await call('GET', repoPath('/branches'), bearer(token))).status).toBe(200);
  });

  it('UNSUPPORTED_PROVIDER for an unknown provider id', async () => {
    expectError(
      await call('GET', `${gw.url}/v1/repositories/svn/1/branches`, bearer(token)),
      400,
      'UNSUPPORTED_PROVIDER',
    );
    expectError(
      await call('GET', `${gw.url}/v1/repositories?provider=svn`, bearer(token)),
      400,
      'UNSUPPORTED_PROVIDER',
    );
  });

  it('REPOSITORY_NOT_FOUND and UNSUPPORTED_ENDPOINT through an admin grant on a manual connection', async () => {
    const admin = { 'x-admin-api-key': gw.adminApiKey };
    const tenantId = (
      await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
        where: { id: app.clientId },
      })
    ).tenantId;
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin,
      json: { provider: 'bitbucket', accessToken: bitbucket.accessToken, tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    expect(manual.text).not.toContain(bitbucket.accessToken);
    const connectionId = manual.json<{ id: string }>().id;
    const badToken = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin,
      json: { provider: 'bitbucket', accessToken: 'nope', tenantId },
    });
    expectError(badToken, 401, 'INVALID_CREDENTIALS');

    const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin,
      json: {
        tenantId,
        clientId: app.clientId,
        connectionIds: [connectionId],
        permissions: ['read:repositories', 'read:branches', 'read:tags'],
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const grantId = grant.json<{ id: string }>().id;
    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: { clientId: app.clientId, clientSecret: app.clientSecret, grantId },
    });
    expect(issued.status, issued.text).toBe(201);
    const grantToken = issued.json<{ accessToken: string }>().accessToken;
    const bbRepo = findRepositoryOrThrow(bitbucket.dataset, bitbucket.expected.repository);
    const branches = await call(
      'GET',
      `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent(bbRepo.fullName)}/branches`,
      bearer(grantToken),
    );
    expect(branches.status, branches.text).toBe(200);
    expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent('nobody/nothing')}`,
        bearer(grantToken),
      ),
      404,
      'REPOSITORY_NOT_FOUND',
    );
    const unsupported = await call(
      'GET',
      `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent(bbRepo.fullName)}/contributors`,
      bearer(grantToken),
    );
    // The grant lacks read:authors, but no scope would make Bitbucket serve contributors: the
    // capability check answers before the scope check (#19).
    expectError(unsupported, 501, 'UNSUPPORTED_ENDPOINT');
    const wide = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin,
      json: {
        tenantId,
        clientId: app.clientId,
        connectionIds: [connectionId],
        permissions: ['read:authors', 'read:releases'],
      },
    });
    const wideId = wide.json<{ id: string }>().id;
    const wideToken = (
      await call('POST', `${gw.url}/v1/platform/tokens`, {
        json: { clientId: app.clientId, clientSecret: app.clientSecret, grantId: wideId },
      })
    ).json<{ accessToken: string }>().accessToken;
    const error = expectError(
      await call(
        'GET',
        `${gw.url}/v1/repositories/bitbucket/${encodeURIComponent(bbRepo.fullName)}/contributors`,
        bearer(wideToken),
      ),
      501,
      'UNSUPPORTED_ENDPOINT',
    );
    expect(error.provider).toBe('bitbucket');
  });

  it('marks a connection expired when the provider refuses its token, then answers PROVIDER_ACCOUNT_NOT_CONNECTED', async () => {
    const admin = { 'x-admin-api-key': gw.adminApiKey };
    const tenantId = (
      await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
        where: { id: app.clientId },
      })
    ).tenantId;
    // A token that GitHub accepts now and refuses shortly after (as a revoked or expired one).
    const shortLived = github.issueToken({ expiresInMs: 1500 });
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
    const path = `${gw.url}/v1/repositories/github/${repo.id}/branches`;
    expect((await call('GET', path, bearer(grantToken))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const refused = await call('GET', path, bearer(grantToken));
    const error = expectError(refused, 401, 'INVALID_CREDENTIALS');
    expect(error).toMatchObject({ source: 'provider', provider: 'github', upstream_status: 401 });
    expect(
      (
        await gw.gateway.services.prisma.connection.findUniqueOrThrow({
          where: { id: connectionId },
        })
      ).status,
    ).toBe('expired');
    expectError(await call('GET', path, bearer(grantToken)), 403, 'PROVIDER_ACCOUNT_NOT_CONNECTED');
  });

  it('PAGINATION_NOT_SUPPORTED for a cursor without provider on /v1/repositories', async () => {
    expectError(
      await call('GET', `${gw.url}/v1/repositories?cursor=abc`, bearer(token)),
      400,
      'PAGINATION_NOT_SUPPORTED',
    );
  });
});

describe('INTERNAL_ERROR', () => {
  it('answers an unexpected fault with the canonical 500 body, no stack, and logs it', async () => {
    const lines: string[] = [];
    const gw = await startTestGateway({
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (message, fields) => lines.push(JSON.stringify({ message, ...fields })),
      },
    });
    const developer = await signUpDeveloper(gw);
    // A table goes missing under the running gateway: the next query fails in a way no route expects.
    await gw.gateway.services.prisma.$executeRawUnsafe('DROP TABLE "Membership"');
    try {
      const response = await call('GET', `${gw.url}/v1/account/me`, {
        headers: { authorization: `Bearer ${developer.token}` },
      });
      const error = expectError(response, 500, 'INTERNAL_ERROR');
      expect(error.message).toBe('An unexpected internal error occurred.');
      expect(error.source).toBe('gitflare');
      expect(lines.some((line) => line.includes(String(response.headers['x-request-id'])))).toBe(
        true,
      );
      expect(lines.join('\n')).not.toContain(developer.token);
    } finally {
      await gw.close().catch(() => undefined);
    }
  });
});
