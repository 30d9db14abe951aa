import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: ['src/index.ts'],
  dts: true,
  sourcemap: true,
  target: 'node20',
};

// `@octokit/webhooks-methods` and `@octokit/auth-app` (and their own dependencies) ship ESM only.
// The ESM build imports them; the CJS build bundles them, so `require('@scm/github')` works on
// every supported Node without relying on require(esm).
const ESM_ONLY = [
  /^@octokit\//,
  /^universal-user-agent$/,
  /^universal-github-app-jwt$/,
  /^toad-cache$/,
];

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  { ...shared, format: ['cjs'], clean: false, noExternal: ESM_ONLY },
]);
