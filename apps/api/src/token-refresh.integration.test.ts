import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { randomBytes } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseProvider } from './test-support/database.js';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { call } from './test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
} from './test-support/flows.js';
import { gitlabSimulatorHost } from '../demo/simulator-hosts.js';

// GitLab access tokens expire after two hours and refresh tokens rotate: the
// gateway refreshes before expiry, persists the new pair sealed, and keeps serving reads.
describe('provider token refresh (GitLab OAuth)', () => {
  let sim: GitLabSimulator;
  let gw: TestGateway;
  let offsetMs = 0;
  const masterKey = randomBytes(32);

  beforeAll(async () => {
    sim = await startGitLabSimulator({ seed: 8 });
    gw = await startTestGateway({
      now: () => Date.now() + offsetMs,
      env: { ACCESS_TOKEN_TTL_SECONDS: '86400' },
      providerHosts: [gitlabSimulatorHost(sim)],
      masterKey,
    });
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  /** A developer app, a customer who connects GitLab through the consent flow: the app's token. */
  async function connectGitLab(customerRef: string): Promise<string> {
    const developer = await signUpDeveloper(gw);
    const scopes = ['read:repositories', 'read:branches'];
    const app = await createDeveloperApp(gw, developer.token, scopes);
    const { code } = await consent(gw, {
      clientId: app.clientId,
      scopes,
      customerRef,
      provider: 'gitlab',
      pick: (name) => name === sim.expected.repository,
    });
    return (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
  }

  it('refreshes an expiring token once, stores the rotated pair sealed, and reads on', async () => {
    const token = await connectGitLab('gl-customer');
    const { prisma, secretBox } = gw.gateway.services;
    const before = await prisma.connection.findFirstOrThrow({ where: { provider: 'gitlab' } });
    expect(before.tokenType).toBe('oauth');
    expect(before.refreshTokenEnc).not.toBeNull();

    const path = `${gw.url}/v1/repositories/gitlab/${sim.expected.repositoryId}/branches`;
    expect((await call('GET', path, bearer(token))).status).toBe(200);
    expect(sim.requests.count({ method: 'POST', path: /\/oauth\/token$/ })).toBe(1); // the code exchange only
    // Two hours later (the gateway's clock; access tokens last 7200 s): three reads at once.
    offsetMs = 7200_000;
    const reads = await Promise.all([
      call('GET', path, bearer(token)),
      call('GET', path, bearer(token)),
      call('GET', path, bearer(token)),
    ]);
    for (const read of reads) expect(read.status, read.text).toBe(200);

    const after = await prisma.connection.findUniqueOrThrow({ where: { id: before.id } });
    expect(secretBox.decrypt(after.accessTokenEnc ?? '')).not.toBe(
      secretBox.decrypt(before.accessTokenEnc ?? ''),
    );
    expect(secretBox.decrypt(after.refreshTokenEnc ?? '')).not.toBe(
      secretBox.decrypt(before.refreshTokenEnc ?? ''),
    );
    expect(after.expiresAt?.getTime()).toBeGreaterThan(before.expiresAt?.getTime() ?? 0);
    expect(sim.requests.count({ method: 'POST', path: /\/oauth\/token$/ })).toBe(2); // the code exchange and exactly one refresh
    expect((await call('GET', path, bearer(token))).status).toBe(200);
  });

  // WEB_CONCURRENCY: several processes serve one PostgreSQL database, each with its own adapters.
  // GitLab rotates the refresh token on use (the simulator refuses a used one, as GitLab does), so
  // two processes refreshing the same grant at once would leave one of them with a dead token.
  it.skipIf(testDatabaseProvider() !== 'postgresql')(
    'refreshes once across two gateway processes on one database reading at the same moment',
    async () => {
      // The token endpoint answers slowly, so both processes are inside a refresh at once.
      const slowRefresh: Dispatcher.DispatcherComposeInterceptor =
        (dispatch) => (opts, handler) => {
          if (!opts.path.endsWith('/oauth/token')) return dispatch(opts, handler);
          setTimeout(() => dispatch(opts, handler), 300);
          return true;
        };
      const dispatcher = new Agent().compose(slowRefresh);
      const second = await startTestGateway({
        dispatcher,
        now: () => Date.now() + offsetMs,
        env: { ACCESS_TOKEN_TTL_SECONDS: '86400' },
        providerHosts: [gitlabSimulatorHost(sim)],
        database: gw.database,
        masterKey,
      });
      try {
        const token = await connectGitLab('gl-customer-2');
        const path = `/v1/repositories/gitlab/${sim.expected.repositoryId}/branches`;
        // Both processes hold an adapter for the connection before it expires.
        expect((await call('GET', `${gw.url}${path}`, bearer(token))).status).toBe(200);
        expect((await call('GET', `${second.url}${path}`, bearer(token))).status).toBe(200);
        const refreshes = () => sim.requests.count({ method: 'POST', path: /\/oauth\/token$/ });
        const before = refreshes();
        offsetMs += 7200_000;
        const reads = await Promise.all(
          [gw, second, gw, second].map((each) => call('GET', `${each.url}${path}`, bearer(token))),
        );
        for (const read of reads) expect(read.status, read.text).toBe(200);
        expect(refreshes() - before).toBe(1);
        // Both read on with the stored pair.
        for (const each of [gw, second])
          expect((await call('GET', `${each.url}${path}`, bearer(token))).status).toBe(200);
        expect(refreshes() - before).toBe(1);
      } finally {
        await second.close();
        await dispatcher.close();
      }
    },
  );
});
