// GET /metrics (Prometheus): served only when METRICS_TOKEN is set and only to a scraper sending
// it; counts requests by route pattern and status, errors by canonical code, and each provider
// call by provider and status with the rate limit it reported.
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { testDatabaseProvider } from '../test-support/database.js';
import { createMetrics } from './metrics.js';
import {
  bearer,
  createDeveloperApp,
  grantAndIssueToken,
  signUpDeveloper,
} from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';

const METRICS_TOKEN = 'metrics-0123456789abcdef';

describe('GET /metrics', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let off: TestGateway;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 21 });
    gw = await startTestGateway({
      env: { METRICS_TOKEN },
      providerHosts: [githubSimulatorHost(sim, { oauth: false })],
    });
    off = await startTestGateway();
  });

  afterAll(async () => {
    await gw.close();
    await off.close();
    await sim.stop();
  });

  it('is not served without METRICS_TOKEN', async () => {
    const response = await call('GET', `${off.url}/metrics`, bearer(METRICS_TOKEN));
    expect(response.status).toBe(404);
  });

  it('refuses a scraper without the token or with another one', async () => {
    const none = await call('GET', `${gw.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('AUTH_REQUIRED');
    const wrong = await call('GET', `${gw.url}/metrics`, bearer(`${METRICS_TOKEN}x`));
    expect(wrong.status).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.text).not.toContain('scm_gateway_');
  });

  it('counts requests by route pattern, errors by code, and provider calls', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, ['read:branches']);
    const manual = await call('POST', `${gw.url}/v1/connections/manual`, {
      headers: { 'x-admin-api-key': gw.adminApiKey },
      json: { provider: 'github', accessToken: sim.token, tenantId: developer.tenantId },
    });
    expect(manual.status, manual.text).toBe(201);
    const token = await grantAndIssueToken(gw, {
      tenantId: developer.tenantId,
      app,
      connectionIds: [manual.json<{ id: string }>().id],
      permissions: ['read:branches'],
    });
    const branches = `${gw.url}/v1/repositories/github/${encodeURIComponent(sim.expected.repository)}/branches`;
    const read = await call('GET', `${branches}?limit=2`, bearer(token));
    expect(read.status, read.text).toBe(200);
    // The same read again is revalidated with the ETag (UPSTREAM_CACHE_MB): GitHub answers 304,
    // and the gateway answers the same page from its cache.
    const reread = await call('GET', `${branches}?limit=2`, bearer(token));
    expect(reread.status, reread.text).toBe(200);
    expect(reread.json<{ data: unknown[] }>().data).toEqual(read.json<{ data: unknown[] }>().data);
    const badCursor = await call('GET', `${branches}?cursor=not-a-cursor`, bearer(token));
    expect(badCursor.status).toBe(400);
    const badToken = await call('GET', branches, bearer('sggat_not_a_real_token_0123456789'));
    expect(badToken.status).toBe(401);

    const scraped = await call('GET', `${gw.url}/metrics`, bearer(METRICS_TOKEN));
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    const text = scraped.text;
    const route = '/v1/repositories/:provider/:repoId/branches';
    expect(text).toMatch(
      new RegExp(
        `scm_gateway_http_requests_total\\{method="GET",route="${route}",status="200"\\} [1-9]`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`scm_gateway_http_request_duration_seconds_count\\{[^}]*route="${route}"`),
    );
    const badCursorCode = badCursor.json<{ error: { code: string } }>().error.code;
    expect(text).toMatch(
      new RegExp(`scm_gateway_http_errors_total\\{code="${badCursorCode}"\\} [1-9]`),
    );
    expect(text).toMatch(/scm_gateway_http_errors_total\{code="INVALID_CREDENTIALS"\} [1-9]/);
    expect(text).toMatch(
      /scm_gateway_upstream_requests_total\{provider="github",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /scm_gateway_upstream_requests_total\{provider="github",status="304"\} [1-9]/,
    );
    expect(text).toMatch(
      /scm_gateway_upstream_rate_limit_remaining\{provider="github",[^}]*\} \d+/,
    );
    // Unmatched paths share one label: a scanner cannot grow the series.
    await call('GET', `${gw.url}/no/such/path/${Date.now()}`);
    const again = await call('GET', `${gw.url}/metrics`, bearer(METRICS_TOKEN));
    expect(again.text).toMatch(/route="unmatched",status="404"/);
    expect(again.text).not.toContain('/no/such/path');
    for (const secret of [token, sim.token, METRICS_TOKEN])
      expect(again.text).not.toContain(secret);
  });

  it('shows the SQLite log and its checkpoint helper on SQLite, and nothing of them on PostgreSQL', async () => {
    await signUpDeveloper(gw); // a write: the log exists
    const scraped = await call('GET', `${gw.url}/metrics`, bearer(METRICS_TOKEN));
    expect(scraped.status).toBe(200);
    if (testDatabaseProvider() === 'sqlite') {
      const walBytes = Number(/^scm_gateway_sqlite_wal_bytes (\d+)$/m.exec(scraped.text)?.[1]);
      expect(walBytes).toBeGreaterThan(0);
      // Whether the helper runs depends on how far the log has grown; it has not died.
      expect(scraped.text).toMatch(/^scm_gateway_sqlite_checkpoint_helper_running [01]$/m);
      expect(scraped.text).toMatch(/^scm_gateway_sqlite_checkpoint_helper_ends_total 0$/m);
    } else expect(scraped.text).not.toContain('scm_gateway_sqlite_');
  });
});

describe('the SQLite log metrics', () => {
  it('read the checkpointer at each scrape', async () => {
    const metrics = createMetrics();
    const wal = { running: false, unexpectedEnds: 0, walBytes: () => 4096 };
    metrics.watchSqliteWal(wal);
    const first = await metrics.registry.metrics();
    expect(first).toMatch(/^scm_gateway_sqlite_wal_bytes 4096$/m);
    expect(first).toMatch(/^scm_gateway_sqlite_checkpoint_helper_running 0$/m);
    Object.assign(wal, { running: true, unexpectedEnds: 2, walBytes: () => 6_291_456 });
    const second = await metrics.registry.metrics();
    expect(second).toMatch(/^scm_gateway_sqlite_wal_bytes 6291456$/m);
    expect(second).toMatch(/^scm_gateway_sqlite_checkpoint_helper_running 1$/m);
    expect(second).toMatch(/^scm_gateway_sqlite_checkpoint_helper_ends_total 2$/m);
  });
});
