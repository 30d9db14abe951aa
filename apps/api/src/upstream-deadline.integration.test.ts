import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from './test-support/flows.js';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { call } from './test-support/http.js';

// Security review #12, finding 13 (d): a hung upstream was reported only after every attempt had
// timed out (3 × UPSTREAM_TIMEOUT_MS plus backoff: 31.5 s with the defaults). UPSTREAM_DEADLINE_MS
// bounds the whole provider call.
describe('a hung provider', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 21 });
    gw = await startTestGateway({
      // Without the deadline this is 3 attempts of 2 s plus backoff: more than 6 s.
      env: { UPSTREAM_TIMEOUT_MS: '2000', UPSTREAM_MAX_RETRIES: '2', UPSTREAM_DEADLINE_MS: '1500' },
      providerHosts: [githubSimulatorHost(sim, { oauth: false })],
    });
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:branches']);
    const admin = { 'x-admin-api-key': gw.adminApiKey };
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: admin,
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const grant = await call('POST', `${gw.url}/v1/platform/grants`, {
      headers: admin,
      json: {
        tenantId: developer.tenantId,
        clientId: app.clientId,
        connectionIds: [manual.json<{ id: string }>().id],
        permissions: ['read:branches'],
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const issued = await call('POST', `${gw.url}/v1/platform/tokens`, {
      json: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        grantId: grant.json<{ id: string }>().id,
      },
    });
    expect(issued.status, issued.text).toBe(201);
    token = issued.json<{ accessToken: string }>().accessToken;
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('is UPSTREAM_TIMEOUT within UPSTREAM_DEADLINE_MS, retries included', async () => {
    const path = `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/branches`;
    const hung = sim.faults.inject({ method: 'GET', route: '*' }, { hang: true });
    try {
      const started = performance.now();
      const response = await call('GET', path, bearer(token));
      const elapsed = performance.now() - started;
      expect(response.status, response.text).toBe(504);
      expect(
        response.json<{ error: { code: string; provider: string; retryable: boolean } }>().error,
      ).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'github', retryable: true });
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(3000);
    } finally {
      sim.faults.clear(hung.id);
    }
    expect((await call('GET', path, bearer(token))).status).toBe(200);
  });
});
