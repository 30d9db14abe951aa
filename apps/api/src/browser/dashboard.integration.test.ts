import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { consent, exchangeCode, bearer, REDIRECT_URI } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  skipWithoutChromium,
} from './harness.js';

const PASSWORD = 'correct horse battery staple';
const APP_NAME = 'Keyboard Insights';

/** Signs a new developer up and in with the hosted forms; the context keeps the session cookie. */
async function signUp(context: BrowserContext, gwUrl: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${gwUrl}/app/signup`);
  await page.getByLabel('Your name').fill('Browser Dev');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/app/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/app/dashboard');
  return page;
}

/** The few DOM members the focus check reads (the package compiles without the DOM library). */
interface FocusedElement {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/** What has the keyboard focus: `tag:name-or-id:text`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { activeElement: FocusedElement | null };
    };
    const element = document.activeElement;
    if (element === null) return '';
    const name = element.getAttribute('name') ?? element.id;
    return `${element.tagName.toLowerCase()}:${name}:${(element.textContent ?? '').trim()}`;
  });
}

/** Presses Tab until `matches` says the focus is there (at most `limit` times). */
async function tabTo(page: Page, matches: (focus: string) => boolean, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element (last focus: ${await focused(page)})`);
}

// The developer dashboard in Chromium: an app created with the keyboard alone, its secret shown
// once, rotated, usage charts drawn from real unified calls, deletion behind a typed confirmation,
// and what another tenant and a signed-out browser see. Every page passes axe (no serious or
// critical violation) and is kept as a screenshot.
describe.skipIf(skipWithoutChromium('dashboard browser test'))('dashboard in Chromium', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 43 });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
    await sim.stop();
  });

  it('creates an app with the keyboard, rotates its secret, charts its usage and deletes it with confirmation', async () => {
    const context = await browser.newContext();
    const page = await signUp(context, gw.url, 'keyboard-dev@example.com');
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-empty');

    // Keyboard only: the "Create an app" link, then Tab from field to field, Enter on the button.
    await tabTo(page, (focus) => focus === 'a::Create an app');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:name:');
    await page.keyboard.type(APP_NAME);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made without a mouse');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^textarea:allowedRedirectUris:/);
    await page.keyboard.type(REDIRECT_URI);
    await tabTo(page, (focus) => focus === 'button::Create app');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/app/developer/apps');

    const clientId = (await page.locator('#client-id').textContent()) ?? '';
    const secret = (await page.locator('#client-secret').textContent()) ?? '';
    expect(clientId).toMatch(/^client_/);
    expect(secret).toMatch(/^sggcs_/);
    await expect.poll(() => page.title()).toBe(APP_NAME);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-app-created');
    const appUrl = `${gw.url}/app/dashboard/apps/${clientId}`;

    // Shown once: the app's page, opened again, does not have it.
    await page.goto(appUrl);
    expect(await page.content()).not.toContain(secret);
    expect(
      await page.locator('figcaption', { hasText: 'No requests in this range.' }).count(),
    ).toBe(3);

    // Usage: a customer approves the app, and the app reads through the unified API.
    const { code } = await consent(gw, {
      clientId,
      scopes: ['read:profile', 'read:repositories'],
      customerRef: 'browser-customer',
      provider: 'github',
      pick: (name) => name === sim.expected.repository,
    });
    const exchanged = await exchangeCode(gw, { clientId, clientSecret: secret }, code);
    expect(exchanged.status, exchanged.text).toBe(200);
    const token = exchanged.json<{ accessToken: string }>().accessToken;
    for (let i = 0; i < 5; i++) {
      const read = await call('GET', `${gw.url}/v1/repositories?provider=github`, bearer(token));
      expect(read.status).toBe(200);
    }
    await gw.gateway.services.usage.flush();

    // The range selector is a plain GET form.
    await page.goto(appUrl);
    await page.getByLabel('Range').selectOption('24h');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === '24h');
    for (const name of [/^Requests over time/, /^Requests by endpoint/, /^Requests by status/]) {
      await expect.poll(() => page.getByRole('img', { name }).isVisible()).toBe(true);
    }
    expect(await page.locator('#chart-usage-time rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-usage-endpoints rect.bar').count()).toBe(1);
    expect(await page.getByText('5 requests, 0 errors,').count()).toBeGreaterThan(0);
    expect(await page.getByRole('row', { name: /browser-customer/ }).count()).toBe(1);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-app-usage');

    // Rotate: the box must be ticked; the new secret is shown once and differs.
    await page.getByLabel(/I understand that the current secret stops working/).check();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/rotate-secret'));
    const rotated = (await page.locator('#client-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^sggcs_/);
    expect(rotated).not.toBe(secret);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-secret-rotated');

    // A direct POST without the typed confirmation deletes nothing.
    await page.goto(appUrl);
    const csrf = (await page.locator('input[name="csrf"]').first().getAttribute('value')) ?? '';
    const direct = await context.request.post(`${gw.url}/app/developer/apps/${clientId}/delete`, {
      form: { csrf },
      maxRedirects: 0,
    });
    expect(direct.status()).toBe(400);
    const prisma = gw.gateway.services.prisma;
    expect(
      (await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId } })).deletedAt,
    ).toBeNull();

    // The confirmation page, then the name typed.
    await page.getByRole('link', { name: 'Delete this app…' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/delete'));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Delete ${APP_NAME}?`);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-delete-confirm');
    await page.getByLabel(/Type the app's name/).fill(APP_NAME);
    await page.getByRole('button', { name: 'Delete app' }).click();
    await page.waitForURL((url) => url.pathname === '/app/dashboard');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('App deleted');
    expect(await prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId } })).toMatchObject({
      deletedAt: expect.any(Date) as Date,
    });
    await context.close();
  });

  it('shows another tenant a 404 page, refuses a form without its token, and a signed-out browser nothing', async () => {
    const owner = await browser.newContext();
    const ownerPage = await signUp(owner, gw.url, 'owner-dev@example.com');
    await ownerPage.locator('#create-name').fill('Private App');
    await ownerPage.locator('#create-redirects').fill(REDIRECT_URI);
    await ownerPage.getByRole('button', { name: 'Create app' }).click();
    const clientId = (await ownerPage.locator('#client-id').textContent()) ?? '';
    expect(clientId).toMatch(/^client_/);
    const appUrl = `${gw.url}/app/dashboard/apps/${clientId}`;
    await ownerPage.goto(`${gw.url}/app/dashboard`);
    await expect
      .poll(() => ownerPage.getByRole('link', { name: 'Private App' }).getAttribute('href'))
      .toBe(`/app/dashboard/apps/${clientId}`);
    await expectAccessible(ownerPage);
    await saveScreenshot(ownerPage, 'dashboard-overview');

    // The owner's own form without its CSRF token: refused, nothing changed.
    const noToken = await owner.request.post(
      `${gw.url}/app/developer/apps/${clientId}/rotate-secret`,
      {
        form: { confirm: 'rotate' },
        maxRedirects: 0,
      },
    );
    expect(noToken.status()).toBe(400);
    expect(await noToken.text()).toContain('did not come from this site');

    const attacker = await browser.newContext();
    const attackerPage = await signUp(attacker, gw.url, 'attacker-dev@example.com');
    const response = await attackerPage.goto(appUrl);
    expect(response?.status()).toBe(404);
    expect(await attackerPage.content()).not.toContain('Private App');
    await expectAccessible(attackerPage);
    await saveScreenshot(attackerPage, 'dashboard-other-tenant-404');
    const confirm = await attackerPage.goto(`${gw.url}/app/developer/apps/${clientId}/delete`);
    expect(confirm?.status()).toBe(404);

    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(appUrl);
    expect(new URL(strangerPage.url()).pathname).toBe('/app/login');
    expect(await strangerPage.content()).not.toContain('Private App');
    expect(await strangerPage.content()).not.toContain(clientId);

    expect(
      (await gw.gateway.services.prisma.oAuthClient.findUniqueOrThrow({ where: { id: clientId } }))
        .deletedAt,
    ).toBeNull();
    await Promise.all([owner.close(), attacker.close(), stranger.close()]);
  });
});
