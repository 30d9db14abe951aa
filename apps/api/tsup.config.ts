import { defineConfig } from 'tsup';

// The service is run, not imported: one ESM bundle per entry, dependencies left in node_modules
// (Prisma's generated client loads its query compiler from @prisma/client at run time).
export default defineConfig({
  entry: ['src/main.ts', 'src/demo.ts', 'src/index.ts'],
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
});
