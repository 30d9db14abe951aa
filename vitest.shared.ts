import type { ViteUserConfig } from 'vitest/config';

/**
 * The test settings every package shares. Under CI each package also writes a JSON report that
 * scripts/test-summary.mjs adds up into one closing line.
 */
export const sharedTestConfig: NonNullable<ViteUserConfig['test']> = {
  include: ['src/**/*.test.ts'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
};
