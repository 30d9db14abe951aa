import { BranchSchema, ReleaseSchema, TagSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireBranchSchema, WireReleaseSchema, WireTagSchema } from './github-schemas.js';
import { mapBranch, mapRelease, mapTag } from './map-refs.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapBranch, mapTag and mapRelease against GitHub’s own examples', () => {
  it('maps short-branch-with-protection-items to __fixtures__/branches.golden.json', () => {
    const mapped = z
      .array(WireBranchSchema)
      .parse(readFixture(import.meta.url, 'branches'))
      .map((wire) => mapBranch(wire, context));
    expect(z.array(BranchSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'branches'));
  });

  it('maps tag-items to __fixtures__/tags.golden.json', () => {
    const mapped = z
      .array(WireTagSchema)
      .parse(readFixture(import.meta.url, 'tags'))
      .map((wire) => mapTag(wire, context));
    expect(z.array(TagSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'tags'));
  });

  it('maps release to __fixtures__/release.golden.json', () => {
    const mapped = mapRelease(
      WireReleaseSchema.parse(readFixture(import.meta.url, 'release')),
      context,
    );
    expect(ReleaseSchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'release'));
  });
});
