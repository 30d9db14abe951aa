import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from './http/logger.js';
import { startTestGateway, type TestGateway } from './test-support/gateway.js';
import { dumpDatabase } from './test-support/dump.js';
import { call } from './test-support/http.js';
import {
  bearer,
  consent,
  createDeveloperApp,
  exchangeCode,
  signUpDeveloper,
} from './test-support/flows.js';
import { githubSimulatorHost } from '../demo/simulator-hosts.js';

// After a whole flow, a dump of every table holds no plaintext secret: provider tokens and OAuth
// client secrets are sealed (AES-256-GCM); client secrets, sessions, access tokens and codes hashed.
describe('secrets at rest', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  const logLines: string[] = [];

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 3 });
    gw = await startTestGateway({
      // Everything, debug included, as it would reach stdout.
      logger: createJsonLogger('debug', (line) => logLines.push(line)),
      providerHosts: [githubSimulatorHost(sim)],
    });
  });
  afterAll(async () => {
    await gw.close();
    await sim.stop();
  });

  it('stores no plaintext provider token, client secret, access token, session token or code', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'events:subscribe',
    ]);
    const { code } = await consent(gw, {
      clientId: app.clientId,
      scopes: ['read:repositories', 'events:subscribe'],
      customerRef: 'vault',
      provider: 'github',
      pick: (name) => name === sim.expected.repository,
    });
    const token = (await exchangeCode(gw, app, code)).json<{ accessToken: string }>().accessToken;
    expect(
      (await call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(token))).status,
    ).toBe(200);
    const manual = sim.issueToken();
    const created = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: { provider: 'github', accessToken: manual, tenantId: developer.tenantId },
    });
    expect(created.status, created.text).toBe(201);
    const secretsFromSubscribe = 'whsec-subscriber-secret-123';
    const subscribed = await call(
      'POST',
      `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/events/subscribe`,
      {
        ...bearer(token),
        json: {
          callbackUrl: 'http://127.0.0.1:9/hooks',
          events: ['push', 'pull_request'],
          active: true,
          secret: secretsFromSubscribe,
        },
      },
    );
    expect(subscribed.status, subscribed.text).toBe(201);
    expect(subscribed.text).not.toContain(secretsFromSubscribe);
    // The signing secret is shown once; it and the upstream hook's secret are stored sealed.
    const signingSecret = subscribed.json<{ signingSecret: string }>().signingSecret;
    expect(signingSecret).toMatch(/^whsec_/);
    await gw.gateway.services.usage.flush();

    const { prisma, secretBox } = gw.gateway.services;
    const connections = await prisma.connection.findMany();
    expect(connections.length).toBe(2);
    // What the gateway holds for the provider, decrypted here only to look for it in the dump.
    const providerTokens = connections.flatMap((connection) => [
      secretBox.decrypt(connection.accessTokenEnc ?? ''),
      ...(connection.refreshTokenEnc === null
        ? []
        : [secretBox.decrypt(connection.refreshTokenEnc)]),
    ]);
    expect(providerTokens).toContain(manual);

    const dump = await dumpDatabase(gw.gateway.services.db);
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain(app.clientId); // the dump is real: ids are there
    const subscription = await prisma.eventSubscription.findFirstOrThrow();
    for (const secret of [
      ...providerTokens,
      signingSecret,
      signingSecret.slice('whsec_'.length),
      secretBox.decrypt(subscription.hookSecretEnc ?? ''),
      app.clientSecret,
      token,
      code,
      developer.token,
      sim.oauth.clientSecret,
      secretsFromSubscribe,
      gw.adminApiKey,
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(dump.includes(secret), `a secret of length ${secret.length} appears in the dump`).toBe(
        false,
      );
    }
    expect(dump).not.toContain('correct horse battery'); // the developer's password

    // The logs of the whole flow hold none of them either.
    const logs = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    expect(logs).toContain('"path":"/oauth/token"');
    for (const secret of [
      ...providerTokens,
      signingSecret,
      signingSecret.slice('whsec_'.length),
      secretBox.decrypt(subscription.hookSecretEnc ?? ''),
      app.clientSecret,
      token,
      code,
      developer.token,
      sim.oauth.clientSecret,
      secretsFromSubscribe,
      gw.adminApiKey,
      'correct horse battery',
    ]) {
      expect(logs.includes(secret), `a secret of length ${secret.length} appears in the logs`).toBe(
        false,
      );
    }
  });
});
