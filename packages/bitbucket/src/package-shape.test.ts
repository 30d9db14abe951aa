import { existsSync, readdirSync } from 'node:fs';
import { providerPackageFiles, servedOperationGroups } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { bitbucketCapabilities } from './bitbucket-capabilities.js';
import * as entry from './index.js';

// CONTRIBUTING.md, "The shape of a provider package": every file the shape names is here, and
// `ops/` holds exactly the operation groups Bitbucket serves.
describe('the @scm/bitbucket package', () => {
  const root = new URL('./', import.meta.url);

  it('has every file of the provider package shape', () => {
    const missing = providerPackageFiles('bitbucket', bitbucketCapabilities).filter(
      (file) => !existsSync(new URL(file, root)),
    );
    expect(missing).toEqual([]);
  });

  it('has one ops/ file for each operation group it serves, and no other', () => {
    expect(readdirSync(new URL('ops/', root)).sort()).toEqual(
      servedOperationGroups(bitbucketCapabilities)
        .map((group) => `${group}.ts`)
        .sort(),
    );
  });

  it('exports the factory, the capabilities, the OAuth and webhook helpers and the default URLs', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'BITBUCKET_DEFAULT_BASE_URL',
      'BITBUCKET_DEFAULT_WEB_URL',
      'bitbucketCapabilities',
      'createBitbucketOAuth',
      'createBitbucketProvider',
      'createBitbucketWebhooks',
    ]);
  });
});
