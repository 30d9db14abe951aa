import { defineConfig } from 'tsup';

// The service is run, not imported: one ESM bundle per entry, dependencies left in node_modules
// (Prisma's generated client loads its query compiler from @prisma/client at run time).
// The demo (demo/, `pnpm demo`) is built beside the service but from its own entries: it bundles
// the provider simulators of @scm/testkit (a devDependency), which dist/main.js and dist/index.js
// never import.
export default defineConfig({
  entry: {
    // main.ts behind the compile cache (src/boot.ts).
    main: 'src/boot.ts',
    index: 'src/index.ts',
    // `pnpm --filter @scm/api migrate`: the committed migrations, applied, then exit (deploys).
    migrate: 'src/ops/migrate-main.ts',
    // The container's HEALTHCHECK (Dockerfile): GET /ready on this machine, exit 0 or 1.
    healthcheck: 'src/ops/healthcheck-main.ts',
    demo: 'demo/main.ts',
    'demo/start-demo': 'demo/start-demo.ts',
  },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
});
