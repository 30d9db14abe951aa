import { FileContentSchema, FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireTreeEntrySchema } from './gitlab-schemas.js';
import { mapFileContent, mapFileTreeEntry } from './map-file-tree.js';

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
