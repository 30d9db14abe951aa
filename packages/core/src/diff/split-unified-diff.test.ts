import { describe, expect, it } from 'vitest';
import { splitUnifiedDiff } from './split-unified-diff.js';

const file = (overrides: Record<string, unknown>) => ({
  previousPath: null,
  status: 'modified',
  additions: 0,
  deletions: 0,
  binary: false,
  patch: null,
  ...overrides,
});

describe('splitUnifiedDiff', () => {
  it('reads modified, added binary, renamed (paths with spaces) and removed files', () => {
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
    expect(splitUnifiedDiff(diff)).toEqual([
      file({
        path: 'src/app.ts',
        additions: 1,
        deletions: 1,
        patch: '@@ -1,2 +1,2 @@\n keep\n-old\n+new\n',
      }),
      file({ path: 'logo.png', status: 'added', binary: true }),
      file({ path: 'new name.txt', previousPath: 'old name.txt', status: 'renamed' }),
      file({ path: 'gone.txt', status: 'removed', deletions: 1, patch: '@@ -1 +0,0 @@\n-bye\n' }),
    ]);
  });

  it('reads a rename with hunks, a copy, a changed binary and a path containing " b/"', () => {
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
      'diff --git a/x.ts b/y.ts',
      'similarity index 100%',
      'copy from x.ts',
      'copy to y.ts',
      'diff --git a/logo.png b/logo.png',
      'index 1111111..2222222 100644',
      'Binary files a/logo.png and b/logo.png differ',
      'diff --git a/a b/c.bin b/a b/c.bin',
      'new file mode 100644',
      'Binary files /dev/null and b/a b/c.bin differ',
      '',
    ].join('\n');
    expect(splitUnifiedDiff(diff)).toEqual([
      file({
        path: 'new/name.ts',
        previousPath: 'old/name.ts',
        status: 'renamed',
        additions: 1,
        deletions: 1,
        patch: '@@ -1 +1 @@\n-a\n+b\n',
      }),
      file({ path: 'y.ts', previousPath: 'x.ts', status: 'copied' }),
      file({ path: 'logo.png', binary: true }),
      file({ path: 'a b/c.bin', status: 'added', binary: true }),
    ]);
  });

  it('ignores text before the first file and keeps "---" lines inside a hunk as deletions', () => {
    const diff =
      'preamble\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n--- not a header\n';
    expect(splitUnifiedDiff(diff)).toEqual([
      file({ path: 'f', deletions: 1, patch: '@@ -1 +0,0 @@\n--- not a header\n' }),
    ]);
    expect(splitUnifiedDiff('')).toEqual([]);
  });

  it('splits hostile diffs (long headers, many headers) in one pass', () => {
    const longHeader = `diff --git ${'a/'.repeat(50_000)}\n${'+++ '.repeat(25_000)}\n${'@@\n'.repeat(100_000)}`;
    expect(splitUnifiedDiff(longHeader)).toHaveLength(1);
    const manyHeaders = `diff --git a/x b/x\n@@${'+'.repeat(100_000)}\n${'diff --git '.repeat(5_000)}`;
    expect(splitUnifiedDiff(manyHeaders)).toHaveLength(2);
  });
});
