import { existsSync, readdirSync } from 'node:fs';
import { providerPackageFiles, servedOperationGroups } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { githubCapabilities } from './github-capabilities.js';

// CONTRIBUTING.md, "The shape of a provider package": every file the shape names is here, and
// `ops/` holds exactly the operation groups GitHub serves.
describe('the @scm/github package', () => {
  const root = new URL('./', import.meta.url);

  it('has every file of the provider package shape', () => {
    const missing = providerPackageFiles('github', githubCapabilities).filter(
      (file) => !existsSync(new URL(file, root)),
    );
    expect(missing).toEqual([]);
  });

  it('has one ops/ file for each operation group it serves, and no other', () => {
    expect(readdirSync(new URL('ops/', root)).sort()).toEqual(
      servedOperationGroups(githubCapabilities)
        .map((group) => `${group}.ts`)
        .sort(),
    );
  });
});
