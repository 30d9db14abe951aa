import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../crypto/tokens.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { bearer, signUpDeveloper } from '../../test-support/flows.js';
import { call } from '../../test-support/http.js';
import { seedCode, seedConnection, seedGrant, seedToken } from '../../test-support/seed.js';

const CREATE_BODY = {
  name: 'Acme Git Insights',
  description: 'Read-only Git analytics integration',
  allowedRedirectUris: ['https://acme.example.com/oauth/callback'],
  defaultPermissions: [
    'read:profile',
    'read:repositories',
    'read:commits',
    'read:pull-requests',
    'read:tags',
    'read:file-tree',
  ],
};

interface App {
  id: string;
  clientId: string;
  tenantId: string;
  name: string;
  description: string | null;
  allowedRedirectUris: string[];
  defaultPermissions: string[];
  status: string;
  authorizeUrl: string;
  tokenUrl: string;
  createdAt: string;
  updatedAt: string;
  clientSecret?: string;
  revoked?: { authorizations: number; accessTokens: number; authorizationCodes: number };
}

interface ErrorBody {
  error: { code: string; message: string; request_id: string };
}

describe('developer apps API', () => {
  let gw: TestGateway;
  let alice: { token: string; tenantId: string };
  let bob: { token: string; tenantId: string };

  beforeAll(async () => {
    gw = await startTestGateway();
    alice = await signUpDeveloper(gw);
    bob = await signUpDeveloper(gw);
  });
  afterAll(async () => {
    await gw.close();
  });

  const create = (token: string, body: unknown = CREATE_BODY) =>
    call('POST', `${gw.url}/v1/developer/apps`, { ...bearer(token), json: body });

  it('creates an app, shows the secret once and stores only its hash', async () => {
    const response = await create(alice.token);
    expect(response.status, response.text).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const app = response.json<App>();
    expect(app.id).toMatch(/^client_/);
    expect(app.clientId).toBe(app.id);
    expect(app.tenantId).toBe(alice.tenantId);
    expect(app.name).toBe(CREATE_BODY.name);
    expect(app.description).toBe(CREATE_BODY.description);
    expect(app.allowedRedirectUris).toEqual(CREATE_BODY.allowedRedirectUris);
    expect(app.defaultPermissions).toEqual(CREATE_BODY.defaultPermissions);
    expect(app.status).toBe('active');
    expect(app.authorizeUrl).toBe(`${gw.url}/oauth/authorize`);
    expect(app.tokenUrl).toBe(`${gw.url}/oauth/token`);
    expect(app.clientSecret).toMatch(/^sggcs_[A-Za-z0-9_-]{43}$/);
    // The contract's quickstart: "persist client.id + clientSecret".
    const { client } = response.json<{ client: App }>();
    expect(client.id).toBe(app.id);
    expect(client).not.toHaveProperty('clientSecret');

    const row = await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
      where: { id: app.id },
    });
    expect(row.secretHash).toBe(hashSecret(app.clientSecret as string));
    expect(JSON.stringify(row)).not.toContain(app.clientSecret);

    const list = await call('GET', `${gw.url}/v1/developer/apps`, bearer(alice.token));
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(app.clientSecret);
    expect(list.text).not.toContain(row.secretHash);
    const body = list.json<{
      data: App[];
      page_info: { limit: number; has_next_page: boolean; next_cursor: string | null };
    }>();
    expect(body.page_info).toEqual({ limit: 25, has_next_page: false, next_cursor: null });
    const listed = body.data.find((item) => item.id === app.id);
    expect(listed?.clientSecret).toBeUndefined();
    expect(listed).toMatchObject({
      clientId: app.id,
      status: 'active',
      tokenUrl: `${gw.url}/oauth/token`,
    });
  });

  it('stores permissions unique and in catalogue order', async () => {
    const response = await create(alice.token, {
      ...CREATE_BODY,
      defaultPermissions: ['read:commits', 'read:profile', 'read:commits'],
    });
    expect(response.status).toBe(201);
    expect(response.json<App>().defaultPermissions).toEqual(['read:profile', 'read:commits']);
  });

  it.each([
    ['an unknown scope', { ...CREATE_BODY, defaultPermissions: ['read:everything'] }],
    [
      'a redirect URI with a fragment',
      { ...CREATE_BODY, allowedRedirectUris: ['https://acme.example.com/cb#frag'] },
    ],
    ['a relative redirect URI', { ...CREATE_BODY, allowedRedirectUris: ['/oauth/callback'] }],
    ['a non-http redirect URI', { ...CREATE_BODY, allowedRedirectUris: ['javascript:alert(1)'] }],
    ['no redirect URI', { ...CREATE_BODY, allowedRedirectUris: [] }],
    [
      '21 redirect URIs',
      {
        ...CREATE_BODY,
        allowedRedirectUris: Array.from(
          { length: 21 },
          (_, i) => `https://acme.example.com/cb/${i}`,
        ),
      },
    ],
    ['no name', { ...CREATE_BODY, name: '' }],
    ['an unknown field', { ...CREATE_BODY, redirectUris: ['https://acme.example.com/cb'] }],
  ])('rejects %s with INVALID_REQUEST', async (_label, body) => {
    const before = await gw.gateway.services.prisma.oAuthClient.count();
    const response = await create(alice.token, body);
    expect(response.status, response.text).toBe(400);
    const error = response.json<ErrorBody>().error;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.request_id).toBe(response.headers['x-request-id']);
    expect(await gw.gateway.services.prisma.oAuthClient.count()).toBe(before);
  });

  it('accepts twenty redirect URIs', async () => {
    const uris = Array.from({ length: 20 }, (_, i) => `http://localhost:${3000 + i}/cb`);
    const response = await create(alice.token, { ...CREATE_BODY, allowedRedirectUris: uris });
    expect(response.status, response.text).toBe(201);
    expect(response.json<App>().allowedRedirectUris).toEqual(uris);
  });

  it('requires a session and a JSON body', async () => {
    const anonymous = await call('POST', `${gw.url}/v1/developer/apps`, { json: CREATE_BODY });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json<ErrorBody>().error.code).toBe('AUTH_REQUIRED');
    const bogus = await call(
      'GET',
      `${gw.url}/v1/developer/apps`,
      bearer('sggst_not-a-real-session'),
    );
    expect(bogus.status).toBe(401);
    expect(bogus.json<ErrorBody>().error.code).toBe('INVALID_CREDENTIALS');
    const form = await call('POST', `${gw.url}/v1/developer/apps`, {
      ...bearer(alice.token),
      form: { name: 'x' },
    });
    expect(form.status).toBe(400);
    expect(form.json<ErrorBody>().error.code).toBe('INVALID_REQUEST');
  });

  it('patches only the fields sent', async () => {
    const app = (await create(alice.token)).json<App>();
    const response = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(alice.token),
      json: { name: 'Renamed', allowedRedirectUris: ['https://acme.example.com/new-callback'] },
    });
    expect(response.status, response.text).toBe(200);
    const patched = response.json<App>();
    expect(patched.name).toBe('Renamed');
    expect(patched.allowedRedirectUris).toEqual(['https://acme.example.com/new-callback']);
    expect(patched.description).toBe(CREATE_BODY.description);
    expect(patched.defaultPermissions).toEqual(CREATE_BODY.defaultPermissions);
    expect(patched.clientSecret).toBeUndefined();
    const row = await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
      where: { id: app.id },
    });
    expect(row.name).toBe('Renamed');

    const cleared = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(alice.token),
      json: { description: null },
    });
    expect(cleared.json<App>().description).toBeNull();

    const empty = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(alice.token),
      json: {},
    });
    expect(empty.status).toBe(400);
    expect(empty.json<ErrorBody>().error.code).toBe('INVALID_REQUEST');
    const badScope = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(alice.token),
      json: { defaultPermissions: ['write:all'] },
    });
    expect(badScope.status).toBe(400);
    expect(
      (await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({ where: { id: app.id } }))
        .defaultPermissions,
    ).toBe(row.defaultPermissions);
  });

  it('soft-deletes an app and revokes its grants, tokens and codes', async () => {
    const { services } = gw.gateway;
    const app = (await create(alice.token)).json<App>();
    const other = (await create(alice.token)).json<App>();
    const connection = await seedConnection(services, { tenantId: alice.tenantId });
    const grant = await seedGrant(services, {
      tenantId: alice.tenantId,
      clientId: app.id,
      connectionIds: [connection.id],
    });
    const otherGrant = await seedGrant(services, {
      tenantId: alice.tenantId,
      clientId: other.id,
      connectionIds: [connection.id],
    });
    const token = await seedToken(services, {
      tenantId: alice.tenantId,
      clientId: app.id,
      authorizationId: grant.id,
    });
    const serviceToken = await seedToken(services, {
      tenantId: alice.tenantId,
      clientId: app.id,
      authorizationId: null,
    });
    const otherToken = await seedToken(services, {
      tenantId: alice.tenantId,
      clientId: other.id,
      authorizationId: otherGrant.id,
    });
    const code = await seedCode(services, { authorizationId: grant.id, clientId: app.id });

    // The token works before the delete (a cached principal must not outlive it).
    await expect(services.platformAuth.authenticate(token.token)).resolves.toMatchObject({
      clientId: app.id,
    });

    const response = await call(
      'DELETE',
      `${gw.url}/v1/developer/apps/${app.id}`,
      bearer(alice.token),
    );
    expect(response.status, response.text).toBe(200);
    const deleted = response.json<App>();
    expect(deleted.status).toBe('deleted');
    expect(deleted.revoked).toEqual({ authorizations: 1, accessTokens: 2, authorizationCodes: 1 });

    const { prisma } = services;
    const clientRow = await prisma.oAuthClient.findUniqueOrThrow({ where: { id: app.id } });
    expect(clientRow.deletedAt).not.toBeNull();
    const grantRow = await prisma.authorization.findUniqueOrThrow({ where: { id: grant.id } });
    expect(grantRow.status).toBe('revoked');
    expect(grantRow.revokedAt).not.toBeNull();
    expect(
      (await prisma.accessToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt,
    ).not.toBeNull();
    expect(
      (await prisma.accessToken.findUniqueOrThrow({ where: { id: serviceToken.id } })).revokedAt,
    ).not.toBeNull();
    expect(
      (await prisma.authorizationCode.findUniqueOrThrow({ where: { id: code.id } })).usedAt,
    ).not.toBeNull();
    await expect(services.platformAuth.authenticate(token.token)).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });

    // The other app of the same tenant is untouched.
    expect(
      (await prisma.authorization.findUniqueOrThrow({ where: { id: otherGrant.id } })).status,
    ).toBe('active');
    expect(
      (await prisma.accessToken.findUniqueOrThrow({ where: { id: otherToken.id } })).revokedAt,
    ).toBeNull();

    const list = await call('GET', `${gw.url}/v1/developer/apps`, bearer(alice.token));
    expect(list.json<{ data: App[] }>().data.map((item) => item.id)).not.toContain(app.id);
    const again = await call(
      'DELETE',
      `${gw.url}/v1/developer/apps/${app.id}`,
      bearer(alice.token),
    );
    expect(again.status).toBe(404);
    const patchDeleted = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(alice.token),
      json: { name: 'zombie' },
    });
    expect(patchDeleted.status).toBe(404);
  });

  it("hides another tenant's apps: list, patch and delete", async () => {
    const app = (await create(alice.token)).json<App>();
    const list = await call('GET', `${gw.url}/v1/developer/apps`, bearer(bob.token));
    expect(list.status).toBe(200);
    expect(list.json<{ data: App[] }>().data.every((item) => item.tenantId === bob.tenantId)).toBe(
      true,
    );
    expect(list.text).not.toContain(app.id);

    const patch = await call('PATCH', `${gw.url}/v1/developer/apps/${app.id}`, {
      ...bearer(bob.token),
      json: { name: 'Hijacked' },
    });
    expect(patch.status).toBe(404);
    expect(patch.json<ErrorBody>().error.code).toBe('RESOURCE_NOT_FOUND');
    const unknown = await call('PATCH', `${gw.url}/v1/developer/apps/client_doesnotexist`, {
      ...bearer(bob.token),
      json: { name: 'Hijacked' },
    });
    // Indistinguishable from an id that never existed.
    expect(unknown.json<ErrorBody>().error.message).toBe(patch.json<ErrorBody>().error.message);

    const del = await call('DELETE', `${gw.url}/v1/developer/apps/${app.id}`, bearer(bob.token));
    expect(del.status).toBe(404);
    expect(del.json<ErrorBody>().error.code).toBe('RESOURCE_NOT_FOUND');

    const row = await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({
      where: { id: app.id },
    });
    expect(row.name).toBe(CREATE_BODY.name);
    expect(row.deletedAt).toBeNull();
  });

  it('pages the list with limit', async () => {
    const fresh = await signUpDeveloper(gw);
    for (let i = 0; i < 3; i++) expect((await create(fresh.token)).status).toBe(201);
    const first = await call('GET', `${gw.url}/v1/developer/apps?limit=2`, bearer(fresh.token));
    const body = first.json<{
      data: App[];
      page_info: { limit: number; has_next_page: boolean };
    }>();
    expect(body.data).toHaveLength(2);
    expect(body.page_info).toMatchObject({ limit: 2, has_next_page: true });
    const all = await call('GET', `${gw.url}/v1/developer/apps?limit=3`, bearer(fresh.token));
    expect(all.json<{ page_info: { has_next_page: boolean } }>().page_info.has_next_page).toBe(
      false,
    );
    const bad = await call('GET', `${gw.url}/v1/developer/apps?limit=0`, bearer(fresh.token));
    expect(bad.status).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('INVALID_LIMIT');
  });
});
