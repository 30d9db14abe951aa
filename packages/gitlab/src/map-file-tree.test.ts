import { describe, expect, it } from 'vitest';
import { WireTreeEntrySchema } from './gitlab-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

const context = { includeRaw: false, webBase: 'https://example.com/gitlab' };

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
