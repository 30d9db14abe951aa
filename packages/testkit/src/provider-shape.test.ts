import { existsSync, readdirSync } from 'node:fs';
import { defineCapabilities, OPERATIONS } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { exampleCapabilities } from './example/example-capabilities.js';
import {
  PROVIDER_OPERATION_GROUPS,
  providerPackageFiles,
  servedOperationGroups,
} from './provider-shape.js';

describe('PROVIDER_OPERATION_GROUPS', () => {
  it('puts every operation in exactly one group', () => {
    const grouped: string[] = Object.values(PROVIDER_OPERATION_GROUPS).flat();
    expect([...grouped].sort()).toEqual([...OPERATIONS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});

describe('providerPackageFiles', () => {
  it('names the files of a package and of each group it serves', () => {
    const files = providerPackageFiles(
      'acme',
      defineCapabilities({ listSshKeys: { supported: false } }),
    );
    expect(files).toContain('acme-client.ts');
    expect(files).toContain('conformance/contract.integration.test.ts');
    expect(files).toContain('ops/pull-requests.ts');
    expect(files).toContain('map-pull-requests.test.ts');
    expect(files.some((file) => file.includes('keys'))).toBe(false);
    expect(files.some((file) => file.includes('{'))).toBe(false);
    expect(servedOperationGroups()).toHaveLength(Object.keys(PROVIDER_OPERATION_GROUPS).length);
  });

  it('is the shape of the example provider, with ops/ holding exactly the groups it serves', () => {
    const root = new URL('./example/', import.meta.url);
    for (const file of providerPackageFiles('example', exampleCapabilities))
      expect(existsSync(new URL(file, root)), file).toBe(true);
    expect(readdirSync(new URL('ops/', root)).sort()).toEqual(
      servedOperationGroups(exampleCapabilities)
        .map((group) => `${group}.ts`)
        .sort(),
    );
  });
});
