import { defineConfig } from 'vitest/config';
import { sharedResolve, sharedTestConfig } from '../../vitest.shared.js';

// The api's tests migrate a fresh database each (SQLite file or PostgreSQL database, see
// scripts/test.mjs), which takes longer than the libraries' unit tests.
export default defineConfig({
  resolve: sharedResolve,
  test: { ...sharedTestConfig, testTimeout: 60_000, hookTimeout: 60_000 },
});
