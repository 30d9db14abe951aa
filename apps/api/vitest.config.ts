import { defineConfig } from 'vitest/config';
import { sharedResolve, sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  resolve: sharedResolve,
  test: {
    ...sharedTestConfig,
    // The demo (`pnpm demo`) lives beside src/, out of the service's build.
    include: ['src/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Each test migrates a fresh database (a SQLite file, or a PostgreSQL database in the second
    // pass of scripts/test.mjs), which takes longer than the libraries' unit tests.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The shared JSON reporter names its file in its own options, which win over the CLI; name it
    // through `outputFile` instead, so the PostgreSQL pass can write its own report with
    // `--outputFile.json=test-results.postgresql.json`.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
  },
});
