import { FileContentSchema, FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireTreeEntrySchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapFileContent, mapFileTreeEntry } from './map-file-tree.js';

const context = { includeRaw: false };
// `src` metadata recorded on bitbucket.org: a file at a commit, and one at a branch.
const RECORDED = [
  'api/2.0-repositories-amuniz-test-repos-src-fb522a6f08c7c7df337312e4e65ec1b57710672e-script.bat_format_meta',
  'api/2.0-repositories-amuniz-test-repos-src-master-folder_2Ffile.properties_format_meta',
];

describe('mapFileTreeEntry', () => {
  it.each(RECORDED)('maps %s to its golden form', (name) => {
    const entry = mapFileTreeEntry(WireTreeEntrySchema.parse(corpusJson(`${name}.json`)), context);
    expect(FileTreeEntrySchema.parse(entry)).toEqual(entry);
    expectGolden(entry, goldenPath(import.meta.url, name));
  });

  it.each([
    [{ type: 'commit_directory', path: 'src/lib/' }, 'directory', '040000', 'lib'],
    [
      { type: 'commit_file', path: 'vendor/x', attributes: ['subrepository'] },
      'submodule',
      '160000',
      'x',
    ],
    [
      { type: 'commit_file', path: 'link', attributes: ['link'], size: 4 },
      'symlink',
      '120000',
      'link',
    ],
    [
      { type: 'commit_file', path: 'run.sh', attributes: ['executable'] },
      'file',
      '100755',
      'run.sh',
    ],
    [
      { type: 'commit_file', path: 'a/b.txt', attributes: 'lfs', size: 3 },
      'file',
      '100644',
      'b.txt',
    ],
  ] as const)('reads %j as a %s with mode %s', (wire, type, mode, name) => {
    const entry = mapFileTreeEntry(WireTreeEntrySchema.parse(wire), context);
    expect(FileTreeEntrySchema.parse(entry)).toMatchObject({ type, mode, name, sha: null });
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
