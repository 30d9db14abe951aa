import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { bearer, createDeveloperApp, signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import { createJsonLogger } from './logger.js';

// Security review #12, finding 13 (b): the redactor replaced every field named `code`, so error
// lines lost their error code. Secrets are redacted by name and by value; error codes stay.
describe('log redaction', () => {
  it('keeps error codes and hides secrets by name and by value', () => {
    const lines: string[] = [];
    const logger = createJsonLogger('debug', (line) => lines.push(line));
    logger.error('request failed', {
      code: 'REPOSITORY_NOT_FOUND',
      cause: { code: 'ECONNRESET', errno: -104 },
      callback:
        'https://gw.example.com/v1/auth/github/callback?code=Zq81bXcA09ffee77&state=sgst_abcdefghijklmnop',
      nested: {
        code: 'q8Xy2LmN0pQrStUv',
        access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
        refresh_token: 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E1',
      },
      client_secret: 'b5c3f0e1d2a4968778a9',
      password: 'correct horse battery',
      authorization: 'Bearer sggat_0123456789abcdefghij',
      cookie: 'sgg_session=sggst_0123456789abcdefghij',
      message: 'upstream said: token sggat_9876543210zyxwvutsrq is invalid',
      accessTokens: 3,
      job: { state: 'active' },
      flow: { state: 'Kq8xZ2mN0pLrStUvWx' },
      note: 'state sgis_AbCdEfGhIjKlMnOp, signing whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+b/c=, app password ATBB3xAmPlEaPpPaSsWoRdF00DdBa5e',
    });
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry.code).toBe('REPOSITORY_NOT_FOUND');
    expect(entry.cause).toEqual({ code: 'ECONNRESET', errno: -104 });
    expect(entry.accessTokens).toBe(3);
    expect(entry.job).toEqual({ state: 'active' });
    expect(entry.flow).toEqual({ state: '[redacted]' });
    expect(entry.callback).toMatch(
      /^https:\/\/gw\.example\.com\/v1\/auth\/github\/callback\?code=\[REDACTED\]/,
    );
    for (const secret of [
      'Zq81bXcA09ffee77',
      'sgst_abcdefghijklmnop',
      'q8Xy2LmN0pQrStUv',
      'gho_16C7e42F',
      'ghr_1B4a2e7',
      'b5c3f0e1d2a4968778a9',
      'correct horse',
      'sggat_0123456789',
      'sggst_0123456789',
      'sggat_9876543210',
      'Kq8xZ2mN0pLrStUvWx',
      'sgis_AbCdEfGh',
      'whsec_MfKQ9r8G',
      'LaLaSw+b/c=',
      'ATBB3xAmPlE',
    ]) {
      expect(line).not.toContain(secret);
    }
  });

  describe('a gateway error line', () => {
    let sim: GitHubSimulator;
    let gw: TestGateway;
    const lines: string[] = [];
    beforeAll(async () => {
      sim = await startGitHubSimulator({ seed: 13 });
      gw = await startTestGateway({
        logger: createJsonLogger('debug', (line) => lines.push(line)),
        providerHosts: [githubSimulatorHost(sim, { oauth: false })],
      });
    });
    afterAll(async () => {
      await gw.close();
      await sim.stop();
    });

    it('keeps its code, and holds no token', async () => {
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
      const token = issued.json<{ accessToken: string }>().accessToken;

      const down = sim.faults.inject({ method: 'GET', route: '*' }, { status: 503 });
      try {
        const failed = await call(
          'GET',
          `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/branches`,
          bearer(token),
        );
        expect(failed.status, failed.text).toBe(503);
        const requestId = String(failed.headers['x-request-id']);
        const errorLine = lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.msg === 'request failed' && entry.requestId === requestId);
        expect(errorLine).toMatchObject({ level: 'error', code: 'UPSTREAM_UNAVAILABLE' });
        // The provider calls made for the request log its id too (logScope, no argument passing).
        const providerLines = lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((entry) => entry.provider === 'github' && String(entry.msg).startsWith('http '));
        expect(
          providerLines.filter((entry) => entry.requestId === requestId).length,
        ).toBeGreaterThan(0);
        // Every provider call here was made for some request, and its line says which.
        expect(providerLines.every((entry) => typeof entry.requestId === 'string')).toBe(true);
        expect(typeof providerLines[0]?.level).toBe('string');
        expect(typeof providerLines[0]?.time).toBe('string');
      } finally {
        sim.faults.clear(down.id);
      }
      const logs = lines.join('');
      for (const secret of [token, sim.token, app.clientSecret, developer.token, gw.adminApiKey])
        expect(logs).not.toContain(secret);
    });
  });
});
