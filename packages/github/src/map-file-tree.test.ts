import { FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireTreeSchema } from './github-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapFileTreeEntry against GitHub’s own examples', () => {
  it('maps git-tree-response-recursively-retrieving-a-tree to __fixtures__/file-tree.golden.json', () => {
    const mapped = WireTreeSchema.parse(readFixture(import.meta.url, 'file-tree')).tree.map(
      (entry) => mapFileTreeEntry(entry, context),
    );
    expect(z.array(FileTreeEntrySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'file-tree'));
  });
});
