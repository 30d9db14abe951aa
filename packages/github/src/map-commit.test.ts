import { renderUnifiedDiff } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { mapDiffEntry, splitUnifiedDiff } from './map-commit.js';

describe('mapDiffEntry', () => {
  const entry = { filename: 'a.bin', status: 'modified', additions: 0, deletions: 0 };

  it('takes a changed file without patch or lines as binary', () => {
    expect(mapDiffEntry(entry)).toMatchObject({ binary: true, patch: null });
  });

  it('does not take a pure rename, or a too-large text diff, as binary', () => {
    expect(mapDiffEntry({ ...entry, status: 'renamed', previous_filename: 'b.bin' })).toMatchObject(
      { binary: false, previousPath: 'b.bin', status: 'renamed' },
    );
    expect(mapDiffEntry({ ...entry, additions: 20_000 })).toMatchObject({
      binary: false,
      patch: null,
    });
  });
});

describe('splitUnifiedDiff', () => {
  it('gives back each file of a git diff with the patch GitHub’s files list would carry', () => {
    const files = [
      {
        path: 'src/a.ts',
        previousPath: null,
        status: 'modified' as const,
        additions: 1,
        deletions: 1,
        binary: false,
        patch: '@@ -1,2 +1,2 @@\n-old\n+new\n context\n',
      },
      {
        path: 'docs/new.md',
        previousPath: null,
        status: 'added' as const,
        additions: 2,
        deletions: 0,
        binary: false,
        patch: '@@ -0,0 +1,2 @@\n+# Title\n+text\n',
      },
      {
        path: 'gone.txt',
        previousPath: null,
        status: 'removed' as const,
        additions: 0,
        deletions: 1,
        binary: false,
        patch: '@@ -1 +0,0 @@\n-bye\n',
      },
    ];
    expect(splitUnifiedDiff(renderUnifiedDiff(files))).toEqual(files);
  });

  it('reads renames and binary files from the extended headers', () => {
    const diff = [
      'diff --git a/old/name.ts b/new/name.ts',
      'similarity index 90%',
      'rename from old/name.ts',
      'rename to new/name.ts',
      '--- a/old/name.ts',
      '+++ b/new/name.ts',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/logo.png b/logo.png',
      'index 1111111..2222222 100644',
      'Binary files a/logo.png and b/logo.png differ',
      '',
    ].join('\n');
    expect(splitUnifiedDiff(diff)).toEqual([
      {
        path: 'new/name.ts',
        previousPath: 'old/name.ts',
        status: 'renamed',
        additions: 1,
        deletions: 1,
        binary: false,
        patch: '@@ -1 +1 @@\n-a\n+b\n',
      },
      {
        path: 'logo.png',
        previousPath: null,
        status: 'modified',
        additions: 0,
        deletions: 0,
        binary: true,
        patch: null,
      },
    ]);
  });

  it('splits a hostile 100k-character diff in linear time', () => {
    const hostile = `diff --git a/x b/x\n@@${'+'.repeat(100_000)}\n${'diff --git '.repeat(5_000)}`;
    const started = performance.now();
    splitUnifiedDiff(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
