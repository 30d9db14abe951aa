import { CommitSchema, DiffFileSchema } from '@scm/core';
import { expectGolden } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { GIT_EXAMPLES, officialGolden, officialResponse } from './azure-official-examples.js';
import {
  WireCommitChangesSchema,
  WireCommitDiffsSchema,
  WireCommitSchema,
  wireListSchema,
} from './azure-schemas.js';
import { mapCommit, mapDiffFile } from './map-commits.js';

const context = {
  includeRaw: false,
  organization: 'fabrikam',
  collectionUrl: 'https://dev.azure.com/fabrikam',
};

describe('mapCommit', () => {
  it('maps the official commits list: git identities, no account', () => {
    const commits = wireListSchema(WireCommitSchema)
      .parse(
        officialResponse(
          `${GIT_EXAMPLES}commits/GET__git_repositories__repositoryId__commits.json`,
        ),
      )
      .value.map((wire) => mapCommit(wire, context));
    for (const commit of commits) expect(CommitSchema.parse(commit)).toEqual(commit);
    expect(commits[0]?.author).toMatchObject({ login: null, email: 'Fabrikamfiber16@hotmail.com' });
    expectGolden(commits, officialGolden('commits'));
  });

  it('maps the official single commit with its (empty) parents', () => {
    const commit = mapCommit(
      WireCommitSchema.parse(
        officialResponse(
          `${GIT_EXAMPLES}commits/GET__git_repositories__repositoryId__commits__commitId_.json`,
        ),
      ),
      context,
    );
    expect(commit).toMatchObject({ message: 'First cut\n', parents: [] });
    expectGolden(commit, officialGolden('commit'));
  });
});

describe('mapDiffFile', () => {
  it('maps the official commit changes and commit diffs: paths lose the leading slash', () => {
    const changes = WireCommitChangesSchema.parse(
      officialResponse(
        `${GIT_EXAMPLES}changes/GET__git_repositories__repositoryId__commits__commitId__changes_top-_top__skip-_skip_.json`,
      ),
    ).changes.map(mapDiffFile);
    const diffs = WireCommitDiffsSchema.parse(
      officialResponse(
        `${GIT_EXAMPLES}commitDiffs/GET__git_repositories__repositoryId__diffs_commits_targetVersion-_targetVersion__baseVersion-_baseVersion_.json`,
      ),
    ).changes.map(mapDiffFile);
    for (const file of [...changes, ...diffs]) expect(DiffFileSchema.parse(file)).toEqual(file);
    expect(changes[0]).toMatchObject({ path: 'MyWebSite/MyWebSite/favicon.ico', status: 'added' });
    expectGolden({ changes, diffs }, officialGolden('changes'));
  });

  it('reads the change flags: a rename names its old path, a delete wins', () => {
    expect(
      mapDiffFile({
        item: { path: '/src/new.ts' },
        changeType: 'edit, rename',
        sourceServerItem: '/src/old.ts',
      }),
    ).toMatchObject({ status: 'renamed', path: 'src/new.ts', previousPath: 'src/old.ts' });
    expect(mapDiffFile({ item: { path: '/a' }, changeType: 'delete' }).status).toBe('removed');
    expect(mapDiffFile({ item: { path: '/a' }, changeType: 'edit' }).status).toBe('modified');
  });
});
