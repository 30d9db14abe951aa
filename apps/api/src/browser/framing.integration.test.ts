import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../http/html.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { bearer, signUpDeveloper } from '../test-support/flows.js';
import { call } from '../test-support/http.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing: .ci/run must install chromium`);
if (!haveChromium)
  console.warn(
    `framing browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`,
  );

// The app's site and another site: two names for one local server (Chromium maps both to
// 127.0.0.1), plain http as the gateway under test is.
const APP_HOST = 'acme-app.test';
const OTHER_HOST = 'evil.test';

// Iframe mode in a real browser: the app's own site may frame its hosted pages, no other site may.
describe.skipIf(!haveChromium)('framing in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let clientId: string;
  let sites: Server;
  let appOrigin: string;
  let otherOrigin: string;
  /** What the sites' page frames next. */
  let framed = '';

  beforeAll(async () => {
    sites = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<h1>host</h1><iframe src="${escapeHtml(framed)}"></iframe>`);
    });
    await new Promise<void>((resolve) => sites.listen(0, '127.0.0.1', resolve));
    const { port } = sites.address() as AddressInfo;
    appOrigin = `http://${APP_HOST}:${port}`;
    otherOrigin = `http://${OTHER_HOST}:${port}`;
    gw = await startTestGateway();
    const session = (await signUpDeveloper(gw)).token;
    const created = await call('POST', `${gw.url}/v1/developer/apps`, {
      ...bearer(session),
      json: {
        name: 'Embedding App',
        allowedRedirectUris: [`${appOrigin}/oauth/callback`],
        defaultPermissions: ['read:repositories'],
      },
    });
    expect(created.status, created.text).toBe(201);
    clientId = created.json<{ clientId: string }>().clientId;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        `--host-resolver-rules=MAP ${APP_HOST} 127.0.0.1, MAP ${OTHER_HOST} 127.0.0.1`,
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
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
    await new Promise<void>((resolve) =>
      sites.close(() => {
        resolve();
      }),
    );
  });

  /** Opens `origin`'s page holding one iframe of `src`, and returns that frame once it loaded. */
  const frameOn = async (origin: string, src: string): Promise<Frame> => {
    framed = src;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/embed`, { waitUntil: 'load' });
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame, 'the iframe exists').toBeDefined();
    return frame as Frame;
  };

  /**
   * What a refused frame shows is the browser's own error page ("<host> is blocked"), which may
   * have a heading of its own: a refusal is a frame that shows none of the gateway's page.
   */
  const blocked = async (frame: Frame, gatewayHeading: string): Promise<boolean> =>
    !((await heading(frame)) ?? '').includes(gatewayHeading);

  const heading = async (frame: Frame): Promise<string | null> =>
    frame
      .locator('h1')
      .first()
      .textContent({ timeout: 2000 })
      .catch(() => null);

  it("shows the access page inside the app's own site, and not inside another", async () => {
    const src = `${gw.url}/app/company/apps/${clientId}?customer_ref=framed`;
    expect(await heading(await frameOn(appOrigin, src))).toContain('Embedding App');
    expect(await blocked(await frameOn(otherOrigin, src), 'Embedding App')).toBe(true);
  });

  it('shows the consent page inside the app, and nothing of the gateway elsewhere', async () => {
    const consent = `${gw.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: `${appOrigin}/oauth/callback`, customer_ref: 'framed' }).toString()}`;
    expect(await heading(await frameOn(appOrigin, consent))).toContain('Embedding App');
    expect(await blocked(await frameOn(otherOrigin, consent), 'Embedding App')).toBe(true);
    expect(await blocked(await frameOn(appOrigin, `${gw.url}/app/login`), 'Sign in')).toBe(true);
  });
});
