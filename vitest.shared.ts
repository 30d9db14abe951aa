import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * Tests import workspace packages from their sources, not their `dist`: a package's tests then see
 * a sibling's change without a rebuild, and two packages being built at once cannot break each
 * other's runs. The built output is checked by `check-exports` (publint, attw).
 */
export const sharedResolve: NonNullable<ViteUserConfig['resolve']> = {
  alias: [
    { find: /^@scm\/testkit\/([a-z-]+)$/, replacement: `${packagesDir}testkit/src/$1/index.ts` },
    { find: /^@scm\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
  ],
};

/**
 * The test settings every package shares. Under CI each package also writes a JSON report that
 * scripts/test-summary.mjs adds up into one closing line.
 */
export const sharedTestConfig: NonNullable<ViteUserConfig['test']> = {
  include: ['src/**/*.test.ts'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  reporters: process.env.CI
    ? ['default', ['json', { outputFile: 'test-results.json' }]]
    : ['default'],
};
