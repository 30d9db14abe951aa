import { randomUUID } from 'node:crypto';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabSimulatorHost } from '../../../demo/simulator-hosts.js';
import { dumpDatabase } from '../../test-support/dump.js';
import { joinTenant, signUpDeveloper } from '../../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { expectLinkConfirmation } from './test-support/link-opener.js';
import { call, signedInJar, type CallResult } from '../../test-support/http.js';

interface Integration {
  id: string;
  provider: string;
  host_url: string;
  auth_mode: string;
  status: string;
  status_reason: string | null;
  display_name: string;
  account: { username: string };
  webhook_url?: string;
  webhook_secret?: string;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function expectError(response: CallResult, status: number, code: string, message?: RegExp) {
  expect(response.status, response.text).toBe(status);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

// Seed 001 ("Connect GitLab") against a self-managed GitLab under a path prefix, registered at run
// time by its URL: token mode and OAuth application mode, then the repositories through both.
describe('Oore integrations: GitLab token and OAuth modes on a self-managed instance', () => {
  let cloud: GitLabSimulator;
  let selfManaged: GitLabSimulator;
  let gw: TestGateway;
  let owner: { token: string; tenantId: string };
  // The gateway's clock: moved forward to make stored OAuth tokens due for refresh.
  let clockOffset = 0;

  beforeAll(async () => {
    [cloud, selfManaged] = await Promise.all([
      startGitLabSimulator({ seed: 51 }),
      startGitLabSimulator({ seed: 52, pathPrefix: '/gitlab' }),
    ]);
    gw = await startTestGateway({
      providerHosts: [gitlabSimulatorHost(cloud)],
      now: () => Date.now() + clockOffset,
    });
    owner = await signUpDeveloper(gw);
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([cloud.stop(), selfManaged.stop()]);
  });

  const start = (token: string, body: Record<string, unknown>) =>
    call('POST', `${gw.url}/v1/integrations/gitlab/start`, { ...bearer(token), json: body });
  const repositoriesOf = (id: string) =>
    call('GET', `${gw.url}/v1/integrations/${id}/repositories`, bearer(owner.token));

  it('token mode: checks the scopes, answers the webhook URL and secret once, lists projects', async () => {
    const viewer = selfManaged.dataset.viewer.login;
    const missing = selfManaged.issuePersonalAccessToken({ scopes: ['api'] });
    expectError(
      await start(owner.token, { host_url: selfManaged.baseUrl, token: missing }),
      400,
      'INVALID_REQUEST',
      /lacks the read_repository scope/,
    );
    const readOnly = selfManaged.issuePersonalAccessToken({ scopes: ['read_api'] });
    expectError(
      await start(owner.token, { host_url: selfManaged.baseUrl, token: readOnly }),
      400,
      'INVALID_REQUEST',
      /lacks the api and read_repository scopes/,
    );
    const token = selfManaged.issuePersonalAccessToken({ scopes: ['api', 'read_repository'] });
    const created = await start(owner.token, {
      host_url: `${selfManaged.baseUrl}/`,
      token,
      display_name: 'Internal GitLab',
    });
    expect(created.status, created.text).toBe(201);
    const integration = created.json<Integration>();
    expect(integration).toMatchObject({
      provider: 'gitlab',
      host_url: selfManaged.baseUrl,
      auth_mode: 'token',
      status: 'active',
      display_name: 'Internal GitLab',
      app_id: null,
      account: { username: viewer },
      webhook_url: `${gw.url}/v1/webhooks/gitlab`,
    });
    expect(integration.webhook_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Shown once: never again, and never in plain text in the database.
    const again = await call(
      'GET',
      `${gw.url}/v1/integrations/${integration.id}`,
      bearer(owner.token),
    );
    expect(again.text).not.toContain(integration.webhook_secret);
    const dump = await dumpDatabase(gw.gateway.services.db);
    expect(dump).not.toContain(integration.webhook_secret);
    expect(dump).not.toContain(token);

    const repositories = await repositoriesOf(integration.id);
    expect(repositories.status, repositories.text).toBe(200);
    const repos = repositories.json<{ name: string; url: string; visibility: string }[]>();
    const own = selfManaged.dataset.repositories.filter((repo) => repo.owner === viewer);
    expect(own.length).toBeGreaterThan(0);
    for (const repo of own) expect(repos.map((item) => item.name)).toContain(repo.name);
    for (const repo of repos) expect(repo.url.startsWith(`${selfManaged.baseUrl}/`)).toBe(true);

    // The token revoked on GitLab: the next read fails as the provider said, and the integration says error.
    selfManaged.revokePersonalAccessToken(token);
    const refused = await repositoriesOf(integration.id);
    expect(refused.status, refused.text).toBe(401);
    const after = await call(
      'GET',
      `${gw.url}/v1/integrations/${integration.id}`,
      bearer(owner.token),
    );
    expect(after.json<Integration>()).toMatchObject({ status: 'error' });
    expect(after.json<Integration>().status_reason).toMatch(/.+/);
  });

  it('OAuth mode: the tenant’s own application, authorized in the browser or handed over by API', async () => {
    const redirectUri = `${gw.url}/v1/integrations/gitlab/callback`;
    const application = selfManaged.createOAuthApplication({
      redirectUri,
      scopes: ['api', 'read_repository'],
    });
    const body = {
      host_url: selfManaged.baseUrl,
      application_id: application.applicationId,
      secret: application.secret,
      return_to: '/app/dashboard',
    };
    const started = await start(owner.token, body);
    expect(started.status, started.text).toBe(200);
    const flow = started.json<{ url: string; authorize_url: string; redirect_uri: string }>();
    expect(flow.redirect_uri).toBe(redirectUri);
    expect(flow.authorize_url.startsWith(`${selfManaged.baseUrl}/oauth/authorize?`)).toBe(true);

    // In the starter's browser: the link binds it, GitLab approves, the callback stores it.
    const jar = signedInJar(owner.token);
    const opened = await call('GET', flow.url, { jar });
    expect(opened.status, opened.text).toBe(302);
    const authorize = new URL(opened.location as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const approved = await call('GET', authorize.toString());
    expect(approved.status, approved.text).toBe(302);
    // Someone else's browser with that callback URL gets nothing.
    expectError(
      await call('GET', approved.location as string),
      400,
      'INVALID_REQUEST',
      /another browser/,
    );
    const back = await call('GET', approved.location as string, { jar });
    expect(back.status, back.text).toBe(303);
    expect(back.location).toBe('/app/dashboard');

    const list = await call('GET', `${gw.url}/v1/integrations`, bearer(owner.token));
    const oauth = list.json<Integration[]>().find((item) => item.auth_mode === 'oauth');
    expect(oauth).toMatchObject({
      provider: 'gitlab',
      status: 'active',
      host_url: selfManaged.baseUrl,
    });
    const repositories = await repositoriesOf(oauth?.id ?? '');
    expect(repositories.status, repositories.text).toBe(200);
    expect(repositories.json<unknown[]>().length).toBeGreaterThan(0);

    // A front end that got the code itself: POST …/gitlab/authorize under the same session.
    const second = await start(owner.token, body);
    const direct = await call('GET', second.json<{ authorize_url: string }>().authorize_url);
    const params = new URL(direct.location as string).searchParams;
    const member = await joinTenant(gw, owner.token, 'member');
    expectError(
      await call('POST', `${gw.url}/v1/integrations/gitlab/authorize`, {
        ...bearer(member.token),
        json: { code: params.get('code'), state: params.get('state') },
      }),
      400,
      'INVALID_REQUEST',
    );
    const authorized = await call('POST', `${gw.url}/v1/integrations/gitlab/authorize`, {
      ...bearer(owner.token),
      json: { code: params.get('code'), state: params.get('state') },
    });
    expect(authorized.status, authorized.text).toBe(201);
    expect(authorized.json<Integration>()).toMatchObject({ auth_mode: 'oauth', status: 'active' });

    const dump = await dumpDatabase(gw.gateway.services.db);
    expect(dump).not.toContain(application.secret);

    // Three hours on, the access tokens are due: concurrent reads refresh once, and the rotated
    // pair is stored.
    const { prisma } = gw.gateway.services;
    const before = await prisma.connection.findUniqueOrThrow({ where: { id: oauth?.id ?? '' } });
    const refreshes = () =>
      selfManaged.requests
        .filter({ method: 'POST', path: /\/oauth\/token$/ })
        .filter((entry) => String(entry.body).includes('grant_type=refresh_token')).length;
    const refreshesBefore = refreshes();
    clockOffset = 3 * 3600_000;
    const reads = await Promise.all([1, 2, 3].map(() => repositoriesOf(oauth?.id ?? '')));
    for (const read of reads) expect(read.status, read.text).toBe(200);
    expect(refreshes() - refreshesBefore).toBe(1);
    const after = await prisma.connection.findUniqueOrThrow({ where: { id: oauth?.id ?? '' } });
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    expect((after.expiresAt?.getTime() ?? 0) > Date.now() + clockOffset).toBe(true);
    clockOffset = 0;

    // A member may read but not add.
    expectError(await start(member.token, body), 403, 'INSUFFICIENT_SCOPE', /owner or admin/);
  });

  it('OAuth mode: a link opened by someone else — refused for another signed-in account, bound only by the confirmation page without one', async () => {
    const application = selfManaged.createOAuthApplication({
      redirectUri: `${gw.url}/v1/integrations/gitlab/callback`,
      scopes: ['api', 'read_repository'],
    });
    const body = {
      host_url: selfManaged.baseUrl,
      application_id: application.applicationId,
      secret: application.secret,
    };
    const started = await start(owner.token, body);
    expect(started.status, started.text).toBe(200);
    const { url, authorize_url } = started.json<{ url: string; authorize_url: string }>();
    // Someone signed in as another account is refused; a browser not signed in here is asked, and
    // the button's answer redirects to GitLab, which form-action must allow too.
    const { jar } = await expectLinkConfirmation(gw, {
      url,
      provider: 'gitlab',
      tenantId: owner.tenantId,
      providerOrigin: new URL(selfManaged.baseUrl).origin,
    });
    // A page elsewhere that loaded the link and then sent the browser to the provider gets nothing:
    // the callback finds no binding.
    const behindTheBack = await call('GET', authorize_url);
    expect(behindTheBack.status, behindTheBack.text).toBe(302);
    expectError(
      await call('GET', behindTheBack.location as string, { jar }),
      400,
      'INVALID_REQUEST',
      /another browser/,
    );
    const startedAgain = await start(owner.token, body);
    const again = startedAgain.json<{ url: string; state: string }>();
    // The confirmation may come only from this origin's page.
    const own = new URL(gw.url).origin;
    const post = (headers: Record<string, string>) =>
      call('POST', `${gw.url}/v1/integrations/gitlab/create`, {
        jar,
        headers,
        form: { state: again.state },
      });
    for (const headers of [
      {},
      { origin: 'https://attacker.example' },
      { origin: 'null' },
      { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
      // A sibling subdomain, or a redirect chain through another site, with this Origin claimed.
      { origin: own, 'sec-fetch-site': 'same-site' },
      { origin: own, 'sec-fetch-site': 'cross-site' },
    ])
      expectError(await post(headers), 400, 'INVALID_REQUEST', /own page/);
    expect(jar.header()).toBe('');
    // Confirmed: bound to this browser, on to GitLab, and back.
    const confirmed = await post({ 'sec-fetch-site': 'same-origin' });
    expect(confirmed.status, confirmed.text).toBe(303);
    const authorize = new URL(confirmed.location as string);
    expect(authorize.origin).toBe(new URL(selfManaged.baseUrl).origin);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const approved = await call('GET', authorize.toString());
    expect(approved.status, approved.text).toBe(302);
    const back = await call('GET', approved.location as string, { jar });
    expect(back.status, back.text).toBe(200);
    expect(back.text).toContain('connected');
  });

  it('OAuth mode: a webhook secret on request (owner or admin), replaced by the next, accepted on GitLab deliveries', async () => {
    const application = selfManaged.createOAuthApplication({
      redirectUri: `${gw.url}/v1/integrations/gitlab/callback`,
      scopes: ['api', 'read_repository'],
    });
    const started = await start(owner.token, {
      host_url: selfManaged.baseUrl,
      application_id: application.applicationId,
      secret: application.secret,
    });
    const approved = await call('GET', started.json<{ authorize_url: string }>().authorize_url);
    const params = new URL(approved.location as string).searchParams;
    const authorized = await call('POST', `${gw.url}/v1/integrations/gitlab/authorize`, {
      ...bearer(owner.token),
      json: { code: params.get('code'), state: params.get('state') },
    });
    expect(authorized.status, authorized.text).toBe(201);
    const integration = authorized.json<Integration>();
    expect(integration.webhook_secret).toBeUndefined();

    const [fixture] = selfManaged.webhooks.deliveries();
    const deliver = async (secret: string) => {
      const answer = await request(`${gw.url}/v1/webhooks/gitlab`, {
        method: 'POST',
        headers: {
          ...Object.fromEntries(
            Object.entries(fixture?.request.headers ?? {}).filter(
              ([name]) => !/^(webhook-|x-gitlab-token$|x-gitlab-event-uuid$)/i.test(name),
            ),
          ),
          'x-gitlab-token': secret,
          'x-gitlab-event-uuid': randomUUID(),
        },
        body: fixture?.request.rawBody ?? '',
      });
      return { status: answer.statusCode, text: await answer.body.text() };
    };
    const issue = (token: string, id = integration.id) =>
      call('POST', `${gw.url}/v1/integrations/${id}/webhook-secret`, bearer(token));

    const member = await joinTenant(gw, owner.token, 'member');
    expectError(await issue(member.token), 403, 'INSUFFICIENT_SCOPE', /owner or admin/);
    const stranger = await signUpDeveloper(gw);
    expectError(await issue(stranger.token), 404, 'RESOURCE_NOT_FOUND');

    const first = await issue(owner.token);
    expect(first.status, first.text).toBe(200);
    const issued = first.json<{ webhook_url: string; webhook_secret: string }>();
    expect(issued.webhook_url).toBe(`${gw.url}/v1/webhooks/gitlab`);
    expect(issued.webhook_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const accepted = await deliver(issued.webhook_secret);
    expect(accepted.status, accepted.text).toBe(202);
    const event = await gw.gateway.services.prisma.webhookEvent.findFirstOrThrow({
      where: { provider: 'gitlab', connectionId: integration.id },
    });
    expect(event).toMatchObject({ tenantId: owner.tenantId, status: 'processed' });
    const shown = await call(
      'GET',
      `${gw.url}/v1/integrations/${integration.id}`,
      bearer(owner.token),
    );
    expect(shown.text).not.toContain(issued.webhook_secret);
    expect(await dumpDatabase(gw.gateway.services.db)).not.toContain(issued.webhook_secret);

    // A replacement: the old secret is refused from now on.
    const replaced = (await issue(owner.token)).json<{ webhook_secret: string }>().webhook_secret;
    expect(replaced).not.toBe(issued.webhook_secret);
    expect((await deliver(issued.webhook_secret)).status).toBe(401);
    expect((await deliver(replaced)).status).toBe(202);
  });

  it('refuses bad input with the canonical error body', async () => {
    for (const [body, pattern] of [
      [
        { host_url: selfManaged.baseUrl, token: 'x', application_id: 'a', secret: 'b' },
        /either token/,
      ],
      [{ host_url: selfManaged.baseUrl, application_id: 'a' }, /go together/],
      [{ host_url: 'not a url', token: 'x' }, /absolute URL/],
      [{ host_url: selfManaged.baseUrl, surprise: true }, /surprise|Unrecognized/i],
    ] as const)
      expectError(await start(owner.token, body), 400, 'INVALID_REQUEST', pattern);
    expectError(
      await call('POST', `${gw.url}/v1/integrations/gitlab/authorize`, {
        ...bearer(owner.token),
        json: { code: 'abc', state: 'sgis_unknown' },
      }),
      400,
      'INVALID_REQUEST',
      /Unknown integration state/,
    );
  });
});
