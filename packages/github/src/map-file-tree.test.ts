import { FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiExample } from './conformance/octokit-data.js';
import { WireTreeSchema } from './github-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false };

describe('mapFileTreeEntry against GitHub’s own examples', () => {
  it('maps git-tree-response-recursively-retrieving-a-tree to __fixtures__/file-tree.golden.json', () => {
    const mapped = WireTreeSchema.parse(
      openApiExample('git-tree-response-recursively-retrieving-a-tree'),
    ).tree.map((entry) => mapFileTreeEntry(entry, context));
    expect(z.array(FileTreeEntrySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'file-tree'));
  });
});
