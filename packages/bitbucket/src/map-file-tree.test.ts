import { FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireTreeEntrySchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapFileTreeEntry } from './map-file-tree.js';

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
