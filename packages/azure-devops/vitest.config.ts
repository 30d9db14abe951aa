import { defineConfig } from 'vitest/config';
import { sharedResolve, sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({ resolve: sharedResolve, test: sharedTestConfig });
