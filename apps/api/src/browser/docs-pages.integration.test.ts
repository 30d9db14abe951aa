import { SCM_ERROR_CODES } from '@scm/core';
import { startGitHubSimulator, type GitHubSimulator } from '@scm/testkit/github';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubSimulatorHost } from '../../demo/simulator-hosts.js';
import { EnvSchema } from '../config.js';
import { ASSET_NAMES, assetOf } from '../http/assets.js';
import { ROUTE_GROUPS } from '../openapi/groups/index.js';
import { DOCS_PAGES } from '../routes/web/docs-pages.js';
import { ENV_ROWS } from '../routes/web/docs-self-hosting.js';
import { SCOPES } from '../scopes.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { createDeveloperApp, REDIRECT_URI, signUpDeveloper } from '../test-support/flows.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  skipWithoutChromium,
} from './harness.js';

// The hosted docs, the landing page, /zero-trust and every browser-facing error state, in Chromium
// (screenshots under test-artifacts/screenshots, axe-core: no serious or critical violation); then
// the same routes over plain HTTP: JSON callers keep the canonical JSON body, and the assets carry
// their cache and type headers.

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The request id of an answer, which its page must show. */
function requestIdOf(response: Response | null): string {
  const id = response?.headers()['x-request-id'];
  expect(id, 'an x-request-id header').toMatch(/\S{8,}/);
  return id as string;
}

/** An error page: its status, an h1, the message, the request id and a link to go on. */
async function expectErrorPage(
  page: Page,
  response: Response | null,
  expected: { status: number; message: RegExp; name: string },
): Promise<void> {
  expect(response?.status()).toBe(expected.status);
  expect(response?.headers()['content-type']).toMatch(/^text\/html/);
  const requestId = requestIdOf(response);
  await expect.poll(() => page.locator('body').innerText()).toMatch(expected.message);
  expect(await page.locator('body').innerText()).toContain(requestId);
  expect(await page.locator('h1').count()).toBe(1);
  expect(await page.locator('a[href]').count()).toBeGreaterThan(0);
  await saveScreenshot(page, `error-${expected.name}`);
  await expectAccessible(page);
}

