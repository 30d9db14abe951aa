import { FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireTreeEntrySchema } from './gitlab-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

const context = { includeRaw: false, webBase: 'https://example.com/gitlab' };

// __fixtures__/tree.json follows the "List repository tree" example of GitLab's API docs
// (https://docs.gitlab.com/api/repositories/), with a symlink.
describe('mapFileTreeEntry', () => {
  it('maps tree entries to their golden form', () => {
    const entries = z
      .array(WireTreeEntrySchema)
      .parse(readFixture(import.meta.url, 'tree'))
      .map((wire) => mapFileTreeEntry(wire, context));
    for (const entry of entries) expect(FileTreeEntrySchema.parse(entry)).toEqual(entry);
    expectGolden(entries, goldenPath(import.meta.url, 'tree'));
  });
});

describe('tree entries', () => {
  it('reads blobs, trees, symlinks and submodules', () => {
    const entry = (type: string, mode: string) =>
      mapFileTreeEntry(
        WireTreeEntrySchema.parse({ id: 'b'.repeat(40), name: 'x', path: 'd/x', type, mode }),
        context,
      ).type;
    expect([
      entry('blob', '100644'),
      entry('tree', '040000'),
      entry('blob', '120000'),
      entry('commit', '160000'),
    ]).toEqual(['file', 'directory', 'symlink', 'submodule']);
  });
});
