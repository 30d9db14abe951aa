import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    contract: 'src/contract/index.ts',
    golden: 'src/golden/index.ts',
    github: 'src/github/index.ts',
    gitlab: 'src/gitlab/index.ts',
    bitbucket: 'src/bitbucket/index.ts',
    azure: 'src/azure/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
