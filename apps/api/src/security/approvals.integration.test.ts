import { findRepositoryOrThrow } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  REDIRECT_URI,
  signUpDeveloper,
} from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call, CookieJar, type CallResult } from '../test-support/http.js';

const ATTACKER_HOST = 'ghe.attacker.example';
const field = (page: string, name: string): string =>
  (new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '').replaceAll('&amp;', '&');
const boxes = (page: string): { value: string; label: string; checked: boolean }[] =>
  [
    ...page.matchAll(
      /<input type="checkbox" name="repository" value="([^"]+)"( checked)?> ([^<\n]+)/g,
    ),
  ].map((match) => ({
    value: (match[1] ?? '').replaceAll('&amp;', '&'),
    checked: match[2] !== undefined,
    label: (match[3] ?? '').trim(),
  }));
const errorCode = (response: CallResult): string | undefined =>
  response.status >= 400 ? response.json<{ error: { code: string } }>().error.code : undefined;

/**
 * Follows a hosted page's "Connect" link for one host through the provider's OAuth round trip, as a
 * browser does: the gateway's own URLs with this browser's cookies, the provider's without.
 */
async function signIn(gw: TestGateway, jar: CookieJar, page: string, host: string): Promise<void> {
  const links = [
    ...page.matchAll(/href="(\/v1\/auth\/github\/start\?[^"]+)">Connect GitHub( \(([^)]+)\))?</g),
  ];
  const link = links.find((match) => (match[3] ?? 'github.com') === host)?.[1];
  expect(link, `a connect link for ${host}`).toBeDefined();
  let url = `${gw.url}${(link as string).replaceAll('&amp;', '&')}`;
  for (let hop = 0; hop < 6; hop += 1) {
    const ours = url.startsWith(gw.url);
    const response = await call('GET', url, ours ? { jar } : {});
    expect([302, 303], response.text).toContain(response.status);
    if (ours && url.includes('/callback')) return;
    url = new URL(response.location as string, url).toString();
  }
  throw new Error('the sign-in did not come back to the gateway');
}

/**
 * A developer's app with `appScopes`, approved by a new customer (`refPrefix-…`) for the
 * simulator's repository with `scopes`, and the access token of that approval.
 */
