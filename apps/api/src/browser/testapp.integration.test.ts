import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { SCOPE_NAMES } from '../scopes.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { signUpDeveloper } from '../test-support/flows.js';
import { call } from '../test-support/http.js';
import { UNIFIED_ENDPOINT_LIST } from '../unified/endpoints.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  skipWithoutChromium,
} from './harness.js';

// The /testapp sandbox end to end in Chromium: a developer's app configured in the sandbox, the
// real authorization-code flow through this gateway's consent page (the GitHub simulator behind
// it), the callback's code exchange, every live probe over HTTP, then disconnect. And what an
// attacker can try: an altered sandbox cookie, a callback with another state.

describe.skipIf(skipWithoutChromium('testapp sandbox browser test'))('the /testapp sandbox', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let browser: Browser;
  let app: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 31 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    browser = await launchChromium();
    const developer = await signUpDeveloper(gw);
    const created = await call('POST', `${gw.url}/v1/developer/apps`, {
      headers: { authorization: `Bearer ${developer.token}` },
      json: {
        name: 'Sandbox Probe App',
        description: 'Tried in the sandbox',
        allowedRedirectUris: [`${gw.url}/testapp/callback`],
        defaultPermissions: [...SCOPE_NAMES],
      },
    });
    expect(created.status, created.text).toBe(201);
    app = created.json<{ clientId: string; clientSecret: string }>();
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
    await sim.stop();
  });

  /** Configure, consent (connect GitHub, tick the simulator's repository), back on /testapp. */
  const authorize = async (context: BrowserContext, customerRef: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${gw.url}/testapp`);
    await page.getByLabel('Client id').fill(app.clientId);
    await page.getByLabel(/^Client secret/).fill(app.clientSecret);
    await page.getByLabel(/^Customer ref/).fill(customerRef);
    await page.getByRole('button', { name: 'Save and authorize' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    await page.getByRole('link', { name: /Connect GitHub/ }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    await page.getByLabel(sim.expected.repository, { exact: true }).check();
    await saveScreenshot(page, 'testapp-consent');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.pathname === '/testapp');
    return page;
  };

  it('configures an app, authorizes it, runs every probe, and disconnects', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${gw.url}/testapp`);
    await expect.poll(() => page.title()).toBe('Test app sandbox');
    await expect.poll(() => page.textContent('body')).toContain(`${gw.url}/testapp/callback`);
    await saveScreenshot(page, 'testapp-empty');
    await expectAccessible(page);
    await page.close();

    const sandbox = await authorize(context, 'sandbox-customer');
    const body = (await sandbox.textContent('body')) ?? '';
    expect(body).toContain('Authorized');
    // The secret and the tokens never come back into the page.
    const html = await sandbox.content();
    expect(html).not.toContain(app.clientSecret);
    expect(html).not.toMatch(/sggat_|sggrt_/);
    const cookies = await context.cookies(`${gw.url}/testapp`);
    const sealed = cookies.find((cookie) => cookie.name === 'sgg_testapp');
    expect(sealed?.httpOnly).toBe(true);
    expect(sealed?.sameSite).toBe('Lax');
    expect(sealed?.value).not.toContain(app.clientId);
    await saveScreenshot(sandbox, 'testapp-authorized');
    await expectAccessible(sandbox);

    // The endpoint suite: one row per unified endpoint of the route table, each called.
    await sandbox.getByRole('link', { name: 'Endpoint suite' }).click();
    await sandbox.waitForURL((url) => url.pathname === '/testapp/live/endpoint-suite');
    const rows = sandbox.locator('table[data-probe="calls"] tbody tr');
    await expect.poll(() => rows.count()).toBe(UNIFIED_ENDPOINT_LIST.length);
    for (const endpoint of UNIFIED_ENDPOINT_LIST)
      expect(await sandbox.locator('tbody th').allTextContents()).toContain(endpoint.key);
    const statuses = await sandbox.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(statuses).toEqual(
      UNIFIED_ENDPOINT_LIST.map((endpoint) => (endpoint.method === 'POST' ? '201' : '200')),
    );
    const latencies = await sandbox.locator('tbody tr td:nth-child(5)').allTextContents();
    for (const latency of latencies) expect(latency).toMatch(/^\d+ ms$/);
    await saveScreenshot(sandbox, 'testapp-endpoint-suite');
    await expectAccessible(sandbox);

    // The same suite as JSON, with this browser's cookie.
    const json = await context.request.get(`${gw.url}/testapp/live/endpoint-suite`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status()).toBe(200);
    const suite = (await json.json()) as {
      repositoryName: string;
      calls: { label: string; status: number; ms: number; items: number }[];
    };
    expect(suite.repositoryName).toBe(sim.expected.repository);
    expect(suite.calls.map((row) => row.label)).toEqual(
      UNIFIED_ENDPOINT_LIST.map((endpoint) => endpoint.key),
    );
    const commits = suite.calls.find((row) => row.label === 'repositories.commits');
    expect(commits?.items).toBeGreaterThan(0);
    expect(JSON.stringify(suite)).not.toMatch(/sggat_|sggrt_|sggcs_/);

    await sandbox.goto(`${gw.url}/testapp/live/commit-metrics`);
    const metrics = sandbox.locator('table[data-probe="commit-metrics"] tbody tr');
    await expect.poll(() => metrics.count()).toBe(1);
    expect(await metrics.first().textContent()).toContain(sim.expected.repository);
    await saveScreenshot(sandbox, 'testapp-commit-metrics');
    await expectAccessible(sandbox);

    await sandbox.goto(`${gw.url}/testapp`);
    await sandbox.getByLabel('Provider').fill('github');
    await sandbox.getByLabel(/^Repository id/).fill(sim.expected.repositoryId);
    await sandbox.getByRole('button', { name: 'Run the repository scenario' }).click();
    await sandbox.waitForURL((url) => url.pathname === '/testapp/live/repository-scenario');
    const scenario = (await sandbox.textContent('body')) ?? '';
    expect(scenario).toContain(sim.expected.repository);
    expect(scenario).toContain('Newest commit diff');
    await saveScreenshot(sandbox, 'testapp-repository-scenario');
    await expectAccessible(sandbox);

    // Disconnect revokes the token: the probes are refused from then on.
    await sandbox.goto(`${gw.url}/testapp`);
    await sandbox.getByRole('button', { name: /Disconnect/ }).click();
    await sandbox.waitForURL((url) => url.pathname === '/testapp');
    expect(await sandbox.textContent('body')).not.toContain('Authorized');
    const after = await context.request.get(`${gw.url}/testapp/live/endpoint-suite`, {
      headers: { accept: 'application/json' },
    });
    expect(after.status()).toBe(401);
    await context.close();
  });

  it('refuses an altered sandbox cookie and a callback with another state', async () => {
    const context = await browser.newContext();
    const page = await authorize(context, 'attacked-customer');
    const [sealed] = (await context.cookies(`${gw.url}/testapp`)).filter(
      (c) => c.name === 'sgg_testapp',
    );
    expect(sealed).toBeDefined();

    // One character of the sealed cookie changed: the probes refuse it, the page discards it.
    const value = sealed!.value;
    const flipped = `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.at(-1) ?? ''}`;
    await context.addCookies([{ ...sealed!, value: flipped }]);
    const probe = await context.request.get(`${gw.url}/testapp/live/endpoint-suite`, {
      headers: { accept: 'application/json' },
    });
    expect(probe.status()).toBe(401);
    expect(((await probe.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
    await page.goto(`${gw.url}/testapp`);
    expect(await page.textContent('body')).toContain('could not be verified');
    expect(await page.textContent('body')).not.toContain('Authorized');

    // A new flow, then a callback carrying a code with another state: refused, nothing exchanged.
    await page.close();
    const flow = await context.newPage();
    await flow.goto(`${gw.url}/testapp`);
    await flow.getByLabel('Client id').fill(app.clientId);
    await flow.getByLabel(/^Client secret/).fill(app.clientSecret);
    await flow.getByRole('button', { name: 'Save and authorize' }).click();
    await flow.waitForURL((url) => url.pathname === '/oauth/authorize');
    const forged = await context.request.get(
      `${gw.url}/testapp/callback?code=sggac_forged&state=not-the-state`,
      { headers: { accept: 'application/json' }, maxRedirects: 0 },
    );
    expect(forged.status()).toBe(400);
    expect(await forged.text()).toContain('state does not match');
    const still = await context.request.get(`${gw.url}/testapp/live/endpoint-suite`, {
      headers: { accept: 'application/json' },
    });
    expect(still.status()).toBe(401);
    await context.close();
  });
});
