import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What every browser test shares: Debian's Chromium (installed by `.ci/run`; a developer machine
 * without it skips the browser files and says so), screenshots saved as test artefacts under
 * `apps/api/test-artifacts/screenshots/`, and an accessibility check with axe-core injected into
 * the page (no serious or critical violation).
 */
export const CHROMIUM = '/usr/bin/chromium';

export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing: .ci/run must install chromium`);

/** `describe.skipIf(!haveChromium)`, with a line saying why a file was skipped. */
export function skipWithoutChromium(what: string): boolean {
  if (!haveChromium)
    console.warn(`${what} skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
  return !haveChromium;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/screenshots');

/** A full-page screenshot kept as a test artefact; `name` becomes the file name. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

let axeSource: string | undefined;
function axe(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations. The script is
 * evaluated through the DevTools protocol, so it runs whatever the page's Content-Security-Policy
 * says; the page needs a context with JavaScript enabled (`javaScriptEnabled` defaults to true).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // A string is evaluated as is (Runtime.evaluate), outside the page's CSP, unlike `new Function`.
  await page.evaluate(axe());
  const violations = await page.evaluate(async () => {
    const runner = (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe;
    const result = (await runner.run()) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with axe's own words for each serious or critical violation on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousViolations(page);
  expect(
    violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`,
    ),
  ).toEqual([]);
}
