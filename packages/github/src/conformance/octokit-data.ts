import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// GitHub's own data, from the npm packages that publish it (see fixtures/SOURCES.md).
// The packages ship JSON files without an `exports` map, so they are read by path.
const require = createRequire(import.meta.url);

/** The folder an installed `@octokit/*` data package lives in. */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export function readPackageJson(name: string, file: string): unknown {
  return JSON.parse(readFileSync(join(packageDir(name), file), 'utf8')) as unknown;
}
