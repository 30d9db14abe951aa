import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import {
  bearer,
  createDeveloperApp,
  exchangeCode,
  REDIRECT_URI,
  signUpDeveloper,
} from '../test-support/flows.js';
import { call } from '../test-support/http.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  skipWithoutChromium,
} from './harness.js';

// The customer's access page (/app/company/apps/:clientId) in Chromium: what is shared with the
// app, changing it, and "Revoke all access" through its confirmation page; another browser that
// only knows the customer_ref sees and revokes nothing.

describe.skipIf(skipWithoutChromium('access page browser test'))('the access page', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 31 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
    await sim.stop();
  });

  it('shows, changes and revokes (after confirming) what an app may read', async () => {
    const developer = await signUpDeveloper(gw);
    const app = await createDeveloperApp(gw, developer.token, [
      'read:repositories',
      'read:branches',
    ]);
    const context = await browser.newContext();
    await context.route('https://acme.example.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>app callback</p>' }),
    );
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:repositories read:branches',
      state: 'access-state',
      customer_ref: 'access-customer',
    });
    await page.goto(`${gw.url}/oauth/authorize?${query.toString()}`);
    await page.getByRole('link', { name: /Connect GitHub/ }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    await page.getByLabel(sim.expected.repository, { exact: true }).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === 'https://acme.example.com');
    const exchanged = await exchangeCode(
      gw,
      app,
      new URL(page.url()).searchParams.get('code') ?? '',
    );
    expect(exchanged.status, exchanged.text).toBe(200);
    const token = exchanged.json<{ accessToken: string }>().accessToken;
    const reads = async (): Promise<number> =>
      (
        await call(
          'GET',
          `${gw.url}/v1/repositories/github/${sim.expected.repositoryId}`,
          bearer(token),
        )
      ).status;
    expect(await reads()).toBe(200);

    const accessUrl = `${gw.url}/app/company/apps/${app.clientId}?customer_ref=access-customer`;
    await page.goto(accessUrl);
    await expect.poll(() => page.locator('h1').textContent()).toContain('has access');
    const shared = page.locator('table[data-shared] tbody tr');
    expect(await shared.allTextContents()).toEqual([`${sim.expected.repository}github`]);
    await saveScreenshot(page, 'access-page');
    await expectAccessible(page);

    // Change: one more repository, one permission fewer.
    const other = page
      .locator('[data-repo-item]')
      .filter({ hasNotText: sim.expected.repository })
      .first();
    const otherName = ((await other.textContent()) ?? '').trim();
    await other.locator('input').check();
    await page.getByLabel(/Branches/).uncheck();
    await page.getByRole('button', { name: 'Save access' }).click();
    await page.waitForURL((url) => url.pathname === `/app/company/apps/${app.clientId}`);
    expect((await shared.allTextContents()).sort()).toEqual(
      [`${sim.expected.repository}github`, `${otherName}github`].sort(),
    );
    expect(await page.getByLabel(/Branches/).isChecked()).toBe(false);

    // Another browser that knows the customer_ref: nothing shown, nothing revoked.
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(accessUrl);
    expect(await strangerPage.locator('[data-repo-item]').count()).toBe(0);
    expect(await strangerPage.locator('table[data-shared]').count()).toBe(0);
    expect(await strangerPage.getByRole('link', { name: /Revoke all access/ }).count()).toBe(0);
    const strangerConfirm = await stranger.request.get(
      `${gw.url}/app/company/apps/${app.clientId}/revoke`,
      { headers: { accept: 'application/json' } },
    );
    expect(strangerConfirm.status()).toBe(401);
    const form = (await strangerPage.locator('input[name="form"]').getAttribute('value')) ?? '';
    const forged = await stranger.request.post(
      `${gw.url}/app/company/apps/${app.clientId}/revoke`,
      {
        form: { form },
        headers: { accept: 'application/json' },
        maxRedirects: 0,
      },
    );
    expect(forged.status()).toBe(401);
    await stranger.close();
    expect(await reads()).toBe(200);

    // Revoke all access: the link asks first; Cancel keeps everything.
    await page.getByRole('link', { name: /Revoke all access/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/revoke'));
    expect(await page.locator('h1').textContent()).toContain(
      'Revoke all access of Acme Git Insights?',
    );
    await saveScreenshot(page, 'access-page-revoke-confirmation');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.pathname === `/app/company/apps/${app.clientId}`);
    expect(await reads()).toBe(200);
    await page.getByRole('link', { name: /Revoke all access/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/revoke'));
    await page.getByRole('button', { name: 'Yes, revoke all access' }).click();
    await page.waitForURL((url) => url.pathname === `/app/company/apps/${app.clientId}`);
    expect(await page.locator('h1').textContent()).toContain('no access');
    expect(await reads()).toBe(401);
    await saveScreenshot(page, 'access-page-revoked');
    await context.close();
  });
});
