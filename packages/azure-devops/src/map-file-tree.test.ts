import { FileTreeEntrySchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import { WireItemSchema, wireListSchema } from './azure-schemas.js';
import { mapFileTreeEntry } from './map-file-tree.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapFileTreeEntry', () => {
  it('maps the official items example (recursionLevel=Full): folders are directories', () => {
    const entries = wireListSchema(WireItemSchema)
      .parse(
        officialResponse(
          `${GIT_EXAMPLES}items/GET__git_repositories__repositoryId__items_scopePath-_folderPath__recursionLevel-Full_includeContentMetadata-true.json`,
        ),
      )
      .value.map((wire) => mapFileTreeEntry(wire, context));
    for (const entry of entries) expect(FileTreeEntrySchema.parse(entry)).toEqual(entry);
    expect(entries[0]).toMatchObject({
      path: 'MyWebSite/MyWebSite/Views',
      name: 'Views',
      type: 'directory',
    });
    expect(entries.some((entry) => entry.type === 'file')).toBe(true);
    expectGolden(entries, officialGolden('items'));
  });

  it('reads submodules and symbolic links', () => {
    expect(mapFileTreeEntry({ path: '/lib', gitObjectType: 'commit' }, context).type).toBe(
      'submodule',
    );
    expect(
      mapFileTreeEntry({ path: '/l', gitObjectType: 'blob', isSymLink: true }, context).type,
    ).toBe('symlink');
  });
});