describe.skipIf(skipWithoutChromium('docs pages browser test'))(
  'docs, landing and error pages in Chromium',
  () => {
    let sim: GitHubSimulator;
    let gw: TestGateway;
    let browser: Browser;
    let app: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      sim = await startGitHubSimulator({ seed: 47 });
      gw = await startTestGateway({ providerHosts: [githubSimulatorHost(sim)] });
      browser = await launchChromium();
      const developer = await signUpDeveloper(gw);
      app = await createDeveloperApp(gw, developer.token, ['read:repositories', 'read:commits']);
    });
    afterAll(async () => {
      await browser.close();
      await gw.close();
      await sim.stop();
    });

    /** A context that records every CSP refusal (a blocked style or script is a bug). */
    async function newContext(options: { javaScriptEnabled?: boolean } = {}): Promise<{
      context: BrowserContext;
      page: Page;
      refused: string[];
    }> {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text()))
          refused.push(`${page.url()}: ${message.text()}`);
      });
      return { context, page, refused };
    }

    it('shows every docs page, /docs/api, /zero-trust and the landing page, styled, with working anchors', async () => {
      const { context, page, refused } = await newContext();
      const paths = [...DOCS_PAGES.map((entry) => entry.path), '/docs/api', '/zero-trust', '/'];
      for (const path of paths) {
        const response = await page.goto(`${gw.url}${path}`);
        expect(response?.status(), `${path}: ${(await response?.text())?.slice(0, 2000)}`).toBe(
          200,
        );
        // The stylesheet applied (app.css sets the top bar's flex layout).
        expect(
          await page.evaluate("getComputedStyle(document.querySelector('nav.top')).display"),
        ).toBe('flex');
        expect(await page.locator('nav.top').innerText()).toContain('SCM Gateway');
        expect(await page.title()).not.toMatch(/GitFlare/i);
        // Every in-page link of the contents has its target.
        for (const link of await page.locator('nav.toc a').all()) {
          const href = (await link.getAttribute('href')) ?? '';
          expect(href, `${path}: ${href}`).toMatch(/^#/);
          expect(await page.locator(`[id="${href.slice(1)}"]`).count(), `${path}${href}`).toBe(1);
        }
        // The reference (/docs/api) is one very long page, checked by openapi.integration.test.ts;
        // a full-page screenshot and axe run of it take minutes on a loaded machine.
        if (path === '/docs/api') continue;
        await saveScreenshot(
          page,
          path === '/' ? 'landing-page' : `docs${path.replace(/\//g, '-')}`,
        );
        await expectAccessible(page);
      }
      expect(refused.join('\n')).toBe('');
      await context.close();
    }, 300_000);

    it('reaches every hosted page from the landing page, and copies a curl example with a click', async () => {
      const { context, page } = await newContext();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gw.url });
      await page.goto(`${gw.url}/`);
      const hrefs = await Promise.all(
        (await page.locator('a[href]').all()).map((link) => link.getAttribute('href')),
      );
      for (const href of [
        '/docs',
        '/docs/quickstart',
        '/docs/api',
        '/zero-trust',
        '/app/login',
        '/app/signup',
        '/testapp',
      ])
        expect(hrefs).toContain(href);
      // landing-page.js adds a Copy button to each curl example.
      const copy = page.getByRole('button', { name: 'Copy this example' }).first();
      await copy.click();
      await expect.poll(() => copy.innerText()).toBe('Copied');
      expect(await page.evaluate('navigator.clipboard.readText()')).toContain(
        '/v1/platform/capabilities',
      );
      await context.close();
    });

    it('keeps every page usable without JavaScript (no Copy button, same content)', async () => {
      const { context, page } = await newContext({ javaScriptEnabled: false });
      await page.goto(`${gw.url}/docs/quickstart`);
      expect(await page.locator('pre[data-copy]').count()).toBeGreaterThan(3);
      expect(await page.getByRole('button', { name: 'Copy this example' }).count()).toBe(0);
      expect(await page.locator('body').innerText()).toContain('/oauth/token');
      await context.close();
    });

    it('answers an unknown path with an HTML 404 page, and an unknown asset too', async () => {
      const { context, page } = await newContext();
      await expectErrorPage(page, await page.goto(`${gw.url}/no/such/page`), {
        status: 404,
        message: /No route for GET \/no\/such\/page/,
        name: 'not-found',
      });
      expect(await page.getByRole('link', { name: 'Go to the home page' }).count()).toBe(1);
      await expectErrorPage(page, await page.goto(`${gw.url}/assets/nope.js`), {
        status: 404,
        message: /No asset named nope\.js/,
        name: 'unknown-asset',
      });
      await expectErrorPage(page, await page.goto(`${gw.url}/docs/nope`), {
        status: 404,
        message: /No route for GET \/docs\/nope/,
        name: 'docs-not-found',
      });
      expect(await page.getByRole('link', { name: 'Back to the documentation' }).count()).toBe(1);
      await context.close();
    });

    // RFC 6749 §4.1.2.1: no redirect to an app that is not known good; the shared error page.
    it('shows /oauth/authorize errors that must not redirect as pages: unknown client_id, wrong redirect_uri, missing parameters', async () => {
      const { context, page } = await newContext();
      const authorize = (query: Record<string, string>) =>
        `${gw.url}/oauth/authorize?${new URLSearchParams(query).toString()}`;
      const base = {
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
        customer_ref: 'docs-customer',
      };
      await expectErrorPage(
        page,
        await page.goto(authorize({ ...base, client_id: 'client_doesnotexist' })),
        { status: 401, message: /client/i, name: 'authorize-unknown-client' },
      );
      await expectErrorPage(
        page,
        await page.goto(authorize({ ...base, redirect_uri: 'https://evil.example/cb' })),
        { status: 400, message: /redirect_uri/, name: 'authorize-wrong-redirect' },
      );
      expect(new URL(page.url()).origin).toBe(gw.url);
      await expectErrorPage(page, await page.goto(`${gw.url}/oauth/authorize`), {
        status: 400,
        message: /client_id/,
        name: 'authorize-missing-parameters',
      });
      await context.close();
    });

    it('shows approving with nothing ticked as a page, with the way back', async () => {
      const { context, page } = await newContext();
      await context.route('https://acme.example.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<p>app callback</p>' }),
      );
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
        scope: 'read:repositories',
        state: 'docs-state',
        customer_ref: 'docs-customer-approve',
      });
      await page.goto(`${gw.url}/oauth/authorize?${query.toString()}`);
      await page.getByRole('link', { name: /Connect GitHub/ }).click();
      await page.waitForURL((url) => url.pathname === '/oauth/authorize');
      for (const box of await page.locator('input[type="checkbox"][name="repository"]').all())
        await box.uncheck({ timeout: 5000 });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/oauth/authorize/approve')),
        page.getByRole('button', { name: 'Approve' }).click({ timeout: 5000 }),
      ]);
      await page.waitForLoadState();
      await expectErrorPage(page, response, {
        status: 400,
        message: /Select at least one repository/,
        name: 'approve-nothing-ticked',
      });
      expect(page.url()).not.toContain('acme.example.com');
      await context.close();
    });

    it('shows an expired sign-in form as a page, and the dashboard’s own errors', async () => {
      const { context, page } = await newContext();
      await page.goto(`${gw.url}/app/login`);
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByLabel('Password').fill('a long enough password');
      await page.evaluate(
        "document.querySelectorAll('input[name=csrf]').forEach((input) => { input.value = 'expired'; })",
      );
      const [expired] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/app/login') && r.request().method() === 'POST',
        ),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.waitForLoadState();
      await expectErrorPage(page, expired, {
        status: 400,
        message: /The form has expired/,
        name: 'expired-form',
      });
      // Signed in, an app that is not there is the dashboard's own error page.
      const email = `docs-${Date.now()}@example.com`;
      await page.goto(`${gw.url}/app/signup`);
      await page.getByLabel('Your name').fill('Docs Dev');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel(/^Password/).fill('correct horse battery');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL((url) => url.pathname === '/app/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/app/dashboard');
      await expectErrorPage(page, await page.goto(`${gw.url}/app/dashboard/apps/client_missing`), {
        status: 404,
        message: /client_missing|not found/i,
        name: 'dashboard-unknown-app',
      });
      expect(await page.locator('a[href="/app/dashboard"]').count()).toBeGreaterThan(0);
      await expectErrorPage(page, await page.goto(`${gw.url}/app/nope`), {
        status: 404,
        message: /No route for GET \/app\/nope/,
        name: 'app-not-found',
      });
      expect(await page.getByRole('link', { name: 'Back to the dashboard' }).count()).toBe(1);
      await context.close();
    });
  },
);

