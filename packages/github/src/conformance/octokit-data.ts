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

let examples: Record<string, { value: unknown }> | undefined;

/**
 * One of the response examples of GitHub's OpenAPI description (`@octokit/openapi`), by its
 * `components.examples` name: the golden tests' inputs (their outputs are in `__fixtures__/`).
 */
export function openApiExample(name: string): unknown {
  examples ??= (
    readPackageJson('@octokit/openapi', 'generated/api.github.com.json') as {
      components: { examples: Record<string, { value: unknown }> };
    }
  ).components.examples;
  const found = examples[name];
  if (found === undefined) throw new Error(`GitHub's OpenAPI description has no example ${name}`);
  return found.value;
}
