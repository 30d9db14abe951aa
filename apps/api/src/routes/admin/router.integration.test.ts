import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { signUpDeveloper } from '../../test-support/flows.js';
import { call, type CallResult } from '../../test-support/http.js';
import { seedCode, seedConnection, seedGrant, seedToken } from '../../test-support/seed.js';
import { deriveSlug } from '../../tenants.js';
import { globProblem } from './service.js';

interface ErrorBody {
  error: { code: string; message: string; request_id: string; source: string; retryable: boolean };
}
interface Collection<T> {
  data: T[];
  page_info: { limit: number; has_next_page: boolean; next_cursor: string | null };
}
interface Tenant {
  id: string;
  name: string;
  slug: string;
}
interface Client {
  id: string;
  clientId: string;
  tenantId: string;
  ownerUserId: string | null;
  status: string;
  clientSecret?: string;
  defaultPermissions: string[];
}
interface Grant {
  id: string;
  tenantId: string;
  clientId: string;
  customerId: string | null;
  status: string;
  permissions: string[];
  allRepositories: boolean;
  connectionIds: string[];
  repositories: {
    connectionId: string;
    provider: string;
    repositoryId: string;
    fullName: string;
  }[];
  revokedAt: string | null;
  revoked?: { accessTokens: number; authorizationCodes: number };
}
interface Token {
  id: string;
  tenantId: string;
  clientId: string;
  authorizationId: string | null;
  active: boolean;
  revokedAt: string | null;
}

const ROUTES: [string, string][] = [
  ['GET', '/v1/platform/tenants'],
  ['POST', '/v1/platform/tenants'],
  ['GET', '/v1/platform/clients'],
  ['POST', '/v1/platform/clients'],
  ['GET', '/v1/platform/grants'],
  ['POST', '/v1/platform/grants'],
  ['DELETE', '/v1/platform/grants/authz_x'],
  ['GET', '/v1/platform/tokens'],
  ['POST', '/v1/platform/tokens/introspect'],
  ['DELETE', '/v1/platform/tokens/atk_x'],
  ['GET', '/v1/security/firewall/config'],
  ['POST', '/v1/security/firewall/config'],
];