async function approvedApp(
  gw: TestGateway,
  sim: GitHubSimulator,
  appScopes: string[],
  scopes: string[],
  refPrefix: string,
) {
  const developer = await signUpDeveloper(gw);
  const app = await createDeveloperApp(gw, developer.token, appScopes);
  const repo = findRepositoryOrThrow(sim.dataset, sim.expected.repository);
  const customerRef = `${refPrefix}-${Date.now()}`;
  const { code } = await consent(gw, {
    clientId: app.clientId,
    scopes,
    customerRef,
    provider: 'github',
    pick: (name) => name === repo.fullName,
  });
  const token = (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
  return { app, repo, customerRef, token };
}

/**
 * A gateway with two GitHub hosts — the default one and `secondHost` — each a simulator of its own
 * seed (the same seed: the same repository ids on both), for the life of one describe block.
 */
function twoHosts(seeds: [number, number], secondHost: string) {
  const state = {} as { primary: GitHubSimulator; secondary: GitHubSimulator; gw: TestGateway };
  beforeAll(async () => {
    state.primary = await startGitHubSimulator({ seed: seeds[0] });
    state.secondary = await startGitHubSimulator({ seed: seeds[1] });
    state.gw = await startTestGateway({
      providerHosts: [
        githubSimulatorHost(state.primary),
        { ...githubSimulatorHost(state.secondary), host: secondHost, isDefault: false },
      ],
    });
  });
  afterAll(async () => {
    await state.gw.close();
    await state.primary.stop();
    await state.secondary.stop();
  });
  return state;
}

/**
 * Issue #12, findings 1, 2, 8, 10, 11, 12: what a browser that knows only a `customer_ref`, an
 * app's client_credentials token, and racing or malformed requests must NOT be able to do.
 */
describe('approvals belong to the accounts a browser proved (security review)', () => {
  const hosts = twoHosts([41, 42], ATTACKER_HOST);
  let customerSim: GitHubSimulator;
  let gw: TestGateway;
  beforeAll(() => {
    ({ primary: customerSim, gw } = hosts);
  });

  it('a customer_ref alone shows, changes, revokes and renames nothing; another account adds only its own approval', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
      'read:commits',
    ]);
    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    const customerRef = `victim-${Date.now()}`;
    const { code } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches'],
      customerRef,
      provider: 'github',
      pick: (name) => name === repo.fullName,
      extraQuery: { customer_name: 'Victim Inc' },
    });
    const token = (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(200);
    const prisma = gw.gateway.services.prisma;
    const before = await prisma.authorization.findFirstOrThrow({
      where: { clientId: app.clientId },
      include: { connections: true, repositories: true },
    });

    // A fresh browser with only the ref (and a new name): no status, no scopes, no repositories.
    const attacker = new CookieJar();
    const pageUrl = `${gw.url}/app/company/apps/${app.clientId}?customer_ref=${customerRef}&customer_name=Evil`;
    let page = await call('GET', pageUrl, { jar: attacker });
    expect(page.status, page.text).toBe(200);
    expect(page.text).not.toContain('has access');
    expect(page.text).not.toContain(repo.fullName);
    expect(page.text).not.toMatch(/name="scope" value="[^"]+" checked/);
    expect(page.text).not.toContain('Victim Inc');
    // …and cannot update or revoke with the page's own form token.
    for (const action of ['update', 'revoke']) {
      const refused = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/${action}`, {
        jar: attacker,
        form: {
          form: field(page.text, 'form'),
          scope: ['read:repositories'],
          repository: `${before.connections[0]?.connectionId ?? ''}:${repo.id}`,
        },
      });
      expect(errorCode(refused), refused.text).toBe('AUTH_REQUIRED');
    }
    expect((await prisma.customer.findFirstOrThrow({ where: { customerRef } })).name).toBe(
      'Victim Inc',
    );

    // The attacker signs into its own account: it sees that account only, not the customer's approval.
    await signIn(gw, attacker, page.text, ATTACKER_HOST);
    page = await call('GET', pageUrl, { jar: attacker });
    expect(page.text).toContain('Acme Git Insights: no access');
    expect(page.text).not.toContain(repo.fullName);
    const own = boxes(page.text);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((box) => !box.checked)).toBe(true);

    // Its update adds its own account and leaves the customer's approval exactly as it was.
    const updated = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/update`, {
      jar: attacker,
      form: {
        form: field(page.text, 'form'),
        scope: ['read:repositories', 'read:commits'],
        repository: own[0]?.value ?? '',
      },
    });
    expect(updated.status, updated.text).toBe(303);
    const customerLink = await prisma.authorizationConnection.findFirstOrThrow({
      where: {
        authorizationId: before.id,
        connectionId: before.connections[0]?.connectionId ?? '',
      },
    });
    expect(JSON.parse(customerLink.permissions)).toEqual(['read:repositories', 'read:branches']);
    expect(
      await prisma.authorizationRepository.count({
        where: { authorizationId: before.id, repositoryId: String(repo.id) },
      }),
    ).toBe(1);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(200);
    // The customer approved no commits on its account: the attacker's read:commits does not reach it.
    expect(
      errorCode(
        await call('GET', `${gw.url}/v1/repositories/github/${repo.id}/commits`, bearer(token)),
      ),
    ).toBe('INSUFFICIENT_SCOPE');

    // Its revoke withdraws only its own account; the customer's token keeps working.
    page = await call('GET', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar: attacker,
    });
    const revoked = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar: attacker,
      form: { form: field(page.text, 'form'), confirm: field(page.text, 'confirm') },
    });
    expect(revoked.status, revoked.text).toBe(303);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(200);
    const after = await prisma.authorization.findUniqueOrThrow({
      where: { id: before.id },
      include: { connections: true },
    });
    expect(after.status).toBe('active');
    expect(after.connections.map((link) => link.connectionId)).toEqual(
      before.connections.map((link) => link.connectionId),
    );
    expect((await prisma.customer.findFirstOrThrow({ where: { customerRef } })).name).toBe(
      'Victim Inc',
    );
  });

  it('the consent page with an existing customer_ref never replaces the approval of another account', async () => {
    const { app, repo, customerRef, token } = await approvedApp(
      gw,
      customerSim,
      ['read:repositories', 'read:branches'],
      ['read:repositories'],
      'shared',
    );

    const attacker = new CookieJar();
    const authorize = `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: 'read:repositories', customer_ref: customerRef }).toString()}`;
    let page = await call('GET', authorize, { jar: attacker });
    expect(page.text).not.toContain(repo.fullName);
    // Approving before proving any account is refused.
    const early = await call('POST', `${gw.url}/oauth/authorize/approve`, {
      jar: attacker,
      form: { request: field(page.text, 'request'), scope: 'read:repositories' },
    });
    expect(errorCode(early), early.text).toBe('AUTH_REQUIRED');

    await signIn(gw, attacker, page.text, ATTACKER_HOST);
    page = await call('GET', authorize, { jar: attacker });
    const own = boxes(page.text);
    expect(own.map((box) => box.label)).not.toContain(repo.fullName);
    const approved = await call('POST', `${gw.url}/oauth/authorize/approve`, {
      jar: attacker,
      form: {
        request: field(page.text, 'request'),
        scope: 'read:repositories',
        repository: own[0]?.value ?? '',
      },
    });
    expect(approved.status, approved.text).toBe(303);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(200);
    expect(
      await gw.gateway.services.prisma.authorization.count({ where: { clientId: app.clientId } }),
    ).toBe(1);
  });

  it('a client_credentials token reaches only what each customer approved (scopes and events:subscribe)', async () => {
    const developer = await signUpDeveloper(gw);
    const everything = [
      'read:profile',
      'read:repositories',
      'read:branches',
      'read:commits',
      'read:pull-requests',
      'read:diffs',
      'read:file-tree',
      'events:subscribe',
    ];
    const app = await createDeveloperApp(gw, developer.token, everything);
    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'read:branches'],
      customerRef: `cc-${Date.now()}`,
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    const issued = await call('POST', `${gw.url}/oauth/token`, {
      json: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      },
    });
    expect(issued.status, issued.text).toBe(200);
    const token = issued.json<{ accessToken: string }>().accessToken;
    const base = `${gw.url}/v1/repositories/github/${repo.id}`;

    expect((await call('GET', base, bearer(token))).status).toBe(200);
    expect((await call('GET', `${base}/branches`, bearer(token))).status).toBe(200);
    for (const path of [
      `${base}/commits`,
      `${base}/pull-requests`,
      `${base}/file-tree`,
      `${base}/commits/main/diff`,
      `${gw.url}/v1/me`,
    ]) {
      const response = await call('GET', path, bearer(token));
      expect([errorCode(response), path]).toEqual(['INSUFFICIENT_SCOPE', path]);
    }
    const hook = await call('POST', `${base}/events/subscribe`, {
      ...bearer(token),
      json: { callbackUrl: 'https://evil.example/hook', events: ['push'] },
    });
    expect(errorCode(hook), hook.text).toBe('INSUFFICIENT_SCOPE');
    expect(await gw.gateway.services.prisma.eventSubscription.count()).toBe(0);
  });

  it("withdrawing an account's approval on the access page removes the webhooks the app created through it", async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'events:subscribe',
    ]);
    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    const customerRef = `hooks-${Date.now()}`;
    const { code, jar } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'events:subscribe'],
      customerRef,
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    const token = (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
    const callbackUrl = `http://127.0.0.1:9/${customerRef}`;
    const created = await call(
      'POST',
      `${gw.url}/v1/repositories/github/${repo.id}/events/subscribe`,
      { ...bearer(token), json: { callbackUrl, events: ['push'] } },
    );
    expect(created.status, created.text).toBe(201);
    const upstream = async (): Promise<string[]> => {
      const response = await request(
        `${customerSim.baseUrl}/repos/${customerSim.expected.repository}/hooks`,
        { headers: { authorization: `token ${customerSim.token}`, 'user-agent': 'test' } },
      );
      return ((await response.body.json()) as { id: number }[]).map((hook) => String(hook.id));
    };
    // The upstream hook points at the gateway; it is known by its id.
    const hookId = created.json<{ providerSubscriptionId: string }>().providerSubscriptionId;
    expect(await upstream()).toContain(hookId);

    const pageUrl = `${gw.url}/app/company/apps/${app.clientId}?customer_ref=${customerRef}`;
    await call('GET', pageUrl, { jar });
    const page = await call('GET', `${gw.url}/app/company/apps/${app.clientId}/revoke`, { jar });
    const revoked = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/revoke`, {
      jar,
      form: { form: field(page.text, 'form'), confirm: field(page.text, 'confirm') },
    });
    expect(revoked.status, revoked.text).toBe(303);
    expect(await upstream()).not.toContain(hookId);
    expect(
      await gw.gateway.services.prisma.eventSubscription.count({
        where: { clientId: app.clientId },
      }),
    ).toBe(0);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(401);
  });

  it('approving again with less takes the webhooks outside it away; the app can neither manage nor revive one it no longer reaches', async () => {
    const developer = await signUpDeveloper(gw);
    const both = ['read:repositories', 'events:subscribe'];
    const app = await createDeveloperApp(gw, developer.token, both);
    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    const customerRef = `narrow-${Date.now()}`;
    const approve = async (scopes: string[], pick: (name: string) => boolean, jar?: CookieJar) =>
      consent(gw, {
        clientId: app.clientId,
        scopes,
        customerRef,
        provider: 'github',
        pick,
        ...(jar === undefined ? {} : { jar }),
      });
    const first = await approve(both, () => true);
    const token = (await exchangeCode(gw, app, first.code)).json<{ accessToken: string }>()
      .accessToken;
    const upstream = async (): Promise<string[]> => {
      const response = await request(
        `${customerSim.baseUrl}/repos/${customerSim.expected.repository}/hooks`,
        { headers: { authorization: `token ${customerSim.token}`, 'user-agent': 'test' } },
      );
      return ((await response.body.json()) as { id: number }[]).map((hook) => String(hook.id));
    };
    const subscribe = async (
      label: string,
      repositoryId = repo.id,
    ): Promise<{ id: string; hookId: string }> => {
      const created = await call(
        'POST',
        `${gw.url}/v1/repositories/github/${repositoryId}/events/subscribe`,
        {
          ...bearer(token),
          json: { callbackUrl: `http://127.0.0.1:9/${label}`, events: ['push'] },
        },
      );
      expect(created.status, created.text).toBe(201);
      const body = created.json<{ id: string; providerSubscriptionId: string }>();
      if (repositoryId === repo.id) expect(await upstream()).toContain(body.providerSubscriptionId);
      return { id: body.id, hookId: body.providerSubscriptionId };
    };
    const subscriptions = gw.gateway.services.prisma.eventSubscription;

    // The repository is taken out of the approval (events:subscribe kept on the account), while
    // GitHub fails to delete hooks: the row stays, off, and out of the app's reach. An older
    // subscription on a repository still approved stays listed, on a full page.
    const other = customerSim.dataset.repositories.find((r) => r.fullName !== repo.fullName);
    if (other === undefined) throw new Error('the dataset has one repository');
    const kept = await subscribe(`${customerRef}-kept`, other.id);
    const stale = await subscribe(`${customerRef}-stale`);
    const down = customerSim.faults.inject({ method: 'DELETE', route: '*' }, { status: 503 });
    try {
      await approve(both, (name) => name !== repo.fullName, first.jar);
    } finally {
      customerSim.faults.clear(down.id);
    }
    expect(await upstream()).toContain(stale.hookId);
    expect((await subscriptions.findUniqueOrThrow({ where: { id: stale.id } })).active).toBe(false);
    const listed = await call('GET', `${gw.url}/v1/subscriptions`, bearer(token));
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json<{ data: { id: string }[] }>().data.map((row) => row.id)).not.toContain(
      stale.id,
    );
    // One a page: the newest row is the stale one, so the first page reads past it.
    const firstPage = await call('GET', `${gw.url}/v1/subscriptions?limit=1`, bearer(token));
    expect(firstPage.status, firstPage.text).toBe(200);
    expect(
      firstPage.json<{ data: { id: string }[]; page_info: { has_next_page: boolean } }>(),
    ).toMatchObject({ data: [{ id: kept.id }], page_info: { has_next_page: false } });
    const one = `${gw.url}/v1/subscriptions/${stale.id}`;
    expect(errorCode(await call('GET', one, bearer(token)))).toBe('RESOURCE_NOT_FOUND');
    expect(errorCode(await call('GET', `${one}/deliveries`, bearer(token)))).toBe(
      'RESOURCE_NOT_FOUND',
    );
    const revived = await call('PATCH', one, { ...bearer(token), json: { active: true } });
    expect(errorCode(revived), revived.text).toBe('RESOURCE_NOT_FOUND');
    expect(await upstream()).toContain(stale.hookId);
    // The janitor finishes the removal.
    await gw.gateway.services.janitor.sweep();
    expect(await upstream()).not.toContain(stale.hookId);
    expect(await subscriptions.findUnique({ where: { id: stale.id } })).toBeNull();

    // events:subscribe taken away: the hook goes at once.
    await approve(both, () => true, first.jar);
    const dropped = await subscribe(`${customerRef}-dropped`);
    await approve(['read:repositories'], () => true, first.jar);
    expect(await upstream()).not.toContain(dropped.hookId);
    expect(await subscriptions.findUnique({ where: { id: dropped.id } })).toBeNull();

    // An admin replacing the customer's grant with less: the same.
    await approve(both, () => true, first.jar);
    const byAdmin = await subscribe(`${customerRef}-admin`);
    const authorization = await gw.gateway.services.prisma.authorization.findFirstOrThrow({
      where: { clientId: app.clientId },
      include: { connections: true },
    });
    const replaced = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: {
        tenantId: authorization.tenantId,
        clientId: app.clientId,
        customerId: authorization.customerId,
        connectionIds: authorization.connections.map((link) => link.connectionId),
        permissions: ['read:repositories'],
      },
    });
    expect(replaced.status, replaced.text).toBe(201);
    expect(await upstream()).not.toContain(byAdmin.hookId);
    expect(await subscriptions.findUnique({ where: { id: byAdmin.id } })).toBeNull();
  });

  it('anonymous visits persist nothing; racing first visits and approvals leave one customer and one authorization', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const prisma = gw.gateway.services.prisma;
    const customers = await prisma.customer.count();
    const states = await prisma.oAuthState.count();
    const visits = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        call(
          'GET',
          `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, customer_ref: 'race-new', ...(index % 2 === 0 ? {} : { customer_name: 'X' }) }).toString()}`,
        ),
      ),
    );
    expect(visits.map((visit) => visit.status)).toEqual(Array.from({ length: 8 }, () => 200));
    await Promise.all(
      Array.from({ length: 8 }, () => call('GET', `${gw.url}/app/company/apps/${app.clientId}`)),
    );
    expect(await prisma.customer.count()).toBe(customers);
    expect(await prisma.oAuthState.count()).toBe(states);

    // One browser approves eight times at once: one authorization, every approval answered.
    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    const jar = new CookieJar();
    const { page } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: 'race-approve',
      provider: 'github',
      pick: (name) => name === repo.fullName,
      jar,
    });
    const request = field(page, 'request');
    const value = boxes(page).find((box) => box.label === repo.fullName)?.value ?? '';
    const approvals = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', `${gw.url}/oauth/authorize/approve`, {
          jar,
          form: { request, scope: 'read:repositories', repository: value },
        }),
      ),
    );
    expect(approvals.map((approval) => approval.status)).toEqual(
      Array.from({ length: 8 }, () => 303),
    );
    const customer = await prisma.customer.findFirstOrThrow({
      where: { customerRef: 'race-approve' },
    });
    expect(
      await prisma.authorization.count({
        where: { clientId: app.clientId, customerId: customer.id },
      }),
    ).toBe(1);
    expect(
      await prisma.authorizationRepository.count({
        where: { authorization: { clientId: app.clientId } },
      }),
    ).toBe(1);
  });

  it('refuses NUL and control characters at the boundary, before any query', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const probes: CallResult[] = [
      await call('GET', `${gw.url}/app/company/apps/%00`),
      await call('GET', `${gw.url}/app/company/apps/${app.clientId}?customer_ref=a%00b`),
      await call(
        'GET',
        `${gw.url}/oauth/authorize?response_type=code&client_id=${app.clientId}%00&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
      ),
      await call(
        'GET',
        `${gw.url}/oauth/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&customer_name=x%01`,
      ),
      await call('POST', `${gw.url}/app/signup`, {
        json: { name: 'N\u0000', email: 'nul@example.com', password: 'correct horse battery' },
      }),
      await call('POST', `${gw.url}/v1/developer/apps`, {
        ...bearer(developer.token),
        json: {
          name: 'A\u0000pp',
          allowedRedirectUris: [REDIRECT_URI],
          defaultPermissions: ['read:repositories'],
        },
      }),
      await call('GET', `${gw.url}/v1/account/usage/logs?endpoint=a%00`, bearer(developer.token)),
    ];
    expect(probes.map((probe) => [probe.status, errorCode(probe)])).toEqual(
      probes.map(() => [400, 'INVALID_REQUEST']),
    );
  });

  it('authorize refuses scopes outside the app; a PKCE downgrade is refused without spending the code', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
    const outside = await call(
      'GET',
      `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: 'read:repositories read:diffs', state: 's1' }).toString()}`,
    );
    expect(outside.status).toBe(303);
    const target = new URL(outside.location as string);
    expect([target.searchParams.get('error'), target.searchParams.get('state')]).toEqual([
      'invalid_scope',
      's1',
    ]);

    const repo = findRepositoryOrThrow(customerSim.dataset, customerSim.expected.repository);
    const { code } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories'],
      customerRef: `pkce-${Date.now()}`,
      provider: 'github',
      pick: (name) => name === repo.fullName,
    });
    const downgrade = await exchangeCode(gw, app, code, { code_verifier: 'v'.repeat(43) });
    expect([downgrade.status, downgrade.json<{ error: string }>().error]).toEqual([
      400,
      'invalid_grant',
    ]);
    expect(downgrade.text).toContain('code_challenge');
    expect((await exchangeCode(gw, app, code)).status).toBe(200);
  });
});

describe('two accounts of one customer approving the same repository (audit, 2026-12-07)', () => {
  const TWIN_HOST = 'ghe.twin.example';
  // Two hosts with the same data: the same repository ids under one provider, `github`.
  const hosts = twoHosts([61, 61], TWIN_HOST);

  it("the second account's approval keeps the repository the first approved, once (it was a unique-index 500)", async () => {
    const { primary: first, gw } = hosts;
    const scopes = ['read:repositories'];
    const { app, repo, customerRef, token } = await approvedApp(gw, first, scopes, scopes, 'twin');

    // Another browser of the same customer signs into the twin account and picks the same repository.
    const jar = new CookieJar();
    const pageUrl = `${gw.url}/app/company/apps/${app.clientId}?customer_ref=${customerRef}`;
    let page = await call('GET', pageUrl, { jar });
    await signIn(gw, jar, page.text, TWIN_HOST);
    page = await call('GET', pageUrl, { jar });
    const same = boxes(page.text).find((box) => box.value.endsWith(`:${repo.id}`));
    expect(same, page.text).toBeDefined();
    const updated = await call('POST', `${gw.url}/app/company/apps/${app.clientId}/update`, {
      jar,
      form: {
        form: field(page.text, 'form'),
        scope: ['read:repositories'],
        repository: same?.value ?? '',
      },
    });
    expect(updated.status, updated.text).toBe(303);
    const prisma = gw.gateway.services.prisma;
    const authorization = await prisma.authorization.findFirstOrThrow({
      where: { clientId: app.clientId },
      include: { connections: true, repositories: true },
    });
    expect(authorization.connections).toHaveLength(2);
    expect(
      authorization.repositories.filter((row) => row.repositoryId === String(repo.id)),
    ).toHaveLength(1);
    expect(
      (await call('GET', `${gw.url}/v1/repositories/github/${repo.id}`, bearer(token))).status,
    ).toBe(200);
  });
});
