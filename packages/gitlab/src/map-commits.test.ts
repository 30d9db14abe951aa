import { describe, expect, it } from 'vitest';
import { WireDiffFileSchema } from './gitlab-schemas.js';
import { mapDiffFile } from './map-commits.js';

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
