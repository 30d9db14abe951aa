import { generateDataset, type Dataset } from '@scm/testkit';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

// The consent page's polish in Chromium: who asks and where the answer goes, "Connected as" once
// an account is connected, more than 100 repositories paged on the server, search and "select
// all" without script, a legend on the permissions, and the whole consent done from the keyboard.

/** 130 repositories, all the viewer's: two pages of 100 on the consent page. */
function viewerDataset(): Dataset {
  const dataset = generateDataset({
    seed: 203,
    repositories: 130,
    commitsPerRepository: 2,
    pullRequestsPerRepository: 3,
  });
  const viewer = dataset.viewer.login;
  const names = new Set<string>();
  for (const [index, repo] of dataset.repositories.entries()) {
    const name = names.has(repo.name) ? `${repo.name}-${index}` : repo.name;
    names.add(name);
    repo.name = name;
    repo.owner = viewer;
    repo.fullName = `${viewer}/${name}`;
  }
  return dataset;
}

describe.skipIf(skipWithoutChromium('consent polish browser test'))('the consent page', () => {
  let sim: GitHubSimulator;
  let gw: TestGateway;
  let browser: Browser;
  let app: { clientId: string; clientSecret: string };
  let company: string;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ dataset: viewerDataset() });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
    browser = await launchChromium();
    const email = `owner-${Math.random().toString(36).slice(2)}@example.com`;
    company = `Acme ${email}`;
    const developer = await signUpDeveloper(gw, email);
    app = await createDeveloperApp(gw, developer.token, ['read:repositories', 'read:commits']);
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
    await sim.stop();
  });

  const open = async (
    context: BrowserContext,
    customerRef: string,
  ): Promise<{ page: Page; landed: Promise<URL> }> => {
    let reached: (url: URL) => void = () => undefined;
    const landed = new Promise<URL>((resolve) => {
      reached = resolve;
    });
    await context.route('https://acme.example.com/**', async (route) => {
      reached(new URL(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>app callback</p>' });
    });
    const page = await context.newPage();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'read:repositories read:commits',
      state: 'polish-state',
      customer_ref: customerRef,
    });
    await page.goto(`${gw.url}/oauth/authorize?${query.toString()}`);
    return { page, landed };
  };

  /** Tab until the focused element satisfies `match` (at most `limit` presses); keyboard only. */
  const tabTo = async (page: Page, match: (text: string) => boolean, limit = 400) => {
    for (let presses = 0; presses < limit; presses++) {
      await page.keyboard.press('Tab');
      const text = String(
        await page.evaluate(`(() => {
          const active = document.activeElement;
          if (active === null) return '';
          const label = active.closest('label')?.textContent ?? '';
          return active.tagName + ' ' + (active.getAttribute('value') ?? '') + ' ' +
            (active.textContent ?? '').trim() + ' ' + label.trim();
        })()`),
      );
      if (match(text)) return text;
    }
    throw new Error('the element was never focused by Tab');
  };

  const repositoriesOf = async (token: string): Promise<string[]> => {
    const listed = await call('GET', `${gw.url}/v1/repositories?limit=100`, bearer(token));
    expect(listed.status, listed.text).toBe(200);
    return listed.json<{ data: { fullName: string }[] }>().data.map((repo) => repo.fullName);
  };

  it('is completed with Tab, Space and Enter only, across two pages of repositories', async () => {
    const context = await browser.newContext();
    const { page, landed } = await open(context, 'keyboard-customer');
    const intro = (await page.textContent('body')) ?? '';
    expect(intro).toContain('Acme Git Insights');
    expect(intro).toContain(company);
    expect(intro).toContain('acme.example.com');
    expect(await page.locator('fieldset legend', { hasText: 'Permissions' }).count()).toBe(1);
    await saveScreenshot(page, 'consent-polish-start');
    await expectAccessible(page);

    await tabTo(page, (text) => text.includes('Connect GitHub'));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    const connected = (await page.textContent('body')) ?? '';
    expect(connected).toContain(`Connected to GitHub as ${sim.dataset.viewer.login}`);
    expect(await page.getByRole('link', { name: /^Connect GitHub/ }).count()).toBe(0);
    const boxes = page.locator('input[type="checkbox"][name="repository"]');
    expect(await boxes.count()).toBe(100);
    expect(
      await page.locator('form[action="/oauth/authorize/approve"]').getAttribute('autocomplete'),
    ).toBe('off');

    // The first repository of page 1, ticked with Space; then page 2 with Enter.
    const first = (await boxes.first().getAttribute('value')) ?? '';
    const firstName = ((await page.locator('[data-repo-item]').first().textContent()) ?? '').trim();
    await tabTo(page, (text) => text.includes(first));
    await page.keyboard.press('Space');
    expect(await boxes.first().isChecked()).toBe(true);
    await tabTo(page, (text) => text.includes('Next 100 repositories'));
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) => url.pathname === '/oauth/authorize' && url.searchParams.has('page'),
    );
    expect(await boxes.count()).toBe(30);
    expect(
      await page.locator(`input[type="hidden"][name="repository"][value="${first}"]`).count(),
    ).toBe(1);
    await saveScreenshot(page, 'consent-polish-page-2');
    await expectAccessible(page);

    const second = (await boxes.first().getAttribute('value')) ?? '';
    const secondName = (
      (await page.locator('[data-repo-item]').first().textContent()) ?? ''
    ).trim();
    await tabTo(page, (text) => text.includes(second));
    await page.keyboard.press('Space');
    expect(await boxes.first().isChecked()).toBe(true);
    const unpicked = (await boxes.nth(1).getAttribute('value')) ?? '';
    await tabTo(page, (text) => text.startsWith('BUTTON') && text.includes('Approve'));
    await page.keyboard.press('Enter');
    const callback = await landed;
    expect(callback.searchParams.get('state')).toBe('polish-state');
    const token = await exchangeCode(gw, app, callback.searchParams.get('code') ?? '');
    expect(token.status, token.text).toBe(200);
    // Both picks, on page 1 and page 2, are approved (the merged listing shows only the
    // provider's first page, so each is read by id); a repository not ticked is not.
    const accessToken = token.json<{ accessToken: string }>().accessToken;
    const read = async (value: string) => {
      const repoId = value.slice(value.indexOf(':') + 1);
      return call('GET', `${gw.url}/v1/repositories/github/${repoId}`, bearer(accessToken));
    };
    for (const [value, fullName] of [
      [first, firstName],
      [second, secondName],
    ] as const) {
      const got = await read(value);
      expect(got.status, got.text).toBe(200);
      expect(got.json<{ fullName: string }>().fullName).toBe(fullName);
    }
    expect((await read(unpicked)).status).toBe(403);
    await context.close();
  });

  it('searches and selects all without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, landed } = await open(context, 'search-customer');
    await page.getByRole('link', { name: /Connect GitHub/ }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    const names = await page.locator('[data-repo-item]').allTextContents();
    // A name fragment that some but not all repositories have.
    const fragment =
      ['api', 'web', 'core', 'service', 'app', 'lib', 'data']
        .map((word) => ({
          word,
          count: names.filter((name) => name.split('/')[1]?.includes(word)).length,
        }))
        .find((candidate) => candidate.count > 1 && candidate.count < 100)?.word ?? '';
    expect(fragment, 'a fragment that filters the list').not.toBe('');
    await page.getByLabel('Search repositories').fill(fragment);
    await page.getByLabel('Search repositories').press('Enter');
    await page.waitForURL(
      (url) => url.pathname === '/oauth/authorize' && url.searchParams.get('q') === fragment,
    );
    const found = await page.locator('[data-repo-item]').allTextContents();
    expect(found.length).toBeGreaterThan(1);
    for (const name of found) expect(name.toLowerCase()).toContain(fragment);
    await page.getByRole('button', { name: 'Select all shown' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/oauth/authorize' && url.searchParams.get('select') === 'all',
    );
    const boxes = page.locator('input[type="checkbox"][name="repository"]');
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    await saveScreenshot(page, 'consent-polish-search-select-all');
    await page.getByRole('button', { name: 'Approve' }).click();
    const callback = await landed;
    const token = await exchangeCode(gw, app, callback.searchParams.get('code') ?? '');
    expect(token.status, token.text).toBe(200);
    expect((await repositoriesOf(token.json<{ accessToken: string }>().accessToken)).length).toBe(
      found.length,
    );
    await context.close();
  });
});
