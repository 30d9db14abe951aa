import { createHmac } from 'node:crypto';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, CookieJar, type CallResult } from '../test-support/http.js';
import { ROUTE_GROUPS } from './groups/index.js';
import type { RouteMethod } from './route-doc.js';
import { strictMismatches } from './strict-match.js';

// The session, developer, platform admin, firewall, webhook and document answers, called for real
// on a gateway on 127.0.0.1 (the GitHub simulator behind it), each body checked strictly against
// the schema its route documents for the status it answered: every key it sends is documented,
// every required documented key is there, each of the documented type.

const ROUTES = ROUTE_GROUPS.flatMap((group) => group.routes);

type Answered = Pick<CallResult, 'status' | 'text'>;

/** Fails unless the route documents a JSON answer for this status that the body matches strictly. */
function expectDocumented(method: RouteMethod, path: string, response: Answered): unknown {
  const route = ROUTES.find((entry) => entry.method === method && entry.path === path);
  expect(route, `${method} ${path} is documented`).toBeDefined();
  const documented = route?.responses.find(
    (entry) => entry.status === response.status && entry.kind === 'json',
  );
  expect(
    documented,
    `${method} ${path} answered an undocumented ${String(response.status)}: ${response.text}`,
  ).toBeDefined();
  const body: unknown = JSON.parse(response.text);
  if (documented?.kind === 'json')
    expect(strictMismatches(documented.schema, body), `${method} ${path}`).toEqual([]);
  return body;
}

