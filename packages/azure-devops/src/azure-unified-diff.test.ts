import { splitUnifiedDiff } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { unifiedHunk } from './azure-unified-diff.js';

describe('unifiedHunk', () => {
  it('writes one hunk with three context lines each side', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n') + '\n';
    expect(unifiedHunk(before, after)).toEqual({
      patch: '@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n',
      additions: 1,
      deletions: 1,
    });
  });

  it('writes an added and a removed file from and to nothing', () => {
    expect(unifiedHunk('', 'x\ny\n')).toEqual({
      patch: '@@ -0,0 +1,2 @@\n+x\n+y\n',
      additions: 2,
      deletions: 0,
    });
    expect(unifiedHunk('x\n', '')).toEqual({
      patch: '@@ -1 +0,0 @@\n-x\n',
      additions: 0,
      deletions: 1,
    });
    expect(unifiedHunk('same\n', 'same\n')).toEqual({ patch: '', additions: 0, deletions: 0 });
  });

  it('is read back by core’s unified diff reader with the same counts', () => {
    const { patch, additions, deletions } = unifiedHunk('1\n2\n3\n', '1\nx\ny\n3\n');
    const [file] = splitUnifiedDiff(
      `diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n${patch}`,
    );
    expect(file).toMatchObject({ path: 'f.txt', additions, deletions, patch });
  });

  it('stays linear on a hostile 100k-line input', () => {
    const big = 'x\n'.repeat(100_000);
    const started = performance.now();
    const hunk = unifiedHunk(big, `${big}y\n`);
    expect(hunk.additions).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
