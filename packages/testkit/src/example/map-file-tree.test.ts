import { FileTreeEntrySchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireTreeEntrySchema, wirePageSchema } from './example-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

describe('mapFileTreeEntry', () => {
  it('maps files, directories, symlinks and submodules to their golden form', () => {
    const page = wirePageSchema(WireTreeEntrySchema).parse(readFixture(import.meta.url, 'tree'));
    const entries = page.items.map((wire) => mapFileTreeEntry(wire, { includeRaw: false }));
    for (const entry of entries) expect(FileTreeEntrySchema.parse(entry)).toEqual(entry);
    expect(new Set(entries.map((entry) => entry.type))).toEqual(
      new Set(['file', 'directory', 'symlink', 'submodule']),
    );
    expectGolden(entries, goldenPath(import.meta.url, 'tree'));
  });
});