describe('docs, errors and assets over plain HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('keeps the canonical JSON error for JSON callers and API paths, whatever a browser would ask', async () => {
    const cases: { path: string; accept?: string; method?: string; code: string }[] = [
      { path: '/no/such/page', code: 'RESOURCE_NOT_FOUND' },
      { path: '/no/such/page', accept: 'application/json', code: 'RESOURCE_NOT_FOUND' },
      { path: '/v1/no-such-route', accept: HTML, code: 'RESOURCE_NOT_FOUND' },
      { path: '/v1/repositories', accept: HTML, code: 'AUTH_REQUIRED' },
      { path: '/oauth/authorize', accept: 'application/json', code: 'INVALID_REQUEST' },
      { path: '/assets/nope.css', code: 'RESOURCE_NOT_FOUND' },
    ];
    for (const { path, accept, code } of cases) {
      const response = await fetch(`${gw.url}${path}`, {
        headers: accept === undefined ? {} : { accept },
      });
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { code: string; request_id: string } };
      expect(body.error.code, path).toBe(code);
      expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
    }
    // The token endpoint keeps RFC 6749's form, even for a caller preferring HTML.
    const token = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope',
    });
    expect(token.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await token.json()) as { error: string }).error).toMatch(/^invalid_/);
    // A provider sign-in coming back to the gateway is a browser step: a page for a browser.
    const callback = `${gw.url}/v1/auth/github/callback?state=not-a-state&code=abc`;
    const step = await fetch(callback, { headers: { accept: HTML } });
    expect(step.status).toBe(400);
    expect(step.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await step.text()).toContain('Unknown OAuth state');
    const stepJson = await fetch(callback);
    expect(stepJson.headers.get('content-type')).toMatch(/^application\/json/);
    // The same unknown path, asked for by a browser, is a page.
    const page = await fetch(`${gw.url}/no/such/page`, { headers: { accept: HTML } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain(page.headers.get('x-request-id') ?? 'missing');
  });

  it('serves each asset with its type, nosniff, a content-hash URL cached for a year, and an ETag', async () => {
    const landing = await fetch(`${gw.url}/`);
    const csp = landing.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await landing.text();
    expect(html).not.toMatch(/<style|\sstyle=|<script(?![^>]*\ssrc=")/);
    const types: Record<string, RegExp> = {
      'app.css': /^text\/css/,
      'landing-page.js': /^text\/javascript/,
      'secure-git-connect-page.js': /^text\/javascript/,
      'gitflare-logo.svg': /^image\/svg\+xml/,
    };
    for (const name of ASSET_NAMES) {
      const { hash, body } = assetOf(name);
      if (name !== 'secure-git-connect-page.js')
        expect(html, name).toContain(`/assets/${name}?v=${hash}`);
      const response = await fetch(`${gw.url}/assets/${name}?v=${hash}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toMatch(types[name] as RegExp);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('etag')).toBe(`"${hash}"`);
      expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
      const again = await fetch(`${gw.url}/assets/${name}`, {
        headers: { 'if-none-match': `"${hash}"` },
      });
      expect(again.status).toBe(304);
      // A list of tags, with spaces around its commas; a header of spaces matches nothing.
      const listed = await fetch(`${gw.url}/assets/${name}`, {
        headers: { 'if-none-match': `"other" ,  "${hash}" , "third"` },
      });
      expect(listed.status).toBe(304);
      const spaces = await fetch(`${gw.url}/assets/${name}`, {
        headers: { 'if-none-match': `"${' '.repeat(8000)}x` },
      });
      expect(spaces.status).toBe(200);
      await spaces.arrayBuffer();
      // Without the current hash (an old page), a short cache only.
      const stale = await fetch(`${gw.url}/assets/${name}?v=0000000000000000`);
      expect(stale.headers.get('cache-control')).toBe('public, max-age=300');
    }
    expect((await fetch(`${gw.url}/assets/app.css.map`)).status).toBe(404);
    expect((await fetch(`${gw.url}/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('documents every route, error code, scope and configuration variable from the code’s tables', async () => {
    const text = async (path: string) => {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const routes = await text('/docs/routes');
    for (const group of ROUTE_GROUPS) {
      expect(routes).toContain(group.name.replace(/'/g, '&#39;'));
      for (const route of group.routes)
        expect(routes).toContain(`<code>${route.method.toUpperCase()} ${route.path}</code>`);
    }
    // One example per group: a request and, for JSON routes, an answer.
    expect(routes.match(/<h3>Example: /g)?.length).toBe(ROUTE_GROUPS.length);
    expect(routes).toContain('Answer recorded from the demo gateway');
    const errors = await text('/docs/errors');
    for (const code of SCM_ERROR_CODES) expect(errors).toContain(`<tr id="${code}">`);
    const scopes = await text('/docs/scopes');
    for (const { scope } of SCOPES) expect(scopes).toContain(`<code>${scope}</code>`);
    const hosting = await text('/docs/self-hosting');
    // Every variable of the configuration schema has its row (a new one must be documented).
    const documented = new Set(ENV_ROWS.flatMap((row) => row.names));
    for (const name of Object.keys(EnvSchema.shape)) {
      expect(documented.has(name), `${name} is documented`).toBe(true);
      expect(hosting).toContain(`<code>${name}</code>`);
    }
    // The examples call this gateway.
    expect(await text('/docs/quickstart')).toContain(`${gw.url}/oauth/token`);
  });
});
