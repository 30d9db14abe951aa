import { splitUnifiedDiff } from '@scm/core';
import { renderUnifiedDiff } from '@scm/testkit';
import { describe, expect, it } from 'vitest';
import { mapDiffEntry } from './map-commit.js';

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

// core's splitUnifiedDiff reads back what the simulator's diff media type renders.
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
});
