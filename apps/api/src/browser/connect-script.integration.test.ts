import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { createDeveloperApp, REDIRECT_URI, signUpDeveloper } from '../test-support/flows.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  skipWithoutChromium,
} from './harness.js';

// /assets/secure-git-connect-page.js on the real consent page: with scripts on, each account's
// repository list gets a filter and "Select all matching"; the filter hides, never unticks, and
// what the form submits is only what is ticked.
describe.skipIf(skipWithoutChromium('consent page script test'))(
  'the consent page script in Chromium',
  () => {
    let sim: GitHubSimulator;
    let gw: TestGateway;
    let browser: Browser;

    beforeAll(async () => {
      sim = await startGitHubSimulator({ seed: 53 });
      gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser.close();
      await gw.close();
      await sim.stop();
    });

    it('filters the repositories and ticks only the matching ones', async () => {
      const developer = await signUpDeveloper(gw);
      const app = await createDeveloperApp(gw, developer.token, ['read:repositories']);
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
        scope: 'read:repositories',
        state: 'script-state',
        customer_ref: 'script-customer',
      });
      await page.goto(`${gw.url}/oauth/authorize?${query.toString()}`);
      await page.getByRole('link', { name: /Connect GitHub/ }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/authorize');

      const items = page.locator('[data-repo-list] [data-repo-item]');
      const total = await items.count();
      expect(total).toBeGreaterThan(2);
      const filter = page.getByLabel('Filter this list');
      const count = page.locator('[data-repo-count]').first();
      await expect.poll(() => count.innerText()).toBe(`${total} of ${total} shown, 0 selected`);

      // The first repository's owner: some repositories match it, some do not.
      const first = (await items.first().getAttribute('data-repo-name')) ?? '';
      const owner = first.split('/')[0] ?? '';
      const names = await Promise.all(
        (await items.all()).map(async (item) => (await item.getAttribute('data-repo-name')) ?? ''),
      );
      const matching = names.filter((name) => name.toLowerCase().includes(owner.toLowerCase()));
      expect(matching.length).toBeGreaterThan(0);
      expect(matching.length).toBeLessThan(total);

      await filter.fill(owner);
      await expect
        .poll(() => page.locator('[data-repo-item]:visible').count())
        .toBe(matching.length);
      await page.getByLabel('Select all matching').check();
      await expect
        .poll(() => count.innerText())
        .toBe(`${matching.length} of ${total} shown, ${matching.length} selected`);
      // Clearing the filter shows every repository again; the others stay unticked.
      await filter.fill('');
      await expect.poll(() => page.locator('[data-repo-item]:visible').count()).toBe(total);
      const ticked = await Promise.all(
        (await items.all()).map(async (item) => item.locator('input[type="checkbox"]').isChecked()),
      );
      expect(names.filter((_name, index) => ticked[index])).toEqual(matching);
      // Enter in the filter does not submit the consent form.
      await filter.press('Enter');
      expect(new URL(page.url()).pathname).toBe('/oauth/authorize');
      await saveScreenshot(page, 'consent-script-filtered');
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
