import { existsSync, readdirSync } from 'node:fs';
import { providerPackageFiles, servedOperationGroups } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { gitlabCapabilities } from './gitlab-capabilities.js';
import * as entry from './index.js';

// CONTRIBUTING.md, "The shape of a provider package": every file the shape names is here, and
// `ops/` holds exactly the operation groups GitLab serves (all of them).
describe('the @scm/gitlab package', () => {
  const root = new URL('./', import.meta.url);

  it('has every file of the provider package shape', () => {
    const files = providerPackageFiles('gitlab', gitlabCapabilities);
    expect(files).toContain('ops/keys.ts');
    expect(files.filter((file) => !existsSync(new URL(file, root)))).toEqual([]);
  });

  it('has one ops/ file for each operation group it serves, and no other', () => {
    expect(readdirSync(new URL('ops/', root)).sort()).toEqual(
      servedOperationGroups(gitlabCapabilities)
        .map((group) => `${group}.ts`)
        .sort(),
    );
  });

  it('keeps __fixtures__/ to JSON: payloads and their golden files', () => {
    expect(
      readdirSync(new URL('__fixtures__/', root)).filter((file) => !file.endsWith('.json')),
    ).toEqual([]);
  });

  it('exports the factory, the capabilities, the OAuth and webhook helpers and the default URL', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'GITLAB_DEFAULT_BASE_URL',
      'createGitLabOAuth',
      'createGitLabProvider',
      'createGitLabWebhooks',
      'getGitLabTokenInfo',
      'gitlabCapabilities',
      'parseGitLabEvent',
      'parseGitLabEvents',
      'signGitLabWebhook',
    ]);
  });
});
