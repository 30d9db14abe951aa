import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import {
  expectAccessible,
  launchChromium,
  saveScreenshot,
  seriousViolations,
  skipWithoutChromium,
} from './harness.js';

// The accessibility check itself must be able to fail: a page with an unlabelled input and an image
// without text has serious violations; the landing page has none.
describe.skipIf(skipWithoutChromium('browser harness test'))('browser harness', () => {
  let gw: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startTestGateway();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
  });
  it('finds serious violations on a broken page and none on the landing page', async () => {
    const page = await browser.newPage();
    await page.goto(`${gw.url}/`);
    await saveScreenshot(page, 'landing');
    await page.setContent('<html><body><img src="x.png"><input></body></html>');
    expect((await seriousViolations(page)).length).toBeGreaterThan(0);
    await page.goto(`${gw.url}/`);
    await expectAccessible(page);
  });
});
