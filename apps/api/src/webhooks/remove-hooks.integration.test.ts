import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import { removeUpstreamHooks } from './remove-hooks.js';

// Security review #12, finding 5: a webhook created through events/subscribe stayed on the
// customer's repository after the app was deleted, the grant revoked or the connection deleted.
describe('webhooks end with the access that created them', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  const admin = (): Record<string, string> => ({ 'x-admin-api-key': gw.adminApiKey });
  const repoPath = (): string => encodeURIComponent(sim.expected.repository);

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 29 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim, { oauth: false })] });
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  /** The hooks on the simulator's repository, as its owner sees them. */
  const upstreamHooks = async (): Promise<{ id: number; config: { url: string } }[]> => {
    const response = await request(`${sim.baseUrl}/repos/${sim.expected.repository}/hooks`, {
      headers: { authorization: `token ${sim.token}`, 'user-agent': 'test' },
    });
    expect(response.statusCode).toBe(200);
    return (await response.body.json()) as { id: number; config: { url: string } }[];
  };
  // Every upstream hook points at the gateway's /v1/webhooks/github; the app's target URL labels
  // the subscription, by the provider hook id its answer carries.
  const hookIds = new Map<string, string>();
  const hookUrls = async (): Promise<string[]> => {
    const live = new Set((await upstreamHooks()).map((hook) => String(hook.id)));
    return [...hookIds].filter(([, id]) => live.has(id)).map(([url]) => url);
  };

  /** A developer app with a grant on a manual connection, and a token of that grant. */
  const setUp = async (): Promise<{
    developer: { token: string; tenantId: string };
    app: { clientId: string; clientSecret: string };
    connectionId: string;
    grantId: string;
    token: string;
  }> => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'events:subscribe',
    ]);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin(),
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const connectionId = manual.json<{ id: string }>().id;
    const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin(),
      json: {
        tenantId: developer.tenantId,
        clientId: app.clientId,
        connectionIds: [connectionId],
        permissions: ['read:repositories', 'events:subscribe'],
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const grantId = grant.json<{ id: string }>().id;
    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: { clientId: app.clientId, clientSecret: app.clientSecret, grantId },
    });
    expect(issued.status, issued.text).toBe(201);
    return {
      developer,
      app,
      connectionId,
      grantId,
      token: issued.json<{ accessToken: string }>().accessToken,
    };
  };

  const subscribe = async (token: string, callbackUrl: string): Promise<string> => {
    const response = await call(
      'POST',
      `${gw.url}/v1/repositories/github/${repoPath()}/events/subscribe`,
      { ...bearer(token), json: { callbackUrl, events: ['push'], active: true } },
    );
    expect(response.status, response.text).toBe(201);
    const body = response.json<{ id: string; providerSubscriptionId: string }>();
    hookIds.set(callbackUrl, body.providerSubscriptionId);
    expect(await hookUrls()).toContain(callbackUrl);
    const hook = (await upstreamHooks()).find(
      (candidate) => String(candidate.id) === body.providerSubscriptionId,
    );
    expect(hook?.config.url).toBe(`${gw.url}/v1/webhooks/github`);
    return body.id;
  };

  const rowExists = async (id: string): Promise<boolean> =>
    (await gw.gateway.services.prisma.eventSubscription.findUnique({ where: { id } })) !== null;

  it('revoking a grant removes its hooks upstream and their rows', async () => {
    const { grantId, token } = await setUp();
    const id = await subscribe(token, 'http://127.0.0.1:9/hooks/grant');
    const revoked = await call('DELETE', `${gw.url}/v1/platform/grants/${grantId}`, {
      headers: admin(),
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/grant');
    expect(await rowExists(id)).toBe(false);
  });

  it('a hook made with a client-credentials token goes with the grant that reached the repository', async () => {
    const { app, grantId } = await setUp();
    const issued = await call('POST', `${gw.url}/oauth/token`, {
      json: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      },
    });
    expect(issued.status, issued.text).toBe(200);
    const id = await subscribe(
      issued.json<{ accessToken: string }>().accessToken,
      'http://127.0.0.1:9/hooks/service',
    );
    expect(
      (await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({ where: { id } }))
        .authorizationId,
    ).toBe(grantId);
    expect(
      (await call('DELETE', `${gw.url}/v1/platform/grants/${grantId}`, { headers: admin() }))
        .status,
    ).toBe(200);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/service');
  });

  it('deleting the app removes its hooks', async () => {
    const { developer, app, token } = await setUp();
    const id = await subscribe(token, 'http://127.0.0.1:9/hooks/app');
    const deleted = await call('DELETE', `${gw.url}/v1/developer/apps/${app.clientId}`, {
      headers: { authorization: `Bearer ${developer.token}` },
    });
    expect(deleted.status, deleted.text).toBe(200);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/app');
    expect(await rowExists(id)).toBe(false);
  });

  it('deleting the connection removes its hooks, with its token, before the connection goes', async () => {
    const { connectionId, token } = await setUp();
    await subscribe(token, 'http://127.0.0.1:9/hooks/connection');
    const deleted = await call('DELETE', `${gw.url}/v1/connections/${connectionId}`, {
      headers: admin(),
    });
    expect(deleted.status, deleted.text).toBe(200);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/connection');
  });

  it('an upstream failure never blocks the revocation: the row is kept for the janitor, which retries', async () => {
    const { grantId, token } = await setUp();
    const id = await subscribe(token, 'http://127.0.0.1:9/hooks/retry');
    const down = sim.faults.inject({ method: 'DELETE', route: '*' }, { status: 503 });
    try {
      const revoked = await call('DELETE', `${gw.url}/v1/platform/grants/${grantId}`, {
        headers: admin(),
      });
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.json<{ status: string }>().status).toBe('revoked');
    } finally {
      sim.faults.clear(down.id);
    }
    expect(await hookUrls()).toContain('http://127.0.0.1:9/hooks/retry');
    expect(
      (await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({ where: { id } }))
        .active,
    ).toBe(false);
    const sweep = await gw.gateway.services.janitor.sweep();
    expect(sweep.extra.webhookRemovals).toBeGreaterThanOrEqual(1);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/retry');
    expect(await rowExists(id)).toBe(false);
  });

  it('a hook already gone upstream (404) counts as removed; an empty filter removes nothing', async () => {
    const { grantId, token } = await setUp();
    const id = await subscribe(token, 'http://127.0.0.1:9/hooks/gone');
    const other = await subscribe(token, 'http://127.0.0.1:9/hooks/kept');
    const hook = (await upstreamHooks()).find(
      (candidate) => String(candidate.id) === hookIds.get('http://127.0.0.1:9/hooks/gone'),
    );
    const removed = await request(
      `${sim.baseUrl}/repos/${sim.expected.repository}/hooks/${hook?.id ?? 0}`,
      { method: 'DELETE', headers: { authorization: `token ${sim.token}`, 'user-agent': 'test' } },
    );
    await removed.body.dump();
    expect(removed.statusCode).toBe(204);
    await removeUpstreamHooks(gw.gateway.services, {});
    expect(await rowExists(id)).toBe(true);
    const row = await gw.gateway.services.prisma.eventSubscription.findUniqueOrThrow({
      where: { id },
    });
    await removeUpstreamHooks(gw.gateway.services, {
      authorizationIds: [row.authorizationId ?? ''],
    });
    expect(await rowExists(id)).toBe(false);
    expect(await rowExists(other)).toBe(false);
    expect(await hookUrls()).not.toContain('http://127.0.0.1:9/hooks/kept');
    expect(
      (await gw.gateway.services.prisma.authorization.findUniqueOrThrow({ where: { id: grantId } }))
        .status,
    ).toBe('active');
  });
});