describe('the documented session, admin and webhook answers, called for real', () => {
  let github: GitHubSimulator;
  let gw: TestGateway;
  let developer: { token: string; tenantId: string };
  let app: { clientId: string; clientSecret: string };
  let connectionId: string;
  let grantId: string;
  let accessToken: string;
  let joinerId: string;
  let subscriptionId: string;
  const checked = new Set<string>();

  const admin = (method: string, path: string, json?: unknown) =>
    call(method, `${gw.url}${path}`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      ...(json === undefined ? {} : { json }),
    });
  const check = (method: RouteMethod, path: string, response: Answered) => {
    checked.add(`${method} ${path} ${String(response.status)}`);
    return expectDocumented(method, path, response);
  };

  beforeAll(async () => {
    github = await startGitHubSimulator({ seed: 19 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(github)] });
    developer = await signUpDeveloper(gw);
    app = await createDeveloperApp(gw, developer.token, ['read:repositories', 'events:subscribe']);
    const manual = await admin('POST', '/v1/connections/manual', {
      provider: 'github',
      accessToken: github.token,
      tenantId: developer.tenantId,
    });
    expect(manual.status, manual.text).toBe(201);
    connectionId = manual.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await gw.close();
    await github.stop();
  });

  it('grants, tokens, introspection and revocations (platform admin)', async () => {
    const limited = await admin('POST', '/v1/platform/grants', {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      connectionIds: [connectionId],
      repositories: [
        {
          connectionId,
          repositoryId: github.expected.repositoryId,
          fullName: github.expected.repository,
        },
      ],
    });
    expect(limited.status, limited.text).toBe(201);
    const grant = check('post', '/v1/platform/grants', limited) as {
      id: string;
      repositories: unknown[];
      allRepositories: boolean;
    };
    expect([grant.repositories.length, grant.allRepositories]).toEqual([1, false]);

    const whole = await admin('POST', '/v1/platform/grants', {
      tenantId: developer.tenantId,
      clientId: app.clientId,
      connectionIds: [connectionId],
      permissions: ['read:repositories', 'read:commits', 'events:subscribe'],
    });
    expect(whole.status, whole.text).toBe(201);
    grantId = (check('post', '/v1/platform/grants', whole) as { id: string }).id;

    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: { clientId: app.clientId, clientSecret: app.clientSecret, grantId },
    });
    expect(issued.status, issued.text).toBe(201);
    check('post', '/v1/platform/tokens', issued);
    accessToken = issued.json<{ accessToken: string }>().accessToken;
    const spare = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: { clientId: app.clientId, clientSecret: app.clientSecret, grantId: grant.id },
    });
    expect(spare.status, spare.text).toBe(201);

    const grants = await admin('GET', `/v1/platform/grants?tenantId=${developer.tenantId}`);
    expect(grants.status, grants.text).toBe(200);
    const listed = check('get', '/v1/platform/grants', grants) as { data: unknown[] };
    expect(listed.data).toHaveLength(2);

    const tokens = await admin('GET', `/v1/platform/tokens?clientId=${app.clientId}`);
    expect(tokens.status, tokens.text).toBe(200);
    const tokenList = check('get', '/v1/platform/tokens', tokens) as {
      data: { id: string; active: boolean }[];
    };
    expect(tokenList.data.map((token) => token.active)).toEqual([true, true]);

    const active = await admin('POST', '/v1/platform/tokens/introspect', { token: accessToken });
    expect(active.status, active.text).toBe(200);
    expect(check('post', '/v1/platform/tokens/introspect', active)).toMatchObject({
      active: true,
      token_type: 'Bearer',
    });
    const unknown = await admin('POST', '/v1/platform/tokens/introspect', {
      token: 'sggat_not-a-token',
    });
    expect(check('post', '/v1/platform/tokens/introspect', unknown)).toEqual({ active: false });

    const revoked = await admin('DELETE', `/v1/platform/tokens/${spare.json<{ id: string }>().id}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(check('delete', '/v1/platform/tokens/:tokenId', revoked)).toMatchObject({
      active: false,
      revokedNow: true,
    });

    const gone = await admin('DELETE', `/v1/platform/grants/${grant.id}`);
    expect(gone.status, gone.text).toBe(200);
    expect(check('delete', '/v1/platform/grants/:grantId', gone)).toMatchObject({
      status: 'revoked',
      revoked: { accessTokens: 0, authorizationCodes: 0 },
    });
  });

  it("the tenant's usage summary and log, after real unified calls", async () => {
    const repo = `/v1/repositories/github/${encodeURIComponent(github.expected.repository)}`;
    for (const path of [repo, `${repo}/commits?limit=2`, `${repo}/nope`]) {
      const response = await call('GET', `${gw.url}${path}`, bearer(accessToken));
      expect(response.status, response.text).not.toBe(401);
    }
    await gw.gateway.services.usage.flush();

    const summary = await call(
      'GET',
      `${gw.url}/v1/account/usage/summary`,
      bearer(developer.token),
    );
    expect(summary.status, summary.text).toBe(200);
    const body = check('get', '/v1/account/usage/summary', summary) as {
      totals: { requests: number };
      byClient: { clientName: string | null }[];
    };
    expect(body.totals.requests).toBeGreaterThanOrEqual(2);
    expect(body.byClient[0]?.clientName).toBe('Acme Git Insights');

    const logs = await call(
      'GET',
      `${gw.url}/v1/account/usage/logs?top=1`,
      bearer(developer.token),
    );
    expect(logs.status, logs.text).toBe(200);
    expect(check('get', '/v1/account/usage/logs', logs)).toMatchObject({
      page_info: { limit: 1, offset: 0, has_next_page: true, next_offset: 1 },
    });
  });

  it('the JSON start of a provider connection, and an accepted invitation', async () => {
    const start = await call('GET', `${gw.url}/v1/auth/github/start`, bearer(developer.token));
    expect(start.status, start.text).toBe(200);
    const started = check('get', '/v1/auth/:provider/start', start) as {
      authorizationUrl: string;
    };
    expect(started).toMatchObject({ path: '/v1/auth/github/callback' });
    // Its link opened in a browser (signed in as the developer): on to GitHub and back, where the
    // callback of an API start answers the connection as JSON.
    const jar = new CookieJar();
    const signedIn = await call('GET', started.authorizationUrl, {
      jar,
      headers: { cookie: `sgg_session=${developer.token}` },
    });
    expect(signedIn.status, signedIn.text).toBe(302);
    const upstream = await call('GET', signedIn.location ?? '');
    expect(upstream.status, upstream.text).toBe(302);
    const callback = await call('GET', upstream.location ?? '', { jar });
    expect(callback.status, callback.text).toBe(200);
    expect(check('get', '/v1/auth/:provider/callback', callback)).toMatchObject({
      id: connectionId,
      provider: 'github',
    });

    const invited = await call('POST', `${gw.url}/v1/tenant/invitations`, {
      ...bearer(developer.token),
      json: { email: `joiner-${String(Date.now())}@example.com`, role: 'member' },
    });
    expect(invited.status, invited.text).toBe(201);
    const accepted = await call('POST', `${gw.url}/v1/tenant/invitations/accept`, {
      json: {
        token: invited.json<{ token: string }>().token,
        name: 'Joiner',
        password: 'correct horse battery',
      },
    });
    expect(accepted.status, accepted.text).toBe(201);
    expect(check('post', '/v1/tenant/invitations/accept', accepted)).toMatchObject({
      tenant: { id: developer.tenantId, role: 'member' },
    });
    joinerId = accepted.json<{ user: { id: string } }>().user.id;
  });

  it('the neighbouring answers of the account, developer, member, connection and admin groups', async () => {
    const session = (method: string, path: string, json?: unknown) =>
      call(method, `${gw.url}${path}`, {
        ...bearer(developer.token),
        ...(json === undefined ? {} : { json }),
      });
    const expectChecked = async (
      method: RouteMethod,
      route: string,
      response: Promise<CallResult>,
      status = 200,
    ) => {
      const answered = await response;
      expect(answered.status, `${route}: ${answered.text}`).toBe(status);
      return check(method, route, answered) as Record<string, unknown>;
    };

    await expectChecked('get', '/v1/account/me', session('GET', '/v1/account/me'));
    const connections = await expectChecked(
      'get',
      '/v1/account/connections',
      session('GET', '/v1/account/connections?limit=1'),
    );
    expect((connections.data as unknown[]).length).toBe(1);
    await expectChecked(
      'get',
      '/v1/account/repositories',
      session('GET', '/v1/account/repositories'),
    );

    await expectChecked('get', '/v1/developer/apps', session('GET', '/v1/developer/apps'));
    const second = await expectChecked(
      'post',
      '/v1/developer/apps',
      session('POST', '/v1/developer/apps', {
        name: 'Second app',
        allowedRedirectUris: ['https://second.example.com/callback'],
        defaultPermissions: ['read:repositories'],
      }),
      201,
    );
    await expectChecked(
      'patch',
      '/v1/developer/apps/:clientId',
      session('PATCH', `/v1/developer/apps/${String(second.clientId)}`, { name: 'Renamed' }),
    );

    await expectChecked('get', '/v1/tenant/members', session('GET', '/v1/tenant/members'));
    await expectChecked(
      'patch',
      '/v1/tenant/members/:userId',
      session('PATCH', `/v1/tenant/members/${joinerId}`, { role: 'admin' }),
    );
    await expectChecked(
      'delete',
      '/v1/tenant/members/:userId',
      session('DELETE', `/v1/tenant/members/${joinerId}`),
    );
    const invitation = await expectChecked(
      'post',
      '/v1/tenant/invitations',
      session('POST', '/v1/tenant/invitations', {
        email: 'pending@example.com',
        role: 'admin',
      }),
      201,
    );
    await expectChecked('get', '/v1/tenant/invitations', session('GET', '/v1/tenant/invitations'));
    await expectChecked(
      'delete',
      '/v1/tenant/invitations/:id',
      session('DELETE', `/v1/tenant/invitations/${String(invitation.id)}`),
    );

    await expectChecked(
      'get',
      '/v1/connections',
      admin('GET', `/v1/connections?tenantId=${developer.tenantId}`),
    );
    await expectChecked(
      'get',
      '/v1/connections/:connectionId',
      admin('GET', `/v1/connections/${connectionId}`),
    );
    // The same simulator account: the stored connection again (the one the grants use).
    const again = await expectChecked(
      'post',
      '/v1/connections/manual',
      admin('POST', '/v1/connections/manual', {
        provider: 'github',
        accessToken: github.issueToken(),
        tenantId: developer.tenantId,
      }),
      201,
    );
    expect(again.id).toBe(connectionId);

    const tenant = await expectChecked(
      'post',
      '/v1/platform/tenants',
      admin('POST', '/v1/platform/tenants', { name: 'Answers Inc' }),
      201,
    );
    await expectChecked('get', '/v1/platform/tenants', admin('GET', '/v1/platform/tenants'));
    await expectChecked(
      'post',
      '/v1/platform/clients',
      admin('POST', '/v1/platform/clients', {
        tenantId: tenant.id,
        name: 'Admin-made app',
        allowedRedirectUris: ['https://admin.example.com/callback'],
        defaultPermissions: ['read:repositories'],
      }),
      201,
    );
    await expectChecked('get', '/v1/platform/clients', admin('GET', '/v1/platform/clients'));
  });

  it("the firewall's settings, read and changed", async () => {
    const read = await admin('GET', '/v1/security/firewall/config');
    expect(read.status, read.text).toBe(200);
    expect(check('get', '/v1/security/firewall/config', read)).toMatchObject({
      enabled: true,
      updatedAt: null,
    });
    const changed = await admin('POST', '/v1/security/firewall/config', {
      blockedFilePatterns: ['**/.env', 'secrets/**'],
    });
    expect(changed.status, changed.text).toBe(200);
    expect(check('post', '/v1/security/firewall/config', changed)).toMatchObject({
      enabled: true,
      blockedFilePatterns: ['**/.env', 'secrets/**'],
      updatedAt: expect.any(String) as string,
    });
  });

  it("a provider's webhook delivery: accepted, then a duplicate", async () => {
    const subscribed = await call(
      'POST',
      `${gw.url}/v1/repositories/github/${encodeURIComponent(github.expected.repository)}/events/subscribe`,
      {
        ...bearer(accessToken),
        json: { callbackUrl: 'http://127.0.0.1:9/hooks', events: ['push'] },
      },
    );
    expect(subscribed.status, subscribed.text).toBe(201);
    const subscription = subscribed.json<{ id: string; providerSubscriptionId: string }>();
    subscriptionId = subscription.id;
    const row = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id: subscription.id },
    });
    const secret = gw.gateway.services.secretBox.decrypt(row.hookSecretEnc ?? '');
    const push = github.webhooks
      .deliveries()
      .find((fixture) => fixture.request.headers['X-GitHub-Event'] === 'push');
    expect(push).toBeDefined();
    const rawBody = String(push?.request.rawBody);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(push?.request.headers ?? {}))
      if (typeof value === 'string' && !/^(x-hub-signature|x-github-hook-id$)/i.test(name))
        headers[name] = value;
    headers['X-GitHub-Hook-ID'] = subscription.providerSubscriptionId;
    headers['x-hub-signature-256'] =
      `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
    // The bytes as signed (call() would re-serialize a JSON body).
    const deliver = async (): Promise<Answered> => {
      const response = await request(`${gw.url}/v1/webhooks/github`, {
        method: 'POST',
        headers,
        body: rawBody,
      });
      return { status: response.statusCode, text: await response.body.text() };
    };

    const first = await deliver();
    expect(first.status, first.text).toBe(202);
    expect(check('post', '/v1/webhooks/:provider', first)).toMatchObject({
      status: 'accepted',
      deliveries: 1,
    });
    const again = await deliver();
    expect(again.status, again.text).toBe(200);
    expect(check('post', '/v1/webhooks/:provider', again)).toMatchObject({
      status: 'duplicate',
      deliveries: 0,
    });
  });

  it("the app's subscriptions and deliveries, and its OAuth endpoints", async () => {
    const app$ = (method: string, path: string, json?: unknown) =>
      call(method, `${gw.url}${path}`, {
        ...bearer(accessToken),
        ...(json === undefined ? {} : { json }),
      });
    const one = `/v1/subscriptions/${subscriptionId}`;
    const list = await app$('GET', '/v1/subscriptions');
    expect(list.status, list.text).toBe(200);
    check('get', '/v1/subscriptions', list);
    const got = await app$('GET', one);
    expect(got.status, got.text).toBe(200);
    check('get', '/v1/subscriptions/:id', got);
    const deliveries = await app$('GET', `${one}/deliveries`);
    expect(deliveries.status, deliveries.text).toBe(200);
    const delivery = (
      check('get', '/v1/subscriptions/:id/deliveries', deliveries) as { data: { id: string }[] }
    ).data[0];
    expect(delivery).toBeDefined();
    const redelivered = await app$('POST', `${one}/deliveries/${delivery?.id ?? ''}/redeliver`);
    expect(redelivered.status, redelivered.text).toBe(202);
    check('post', '/v1/subscriptions/:id/deliveries/:deliveryId/redeliver', redelivered);
    const paused = await app$('PATCH', one, { active: false });
    expect(paused.status, paused.text).toBe(200);
    check('patch', '/v1/subscriptions/:id', paused);
    const removed = await app$('DELETE', one);
    expect(removed.status, removed.text).toBe(200);
    check('delete', '/v1/subscriptions/:id', removed);

    const metadata = await call('GET', `${gw.url}/.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
    check('get', '/.well-known/oauth-authorization-server', metadata);
    const credentials = { client_id: app.clientId, client_secret: app.clientSecret };
    const token = await call('POST', `${gw.url}/oauth/token`, {
      json: { grant_type: 'client_credentials', ...credentials },
    });
    expect(token.status, token.text).toBe(200);
    const issued = check('post', '/oauth/token', token) as { access_token: string };
    const introspected = await call('POST', `${gw.url}/oauth/introspect`, {
      json: { token: issued.access_token, ...credentials },
    });
    expect(introspected.status, introspected.text).toBe(200);
    expect(check('post', '/oauth/introspect', introspected)).toMatchObject({ active: true });
  });

  it('deletes an app (what it revoked) and the connection, and serves the document', async () => {
    const deleted = await call(
      'DELETE',
      `${gw.url}/v1/developer/apps/${app.clientId}`,
      bearer(developer.token),
    );
    expect(deleted.status, deleted.text).toBe(200);
    expect(check('delete', '/v1/developer/apps/:clientId', deleted)).toMatchObject({
      status: 'deleted',
      // The platform token and the client_credentials one.
      revoked: { authorizations: 1, accessTokens: 2 },
    });

    const removed = await admin('DELETE', `/v1/connections/${connectionId}`);
    expect(removed.status, removed.text).toBe(200);
    expect(check('delete', '/v1/connections/:connectionId', removed)).toMatchObject({
      id: connectionId,
      status: 'deleted',
    });

    const document = await call('GET', `${gw.url}/openapi.json`);
    expect(document.status).toBe(200);
    expect(check('get', '/openapi.json', document)).toMatchObject({ openapi: '3.1.0' });
  });

  it('called and checked every answer this file is about (each status)', () => {
    expect([...checked].sort()).toEqual(
      [
        'delete /v1/developer/apps/:clientId 200',
        'delete /v1/platform/grants/:grantId 200',
        'delete /v1/platform/tokens/:tokenId 200',
        'get /openapi.json 200',
        'get /v1/account/usage/logs 200',
        'get /v1/account/usage/summary 200',
        'get /v1/auth/:provider/start 200',
        'get /v1/auth/:provider/callback 200',
        'get /v1/platform/grants 200',
        'get /v1/platform/tokens 200',
        'get /v1/security/firewall/config 200',
        'post /v1/platform/grants 201',
        'post /v1/platform/tokens/introspect 200',
        'post /v1/security/firewall/config 200',
        'post /v1/tenant/invitations/accept 201',
        'post /v1/webhooks/:provider 200',
        'post /v1/webhooks/:provider 202',
        // Already typed before; checked here too.
        'post /v1/platform/tokens 201',
        'get /v1/subscriptions 200',
        'get /v1/subscriptions/:id 200',
        'get /v1/subscriptions/:id/deliveries 200',
        'post /v1/subscriptions/:id/deliveries/:deliveryId/redeliver 202',
        'patch /v1/subscriptions/:id 200',
        'delete /v1/subscriptions/:id 200',
        'get /.well-known/oauth-authorization-server 200',
        'post /oauth/token 200',
        'post /oauth/introspect 200',
        'get /v1/account/me 200',
        'get /v1/account/connections 200',
        'get /v1/account/repositories 200',
        'get /v1/developer/apps 200',
        'post /v1/developer/apps 201',
        'patch /v1/developer/apps/:clientId 200',
        'get /v1/tenant/members 200',
        'patch /v1/tenant/members/:userId 200',
        'delete /v1/tenant/members/:userId 200',
        'post /v1/tenant/invitations 201',
        'get /v1/tenant/invitations 200',
        'delete /v1/tenant/invitations/:id 200',
        'get /v1/connections 200',
        'get /v1/connections/:connectionId 200',
        'post /v1/connections/manual 201',
        'delete /v1/connections/:connectionId 200',
        'post /v1/platform/tenants 201',
        'get /v1/platform/tenants 200',
        'post /v1/platform/clients 201',
        'get /v1/platform/clients 200',
      ].sort(),
    );
  });
});
