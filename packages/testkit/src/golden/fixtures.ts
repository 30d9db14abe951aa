import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder next to a test that holds its fixtures. */
export const FIXTURES_DIR = '__fixtures__';

/**
 * The convention every package follows: a payload in `__fixtures__/<name>.json` and the form it
 * must map to in `__fixtures__/<name>.golden.json`, next to the test that reads them. `name` may
 * hold folders (`openapi-examples/pull-request`), never `..` or an absolute path.
 */
function fixtureFile(testFileUrl: string | URL, name: string, suffix: string): string {
  const relative = normalize(name);
  if (
    name === '' ||
    isAbsolute(name) ||
    relative.split(sep).includes('..') ||
    name.endsWith('.json') ||
    name.includes('\\')
  ) {
    throw new Error(
      `A fixture name is a relative path without ".." or ".json" (got ${JSON.stringify(name.slice(0, 200))})`,
    );
  }
  const testFile =
    typeof testFileUrl === 'string' && !testFileUrl.startsWith('file:')
      ? testFileUrl
      : fileURLToPath(testFileUrl);
  return join(dirname(testFile), FIXTURES_DIR, `${relative}${suffix}`);
}

/**
 * The payload fixture `<name>.json` in the `__fixtures__/` folder next to the calling file:
 * `fixturePath(import.meta.url, 'repository')`.
 */
export function fixturePath(testFileUrl: string | URL, name: string): string {
  return fixtureFile(testFileUrl, name, '.json');
}

/** Its golden file, `<name>.golden.json`, beside it. */
export function goldenPath(testFileUrl: string | URL, name: string): string {
  return fixtureFile(testFileUrl, name, '.golden.json');
}

/** The parsed payload fixture `__fixtures__/<name>.json` next to the calling file. */
export function readFixture(testFileUrl: string | URL, name: string): unknown {
  return JSON.parse(readFileSync(fixturePath(testFileUrl, name), 'utf8')) as unknown;
}
