import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import {
  createDeveloperApp,
  exchangeCode,
  REDIRECT_URI,
  signUpDeveloper,
} from '../test-support/flows.js';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';

const CHROMIUM = '/usr/bin/chromium';
// .ci/run installs Debian's chromium; a developer machine without it skips this file only, and says so.
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing: .ci/run must install chromium`);
if (!haveChromium)
  console.warn(
    `consent page browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`,
  );

// The hosted consent flow in a real browser with JavaScript turned off: plain links and forms only.
describe.skipIf(!haveChromium)('consent page in Chromium without JavaScript', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 31 });
    gw = await startTestGateway({
      providerHosts: [githubSimulatorHost(sim)],
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
    await sim.stop();
  });

  it('connects GitHub, approves one repository and two scopes, and lands on the redirect URI with a code', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:commits',
      'read:diffs',
    ]);
    const context = await browser.newContext({ javaScriptEnabled: false });
    // The app's redirect URI is not on this machine: answer it in the browser instead of the network.
    await context.route('https://acme.example.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>app callback</p>' }),
    );
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:repositories read:commits read:diffs',
      state: 'browser-state',
      customer_ref: 'browser-customer',
      customer_name: 'Browser Co',
    });
    await page.goto(`${gw.url}/oauth/authorize?${query.toString()}`);
    await expect.poll(() => page.title()).toContain('Acme Git Insights');
    await page.getByRole('link', { name: /Connect GitHub/ }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    await page.getByLabel(sim.expected.repository, { exact: true }).check();
    await page.getByLabel(/Diffs/).uncheck();
    await page.screenshot({ path: join(tmpdir(), 'scm-gateway-consent.png'), fullPage: true });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === 'https://acme.example.com');
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('browser-state');
    const code = landed.searchParams.get('code') ?? '';
    const token = await exchangeCode(gw, app, code);
    expect(token.status, token.text).toBe(200);
    expect(token.json<{ permissions: string[] }>().permissions).toEqual([
      'read:repositories',
      'read:commits',
    ]);
    await context.close();
  });
});
