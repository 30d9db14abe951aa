import { CommitSchema, DiffSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireCommitSchema, WireDiffFileSchema } from './gitlab-schemas.js';
import { mapCommit, mapDiff, mapDiffFile } from './map-commits.js';

// __fixtures__/commits.json follows the "List repository commits" example of GitLab's API docs
// (https://docs.gitlab.com/api/commits/); commit-diff.json the "Get the diff of a commit" one,
// with an added, a renamed binary, a deleted and a too large file.
const context = { includeRaw: false, webBase: 'https://gitlab.example.com' };

describe('mapCommit', () => {
  it('maps commits to their golden form: git identities, no account', () => {
    const commits = z
      .array(WireCommitSchema)
      .parse(readFixture(import.meta.url, 'commits'))
      .map((wire) => mapCommit(wire, context));
    for (const commit of commits) expect(CommitSchema.parse(commit)).toEqual(commit);
    expect(commits[1]).toMatchObject({
      author: { login: null, email: null },
      authoredAt: '2012-09-20T06:06:12Z',
      parents: [],
    });
    expectGolden(commits, goldenPath(import.meta.url, 'commits'));
  });
});

describe('mapDiff', () => {
  it('maps a commit diff to its golden form, truncated when a file was too large', () => {
    const diff = mapDiff(
      z.array(WireDiffFileSchema).parse(readFixture(import.meta.url, 'commit-diff')),
      {
        sha: '6104942438c14ec7bd21c6cd5bd995272b3faff6',
        baseSha: 'ae1d9fb46aa2b07ee9836d49862ec4e2c46fbbba',
        truncated: false,
      },
      context,
    );
    expect(DiffSchema.parse(diff)).toEqual(diff);
    expect(diff.truncated).toBe(true);
    expectGolden(diff, goldenPath(import.meta.url, 'commit-diff'));
  });
});

describe('diffs', () => {
  const file = {
    old_path: 'a.txt',
    new_path: 'a.txt',
    diff: '@@ -1,2 +1,2 @@\n-x\n+y\n+z\n context\n',
    new_file: false,
    renamed_file: false,
    deleted_file: false,
  };
  it('counts added and removed lines of the hunks', () => {
    expect(mapDiffFile(WireDiffFileSchema.parse(file))).toMatchObject({
      additions: 2,
      deletions: 1,
      status: 'modified',
      previousPath: null,
      binary: false,
    });
  });
  it('reads renames, deletions, binaries and omitted patches', () => {
    expect(
      mapDiffFile(WireDiffFileSchema.parse({ ...file, old_path: 'old.txt', renamed_file: true })),
    ).toMatchObject({ status: 'renamed', previousPath: 'old.txt', path: 'a.txt' });
    expect(
      mapDiffFile(WireDiffFileSchema.parse({ ...file, new_path: 'a.txt', deleted_file: true }))
        .status,
    ).toBe('removed');
    expect(
      mapDiffFile(
        WireDiffFileSchema.parse({ ...file, diff: 'Binary files a/a.png and b/a.png differ\n' }),
      ),
    ).toMatchObject({ binary: true, patch: null, additions: 0 });
    expect(
      mapDiffFile(WireDiffFileSchema.parse({ ...file, diff: '', too_large: true })).patch,
    ).toBeNull();
  });
});

describe('hostile diffs', () => {
  it('reads a 100k-character near-binary notice and a 100k-line diff quickly', () => {
    const started = performance.now();
    const notice = `Binary files ${'a '.repeat(50_000)}differ?`;
    const file = {
      old_path: 'x',
      new_path: 'x',
      new_file: false,
      renamed_file: false,
      deleted_file: false,
    };
    expect(mapDiffFile(WireDiffFileSchema.parse({ ...file, diff: notice })).binary).toBe(false);
    const lines = mapDiffFile(
      WireDiffFileSchema.parse({ ...file, diff: '+a\n-b\n'.repeat(50_000) }),
    );
    expect([lines.additions, lines.deletions]).toEqual([50_000, 50_000]);
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
