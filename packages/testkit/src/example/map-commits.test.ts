import { CommitSchema, DiffSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireCommitSchema, WireDiffSchema, wirePageSchema } from './example-schemas.js';
import { mapCommit, mapDiff } from './map-commits.js';

const context = { includeRaw: false };

describe('mapCommit', () => {
  it('maps a page of commits to its golden form', () => {
    const page = wirePageSchema(WireCommitSchema).parse(readFixture(import.meta.url, 'commits'));
    const commits = page.items.map((wire) => mapCommit(wire, context));
    for (const commit of commits) expect(CommitSchema.parse(commit)).toEqual(commit);
    expectGolden(commits, goldenPath(import.meta.url, 'commits'));
  });
});

describe('mapDiff', () => {
  it('maps a commit diff to its golden form', () => {
    const diff = mapDiff(
      WireDiffSchema.parse(readFixture(import.meta.url, 'commit-diff')),
      context,
    );
    expect(DiffSchema.parse(diff)).toEqual(diff);
    expectGolden(diff, goldenPath(import.meta.url, 'commit-diff'));
  });

  it('reads every change kind, and has no patch for a binary file', () => {
    const file = {
      path: 'logo.png',
      old_path: null,
      added_lines: 0,
      removed_lines: 0,
      is_binary: true,
      hunks: 'Binary files differ',
    };
    const wire = WireDiffSchema.parse({
      head_sha: null,
      base_sha: null,
      truncated: true,
      files: (['add', 'modify', 'delete', 'rename', 'copy'] as const).map((change) => ({
        ...file,
        change,
      })),
    });
    const diff = mapDiff(wire, context);
    expect(diff.files.map((entry) => entry.status)).toEqual([
      'added',
      'modified',
      'removed',
      'renamed',
      'copied',
    ]);
    expect(diff.files.every((entry) => entry.patch === null && entry.binary)).toBe(true);
    expect(diff.truncated).toBe(true);
  });
});
