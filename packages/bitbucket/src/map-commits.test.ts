import { CommitSchema, DiffSchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireCommitSchema, WireDiffstatSchema, wirePageSchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapCommit, mapDiff } from './map-commits.js';

const context = { includeRaw: false };
// Recorded on bitbucket.org: a branch's history, and a diffstat (no raw diff was recorded).
const COMMITS =
  'api/2.0-repositories-amuniz-test-repos-commits_include_feature_2Fdiffstat_exclude_174561d';
const DIFFSTAT = 'api/2.0-repositories-amuniz-test-repos-diffstat-feature_2Fdiffstat..174561d';

const diff = [
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -1,2 +1,2 @@',
  ' keep',
  '-old',
  '+new',
  'diff --git a/logo.png b/logo.png',
  'new file mode 100644',
  'Binary files /dev/null and b/logo.png differ',
  'diff --git a/old name.txt b/new name.txt',
  'similarity index 100%',
  'rename from old name.txt',
  'rename to new name.txt',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-bye',
  '',
].join('\n');

describe('mapDiff', () => {
  it('maps the recorded diffstat to its golden files', () => {
    const diff = mapDiff(
      {
        sha: null,
        baseSha: null,
        diffstat: wirePageSchema(WireDiffstatSchema).parse(corpusJson(`${DIFFSTAT}.json`)).values,
        diff: '',
        truncated: false,
      },
      context,
    );
    expect(DiffSchema.parse(diff)).toEqual(diff);
    expectGolden(diff, goldenPath(import.meta.url, DIFFSTAT));
  });

  it('splits a raw diff into files and matches them to the diffstat', () => {
    const mapped = mapDiff(
      {
        sha: 'a'.repeat(40),
        baseSha: null,
        truncated: false,
        diff,
        diffstat: [
          {
            status: 'modified',
            lines_added: 1,
            lines_removed: 1,
            old: { path: 'src/app.ts' },
            new: { path: 'src/app.ts' },
          },
          {
            status: 'renamed',
            lines_added: 0,
            lines_removed: 0,
            old: { path: 'old name.txt' },
            new: { path: 'new name.txt' },
          },
          {
            status: 'removed',
            lines_added: 0,
            lines_removed: 1,
            old: { path: 'gone.txt' },
            new: null,
          },
          {
            status: 'merge conflict',
            lines_added: 0,
            lines_removed: 0,
            old: null,
            new: { path: 'x' },
          },
        ],
      },
      { includeRaw: false },
    );
    expect(mapped.files).toEqual([
      {
        path: 'src/app.ts',
        previousPath: null,
        status: 'modified',
        additions: 1,
        deletions: 1,
        binary: false,
        patch: '@@ -1,2 +1,2 @@\n keep\n-old\n+new\n',
      },
      {
        path: 'new name.txt',
        previousPath: 'old name.txt',
        status: 'renamed',
        additions: 0,
        deletions: 0,
        binary: false,
        patch: null,
      },
      {
        path: 'gone.txt',
        previousPath: null,
        status: 'removed',
        additions: 0,
        deletions: 1,
        binary: false,
        patch: '@@ -1 +0,0 @@\n-bye\n',
      },
      {
        path: 'x',
        previousPath: null,
        status: 'changed',
        additions: 0,
        deletions: 0,
        binary: false,
        patch: null,
      },
    ]);
  });
});

describe('mapCommit', () => {
  it('maps the recorded commit list to its golden form', () => {
    const page = wirePageSchema(WireCommitSchema).parse(corpusJson(`${COMMITS}.json`));
    const commits = page.values.map((commit) => mapCommit(commit, context));
    for (const commit of commits) expect(CommitSchema.parse(commit)).toEqual(commit);
    expectGolden(commits, goldenPath(import.meta.url, COMMITS));
  });

  it('parses the raw author and reports the author as committer when Bitbucket omits it', () => {
    const commit = mapCommit(
      WireCommitSchema.parse({
        hash: 'c'.repeat(40),
        date: '2024-01-02T03:04:05+01:00',
        message: 'Fix',
        author: { raw: 'Grace Hopper <grace@example.test>' },
        parents: [{ hash: 'd'.repeat(40) }],
      }),
      { includeRaw: false },
    );
    expect(commit).toMatchObject({
      author: { name: 'Grace Hopper', email: 'grace@example.test', login: null },
      committer: { name: 'Grace Hopper' },
      authoredAt: '2024-01-02T02:04:05Z',
      parents: ['d'.repeat(40)],
      webUrl: null,
    });
  });
});
