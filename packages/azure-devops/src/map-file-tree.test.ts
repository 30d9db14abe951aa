import { FileContentSchema, FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import { WireItemSchema, wireListSchema } from './azure-schemas.js';
import { mapFileContent, mapFileTreeEntry } from './map-file-tree.js';

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

// Raw file answers shaped as the provider documents them (the route and headers its simulator
// serves too): a text file and a binary one. The mapping: bytes → UTF-8 or base64, the blob id.
describe('mapFileContent', () => {
  it('maps raw answers to __fixtures__/file-content.golden.json', () => {
    const answers = readFixture(import.meta.url, 'file-content') as {
      path: string;
      ref?: string;
      headers: Record<string, string>;
      bodyBase64: string;
    }[];
    const mapped = answers.map((answer) =>
      mapFileContent(
        {
          path: answer.path,
          ref: answer.ref,
          headers: answer.headers,
          body: new Uint8Array(Buffer.from(answer.bodyBase64, 'base64')),
        },
        context,
      ),
    );
    expect(z.array(FileContentSchema).parse(mapped)).toEqual(mapped);
    expect(mapped.map((content) => content.encoding)).toEqual(['utf-8', 'base64']);
    expectGolden(mapped, goldenPath(import.meta.url, 'file-content'));
  });
});
