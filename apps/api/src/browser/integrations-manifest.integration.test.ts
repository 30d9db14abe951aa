import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import { startGitLabSimulator, type GitLabSimulator } from '@scm/testkit/gitlab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { signUpDeveloper } from '../test-support/flows.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { call } from '../test-support/http.js';

const CHROMIUM = '/usr/bin/chromium';
// .ci/run installs Debian's chromium; a developer machine without it skips this file only, and says so.
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing: .ci/run must install chromium`);
if (!haveChromium)
  console.warn(
    `manifest flow browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`,
  );

// Seed 000's GitHub App flow in a real browser, JavaScript on: the create page posts the manifest
// by itself (under a CSP that allows exactly that script), the simulated GitHub creates the app
// and sends the browser back, the gateway sends it on to install the app, and the setup URL lands.
describe.skipIf(!haveChromium)('GitHub App manifest flow in Chromium', () => {
  let sim: GitHubSimulator;
  let gitlab: GitLabSimulator;
  let gw: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ seed: 71 });
    gitlab = await startGitLabSimulator({ seed: 72, pathPrefix: '/gitlab' });
    gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
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
    await gitlab.stop();
  });

  /**
   * Opens a flow's link in a fresh browser (signed in here with `sessionToken`, or not, and then it
   * clicks the confirmation's button) and follows it to `donePath`, where `selector`'s text must
   * match `landed`. Gives what Chromium's CSP blocked on the way.
   */
  const walkLink = async (
    url: string,
    landing: { sessionToken?: string; donePath: string; selector: string; landed: RegExp },
  ): Promise<string[]> => {
    const context = await browser.newContext();
    const { sessionToken } = landing;
    if (sessionToken !== undefined)
      await context.addCookies([{ name: 'sgg_session', value: sessionToken, url: gw.url }]);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(url);
    if (sessionToken === undefined) {
      await expect.poll(() => page.textContent('body')).toContain('asked to connect');
      await page.click('#confirm-form button');
    }
    await page.waitForURL((at) => at.pathname === landing.donePath, { timeout: 15_000 });
    await expect.poll(() => page.textContent(landing.selector)).toMatch(landing.landed);
    await context.close();
    return blocked;
  };

  // The browser signed in to the gateway as the starter posts the form by itself; one that is not
  // signed in here is told who asked, and goes on with the button.
  it.each([
    { browserSession: 'signed in as the starter', signedIn: true },
    { browserSession: 'not signed in here', signedIn: false },
  ])(
    'start → create page ($browserSession) → GitHub → callback → install → installed → installations and repositories',
    async ({ signedIn }) => {
      const owner = await signUpDeveloper(gw);
      const auth = { headers: { authorization: `Bearer ${owner.token}` } };
      const started = await call('POST', `${gw.url}/v1/integrations/github/start`, {
        ...auth,
        json: { display_name: 'Oore in Chromium' },
      });
      expect(started.status, started.text).toBe(200);
      const blocked = await walkLink(started.json<{ url: string }>().url, {
        ...(signedIn ? { sessionToken: owner.token } : {}),
        donePath: '/v1/integrations/github/installed',
        selector: 'h1',
        landed: /^Installed$/,
      });
      expect(blocked).toEqual([]);

      const list = await call('GET', `${gw.url}/v1/integrations`, auth);
      const [integration] = list.json<{ id: string; auth_mode: string; display_name: string }[]>();
      expect(integration).toMatchObject({
        auth_mode: 'github_app',
        display_name: 'Oore in Chromium',
      });
      const id = integration?.id ?? '';
      const installations = await call(
        'GET',
        `${gw.url}/v1/integrations/${id}/installations`,
        auth,
      );
      expect(
        installations.json<{ account: { login: string } }[]>().map((item) => item.account.login),
      ).toEqual([sim.dataset.viewer.login]);
      const repositories = await call('GET', `${gw.url}/v1/integrations/${id}/repositories`, auth);
      expect(repositories.status, repositories.text).toBe(200);
      const own = sim.dataset.repositories.filter(
        (repo) => repo.owner === sim.dataset.viewer.login,
      );
      expect(repositories.json<unknown[]>()).toHaveLength(own.length);
    },
  );

  // A GitLab application's OAuth flow, from a browser not signed in here: the confirmation's answer
  // redirects to GitLab, which the page's form-action must allow (Chromium holds the redirect of a
  // form submission to it).
  it('GitLab OAuth: confirmation page → GitLab → callback, in a browser not signed in here', async () => {
    const owner = await signUpDeveloper(gw);
    const auth = { headers: { authorization: `Bearer ${owner.token}` } };
    const application = gitlab.createOAuthApplication({
      redirectUri: `${gw.url}/v1/integrations/gitlab/callback`,
      scopes: ['api', 'read_repository'],
    });
    const started = await call('POST', `${gw.url}/v1/integrations/gitlab/start`, {
      ...auth,
      json: {
        host_url: gitlab.baseUrl,
        application_id: application.applicationId,
        secret: application.secret,
      },
    });
    expect(started.status, started.text).toBe(200);
    const blocked = await walkLink(started.json<{ url: string }>().url, {
      donePath: '/v1/integrations/gitlab/callback',
      selector: 'body',
      landed: /connected/,
    });
    expect(blocked).toEqual([]);
    const list = await call('GET', `${gw.url}/v1/integrations`, auth);
    expect(list.json<{ provider: string; auth_mode: string }[]>()).toEqual([
      expect.objectContaining({ provider: 'gitlab', auth_mode: 'oauth' }),
    ]);
  });
});
