import { existsSync, readdirSync } from 'node:fs';
import { providerPackageFiles, servedOperationGroups } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { azureCapabilities } from './azure-capabilities.js';
import * as entry from './index.js';

// CONTRIBUTING.md, "The shape of a provider package": every file the shape names is here (the
// file prefix is the provider id, `azure`, though the package folder is `azure-devops`), and
// `ops/` holds exactly the operation groups Azure DevOps serves.
describe('the @scm/azure-devops package', () => {
  const root = new URL('./', import.meta.url);

  it('has every file of the provider package shape', () => {
    const files = providerPackageFiles('azure', azureCapabilities);
    expect(files).toContain('azure-provider.ts');
    expect(files).not.toContain('ops/keys.ts');
    expect(files.filter((file) => !existsSync(new URL(file, root)))).toEqual([]);
  });

  it('has one ops/ file for each operation group it serves, and no other', () => {
    expect(readdirSync(new URL('ops/', root)).sort()).toEqual(
      servedOperationGroups(azureCapabilities)
        .map((group) => `${group}.ts`)
        .sort(),
    );
  });

  it('keeps __fixtures__/ to JSON: payloads and their golden files', () => {
    expect(
      readdirSync(new URL('__fixtures__/', root)).filter((file) => !file.endsWith('.json')),
    ).toEqual([]);
  });

  it('exports the factory, the capabilities, the settings, the OAuth and webhook helpers', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'AZURE_DEFAULT_AUTHORITY_URL',
      'AZURE_DEFAULT_BASE_URL',
      'AZURE_DEFAULT_OAUTH_SCOPES',
      'AZURE_DEVOPS_RESOURCE',
      'AZURE_WEBHOOK_SECRET_HEADER',
      'azureCapabilities',
      'createAzureDevOpsProvider',
      'createAzureOAuth',
      'createAzureWebhooks',
      'readAzureDelivery',
    ]);
  });
});