describe('platform admin API', () => {
  let gw: TestGateway;
  let admin: { headers: Record<string, string> };

  beforeAll(async () => {
    gw = await startTestGateway();
    admin = { headers: { 'x-admin-api-key': gw.adminApiKey } };
  });
  afterAll(async () => {
    await gw.close();
  });

  const adminCall = (method: string, path: string, json?: unknown): Promise<CallResult> =>
    call(method, `${gw.url}${path}`, { ...admin, ...(json === undefined ? {} : { json }) });
  const errorOf = (response: CallResult) => response.json<ErrorBody>().error;

  const newTenant = async (name: string): Promise<Tenant> => {
    const response = await adminCall('POST', '/v1/platform/tenants', { name });
    expect(response.status, response.text).toBe(201);
    return response.json<Tenant>();
  };
  const newClient = async (
    tenantId: string,
    extra: Record<string, unknown> = {},
  ): Promise<Client> => {
    const response = await adminCall('POST', '/v1/platform/clients', {
      tenantId,
      name: 'Platform app',
      allowedRedirectUris: ['https://acme.example.com/oauth/callback'],
      defaultPermissions: ['read:repositories', 'read:commits'],
      ...extra,
    });
    expect(response.status, response.text).toBe(201);
    return response.json<Client>();
  };

  it.each(ROUTES)(
    '%s %s without a key is AUTH_REQUIRED, with a wrong key INVALID_CREDENTIALS',
    async (method, path) => {
      const body = method === 'POST' ? { name: 'x' } : undefined;
      const missing = await call(
        method,
        `${gw.url}${path}`,
        body === undefined ? {} : { json: body },
      );
      expect(missing.status).toBe(401);
      expect(errorOf(missing).code).toBe('AUTH_REQUIRED');
      expect(errorOf(missing).request_id).toBe(missing.headers['x-request-id']);
      const wrong = await call(method, `${gw.url}${path}`, {
        headers: { 'x-admin-api-key': `${gw.adminApiKey}x` },
        ...(body === undefined ? {} : { json: body }),
      });
      expect(wrong.status).toBe(401);
      expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    },
  );

  it('leaves unrelated routes alone (the guard is per route)', async () => {
    const health = await call('GET', `${gw.url}/health`);
    expect(health.status).toBe(200);
    const unknown = await call('GET', `${gw.url}/v1/platform/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('RESOURCE_NOT_FOUND');
  });

  it('creates tenants with derived, unique slugs', async () => {
    const first = await newTenant('Acme Corp, Inc.');
    expect(first.slug).toBe('acme-corp-inc');
    expect(first.id).toMatch(/^tenant_/);
    const second = await newTenant('Acme Corp Inc');
    expect(second.slug).toBe('acme-corp-inc-2');
    const explicit = await adminCall('POST', '/v1/platform/tenants', {
      name: 'Zeta',
      slug: 'zeta-labs',
    });
    expect(explicit.status).toBe(201);
    expect(explicit.json<Tenant>().slug).toBe('zeta-labs');
    const taken = await adminCall('POST', '/v1/platform/tenants', {
      name: 'Zeta again',
      slug: 'zeta-labs',
    });
    expect(taken.status).toBe(400);
    expect(errorOf(taken).code).toBe('INVALID_REQUEST');
    const badSlug = await adminCall('POST', '/v1/platform/tenants', {
      name: 'Bad',
      slug: 'Not A Slug',
    });
    expect(badSlug.status).toBe(400);
    const noName = await adminCall('POST', '/v1/platform/tenants', {});
    expect(noName.status).toBe(400);

    const list = await adminCall('GET', '/v1/platform/tenants');
    expect(list.status).toBe(200);
    const body = list.json<Collection<Tenant>>();
    expect(body.data.map((tenant) => tenant.slug)).toEqual(
      expect.arrayContaining(['acme-corp-inc', 'acme-corp-inc-2', 'zeta-labs']),
    );
    expect(body.page_info).toEqual({ limit: 25, has_next_page: false, next_cursor: null });
    const paged = await adminCall('GET', '/v1/platform/tenants?limit=1');
    expect(paged.json<Collection<Tenant>>().data).toHaveLength(1);
    expect(paged.json<Collection<Tenant>>().page_info.has_next_page).toBe(true);
  });

  it('derives slugs from any name', () => {
    expect(deriveSlug('Crème Brûlée Ltd')).toBe('creme-brulee-ltd');
    expect(deriveSlug('--  __ --')).toBe('tenant');
    expect(deriveSlug('a'.repeat(200)).length).toBeLessThanOrEqual(40);
  });

  it('creates clients under a tenant and lists them filtered', async () => {
    const tenantA = await newTenant('Clients A');
    const tenantB = await newTenant('Clients B');
    const a = await newClient(tenantA.id);
    expect(a.clientSecret).toMatch(/^sggcs_/);
    expect(a.tenantId).toBe(tenantA.id);
    const row = await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
      where: { id: a.id },
    });
    expect(row.secretHash).toBe(hashSecret(a.clientSecret as string));
    const b = await newClient(tenantB.id);

    const listA = await adminCall('GET', `/v1/platform/clients?tenantId=${tenantA.id}`);
    const idsA = listA.json<Collection<Client>>().data.map((client) => client.id);
    expect(idsA).toEqual([a.id]);
    expect(listA.text).not.toContain('sggcs_');
    const listB = await adminCall('GET', `/v1/platform/clients?tenantId=${tenantB.id}`);
    expect(listB.json<Collection<Client>>().data.map((client) => client.id)).toEqual([b.id]);

    const unknownTenant = await adminCall('POST', '/v1/platform/clients', {
      tenantId: 'tenant_nope',
      name: 'x',
      allowedRedirectUris: ['https://x.example.com/cb'],
      defaultPermissions: ['read:profile'],
    });
    expect(unknownTenant.status).toBe(400);
    expect(errorOf(unknownTenant).code).toBe('INVALID_REQUEST');
  });

  it('filters clients by owner and refuses an owner outside the tenant', async () => {
    const dev = await signUpDeveloper(gw);
    const owned = await newClient(dev.tenantId, {
      ownerUserId: (
        await gw.gateway.services.prisma.membership.findFirstOrThrow({
          where: { tenantId: dev.tenantId },
        })
      ).userId,
    });
    expect(owned.ownerUserId).not.toBeNull();
    const unowned = await newClient(dev.tenantId);
    const byOwner = await adminCall(
      'GET',
      `/v1/platform/clients?ownerUserId=${owned.ownerUserId as string}`,
    );
    const ids = byOwner.json<Collection<Client>>().data.map((client) => client.id);
    expect(ids).toContain(owned.id);
    expect(ids).not.toContain(unowned.id);

    const other = await newTenant('Other owner tenant');
    const foreignOwner = await adminCall('POST', '/v1/platform/clients', {
      tenantId: other.id,
      name: 'x',
      allowedRedirectUris: ['https://x.example.com/cb'],
      defaultPermissions: ['read:profile'],
      ownerUserId: owned.ownerUserId,
    });
    expect(foreignOwner.status).toBe(400);
    expect(errorOf(foreignOwner).code).toBe('INVALID_REQUEST');
  });

  it('creates, lists and revokes grants', async () => {
    const { services } = gw.gateway;
    const tenant = await newTenant('Grants tenant');
    const otherTenant = await newTenant('Grants other');
    const client = await newClient(tenant.id);
    const github = await seedConnection(services, { tenantId: tenant.id, provider: 'github' });
    const gitlab = await seedConnection(services, { tenantId: tenant.id, provider: 'gitlab' });
    const foreign = await seedConnection(services, { tenantId: otherTenant.id });

    const all = await adminCall('POST', '/v1/platform/grants', {
      tenantId: tenant.id,
      clientId: client.id,
      connectionId: github.id,
    });
    expect(all.status, all.text).toBe(201);
    const allGrant = all.json<Grant>();
    expect(allGrant).toMatchObject({
      tenantId: tenant.id,
      clientId: client.id,
      status: 'active',
      allRepositories: true,
      connectionIds: [github.id],
      repositories: [],
      permissions: ['read:repositories', 'read:commits'],
      revokedAt: null,
    });

    const picked = await adminCall('POST', '/v1/platform/grants', {
      tenantId: tenant.id,
      clientId: client.id,
      connectionIds: [github.id, gitlab.id],
      permissions: ['read:commits'],
      repositories: [
        { connectionId: gitlab.id, repositoryId: '42', fullName: 'group/project' },
        { connectionId: github.id, repositoryId: '7', fullName: 'acme/api' },
      ],
    });
    expect(picked.status, picked.text).toBe(201);
    const pickedGrant = picked.json<Grant>();
    expect(pickedGrant.allRepositories).toBe(false);
    expect(pickedGrant.permissions).toEqual(['read:commits']);
    expect(pickedGrant.connectionIds).toEqual([github.id, gitlab.id].sort());
    expect(pickedGrant.repositories).toEqual([
      { connectionId: github.id, provider: 'github', repositoryId: '7', fullName: 'acme/api' },
      {
        connectionId: gitlab.id,
        provider: 'gitlab',
        repositoryId: '42',
        fullName: 'group/project',
      },
    ]);

    for (const [label, body] of [
      [
        'a connection of another tenant',
        { tenantId: tenant.id, clientId: client.id, connectionIds: [github.id, foreign.id] },
      ],
      [
        'a client of another tenant',
        { tenantId: otherTenant.id, clientId: client.id, connectionIds: [foreign.id] },
      ],
      ['no connection', { tenantId: tenant.id, clientId: client.id }],
      [
        'a repository on a connection outside the grant',
        {
          tenantId: tenant.id,
          clientId: client.id,
          connectionId: github.id,
          repositories: [{ connectionId: gitlab.id, repositoryId: '1', fullName: 'a/b' }],
        },
      ],
      [
        'an unknown scope',
        {
          tenantId: tenant.id,
          clientId: client.id,
          connectionId: github.id,
          permissions: ['admin:all'],
        },
      ],
    ] as const) {
      const response = await adminCall('POST', '/v1/platform/grants', body);
      expect(response.status, label).toBe(400);
      expect(errorOf(response).code, label).toBe('INVALID_REQUEST');
    }

    const byConnection = await adminCall('GET', `/v1/platform/grants?connectionId=${gitlab.id}`);
    expect(byConnection.json<Collection<Grant>>().data.map((grant) => grant.id)).toEqual([
      pickedGrant.id,
    ]);
    const byTenant = await adminCall('GET', `/v1/platform/grants?tenantId=${tenant.id}`);
    expect(
      byTenant
        .json<Collection<Grant>>()
        .data.map((grant) => grant.id)
        .sort(),
    ).toEqual([allGrant.id, pickedGrant.id].sort());
    const byOtherTenant = await adminCall('GET', `/v1/platform/grants?tenantId=${otherTenant.id}`);
    expect(byOtherTenant.json<Collection<Grant>>().data).toEqual([]);

    // A client_credentials token of the client sees the new grant at once.
    const token = await seedToken(services, {
      tenantId: tenant.id,
      clientId: client.id,
      authorizationId: pickedGrant.id,
    });
    const code = await seedCode(services, { authorizationId: pickedGrant.id, clientId: client.id });
    await expect(services.platformAuth.authenticate(token.token)).resolves.toMatchObject({
      authorizationId: pickedGrant.id,
    });

    const revoked = await adminCall('DELETE', `/v1/platform/grants/${pickedGrant.id}`);
    expect(revoked.status, revoked.text).toBe(200);
    const revokedGrant = revoked.json<Grant>();
    expect(revokedGrant.status).toBe('revoked');
    expect(revokedGrant.revokedAt).not.toBeNull();
    expect(revokedGrant.revoked).toEqual({ accessTokens: 1, authorizationCodes: 1 });
    expect(
      (await services.prisma.accessToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt,
    ).not.toBeNull();
    expect(
      (await services.prisma.authorizationCode.findUniqueOrThrow({ where: { id: code.id } }))
        .usedAt,
    ).not.toBeNull();
    await expect(services.platformAuth.authenticate(token.token)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    // The other grant is untouched.
    expect(
      (await services.prisma.authorization.findUniqueOrThrow({ where: { id: allGrant.id } }))
        .status,
    ).toBe('active');

    const missing = await adminCall('DELETE', '/v1/platform/grants/authz_missing');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('RESOURCE_NOT_FOUND');
  });

  it('lists tokens without secrets, introspects and revokes them', async () => {
    const { services } = gw.gateway;
    const tenant = await newTenant('Tokens tenant');
    const other = await newTenant('Tokens other');
    const client = await newClient(tenant.id);
    const otherClient = await newClient(other.id);
    const connection = await seedConnection(services, { tenantId: tenant.id });
    const grant = await seedGrant(services, {
      tenantId: tenant.id,
      clientId: client.id,
      connectionIds: [connection.id],
    });
    const live = await seedToken(services, {
      tenantId: tenant.id,
      clientId: client.id,
      authorizationId: grant.id,
      permissions: ['read:repositories', 'read:commits'],
    });
    const expired = await seedToken(services, {
      tenantId: tenant.id,
      clientId: client.id,
      authorizationId: null,
      expiresInSeconds: -60,
    });
    const foreign = await seedToken(services, {
      tenantId: other.id,
      clientId: otherClient.id,
      authorizationId: null,
    });

    const list = await adminCall('GET', `/v1/platform/tokens?tenantId=${tenant.id}`);
    expect(list.status).toBe(200);
    const tokens = list.json<Collection<Token>>().data;
    expect(tokens.map((token) => token.id).sort()).toEqual([live.id, expired.id].sort());
    expect(tokens.find((token) => token.id === live.id)?.active).toBe(true);
    expect(tokens.find((token) => token.id === expired.id)?.active).toBe(false);
    expect(list.text).not.toContain(live.token);
    expect(list.text).not.toContain(hashSecret(live.token));
    expect(list.text).not.toContain('tokenHash');
    const byClient = await adminCall('GET', `/v1/platform/tokens?clientId=${otherClient.id}`);
    expect(byClient.json<Collection<Token>>().data.map((token) => token.id)).toEqual([foreign.id]);

    const introspected = await adminCall('POST', '/v1/platform/tokens/introspect', {
      token: live.token,
    });
    expect(introspected.status).toBe(200);
    expect(introspected.json()).toMatchObject({
      active: true,
      id: live.id,
      tenantId: tenant.id,
      clientId: client.id,
      authorizationId: grant.id,
      permissions: ['read:repositories', 'read:commits'],
      issuedBy: 'authorization_code',
      scope: 'read:repositories read:commits',
    });
    for (const token of [expired.token, 'sggat_unknown', '']) {
      const inactive = await adminCall('POST', '/v1/platform/tokens/introspect', { token });
      if (token === '') {
        expect(inactive.status).toBe(400);
        continue;
      }
      expect(inactive.status).toBe(200);
      expect(inactive.json()).toEqual({ active: false });
    }

    await expect(services.platformAuth.authenticate(live.token)).resolves.toMatchObject({
      tokenId: live.id,
    });
    const revoked = await adminCall('DELETE', `/v1/platform/tokens/${live.id}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json<Token>()).toMatchObject({ id: live.id, active: false });
    expect(revoked.json<Token>().revokedAt).not.toBeNull();
    expect(
      (await services.prisma.accessToken.findUniqueOrThrow({ where: { id: live.id } })).revokedAt,
    ).not.toBeNull();
    await expect(services.platformAuth.authenticate(live.token)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    const after = await adminCall('POST', '/v1/platform/tokens/introspect', { token: live.token });
    expect(after.json()).toEqual({ active: false });
    expect(
      (await services.prisma.accessToken.findUniqueOrThrow({ where: { id: foreign.id } }))
        .revokedAt,
    ).toBeNull();

    const unknown = await adminCall('DELETE', '/v1/platform/tokens/atk_missing');
    expect(unknown.status).toBe(404);
  });

  it('reads and updates the firewall config', async () => {
    const initial = await adminCall('GET', '/v1/security/firewall/config');
    expect(initial.status).toBe(200);
    const settings = initial.json<{ enabled: boolean; blockedFilePatterns: string[] }>();
    expect(settings.enabled).toBe(true);
    expect(settings.blockedFilePatterns).toContain('.env');

    const updated = await adminCall('POST', '/v1/security/firewall/config', {
      enabled: false,
      blockedFilePatterns: ['*.secret', 'config/**'],
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json<unknown>()).toMatchObject({
      enabled: false,
      blockedFilePatterns: ['*.secret', 'config/**'],
    });
    const reread = await adminCall('GET', '/v1/security/firewall/config');
    expect(reread.json<unknown>()).toMatchObject({
      enabled: false,
      blockedFilePatterns: ['*.secret', 'config/**'],
    });
    const row = await gw.gateway.services.prisma.firewallConfig.findUniqueOrThrow({
      where: { id: 'global' },
    });
    expect(row.enabled).toBe(false);
    expect(gw.gateway.services.firewall.current().config.blockedPaths).toEqual([
      '*.secret',
      'config/**',
    ]);

    // Only `enabled`: the patterns stay.
    const toggled = await adminCall('POST', '/v1/security/firewall/config', { enabled: true });
    expect(toggled.json<unknown>()).toMatchObject({
      enabled: true,
      blockedFilePatterns: ['*.secret', 'config/**'],
    });
  });

  it.each([
    ['an unterminated bracket', { blockedFilePatterns: ['[abc'] }],
    ['an unbalanced brace', { blockedFilePatterns: ['{a,b'] }],
    ['an empty pattern', { blockedFilePatterns: [''] }],
    ['a non-boolean enabled', { enabled: 'yes' }],
    ['an unknown field', { blockedPaths: ['*.pem'] }],
  ])('rejects a firewall body with %s', async (_label, body) => {
    const before = gw.gateway.services.firewall.settings();
    const response = await call('POST', `${gw.url}/v1/security/firewall/config`, {
      ...admin,
      headers: { ...admin.headers, 'x-request-id': 'test-request-123' },
      json: body,
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-request-id']).toBe('test-request-123');
    const error = errorOf(response);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.request_id).toBe('test-request-123');
    expect(error.source).toBe('gitflare');
    expect(Object.keys(response.json<ErrorBody>().error).sort()).toEqual(
      [
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
      ].sort(),
    );
    expect(gw.gateway.services.firewall.settings()).toEqual(before);
  });

  it('spots broken globs in linear time', () => {
    expect(globProblem('*.pem')).toBeNull();
    expect(globProblem('config/**/{a,b}.json')).toBeNull();
    expect(globProblem('[!a]*')).toBeNull();
    expect(globProblem('[]]x')).toBeNull();
    expect(globProblem('\\[literal')).toBeNull();
    expect(globProblem('[abc')).toMatch(/unterminated/);
    expect(globProblem('a}')).toMatch(/unbalanced/);
    expect(globProblem('(a')).toMatch(/unbalanced/);
    expect(globProblem('trailing\\')).toMatch(/unescaped/);
    expect(globProblem('tab\there')).toMatch(/control/);
    const hostile = '['.repeat(100_000);
    const started = performance.now();
    expect(globProblem(hostile)).toMatch(/unterminated/);
    expect(globProblem('{'.repeat(50_000) + '}'.repeat(50_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
