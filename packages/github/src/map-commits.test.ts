import { CommitSchema, DiffFileSchema, splitUnifiedDiff } from '@scm/core';
import { renderUnifiedDiff } from '@scm/testkit';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireCommitSchema, WireCommitWithFilesSchema } from './github-schemas.js';
import { mapCommit, mapDiffEntry } from './map-commits.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapCommit and mapDiffEntry against GitHub’s own examples', () => {
  it('maps commit-items to __fixtures__/commits.golden.json', () => {
    const mapped = z
      .array(WireCommitSchema)
      .parse(readFixture(import.meta.url, 'commits'))
      .map((wire) => mapCommit(wire, context));
    expect(z.array(CommitSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'commits'));
  });

  it('maps commit to __fixtures__/commit-files.golden.json', () => {
    const mapped = (
      WireCommitWithFilesSchema.parse(readFixture(import.meta.url, 'commit-files')).files ?? []
    ).map(mapDiffEntry);
    expect(z.array(DiffFileSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'commit-files'));
  });
});

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
