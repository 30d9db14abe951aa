import { BranchSchema, ReleaseSchema, TagSchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { WireBranchSchema, WireReleaseSchema, WireTagSchema } from './gitlab-schemas.js';
import { mapBranch, mapRelease, mapTag } from './map-refs.js';

// The fixtures follow the examples of GitLab's API docs (https://docs.gitlab.com/api/branches/,
// …/tags/, …/releases/), each with a second, sparser item as older instances send.
const context = { includeRaw: false, webBase: 'https://gitlab.example.com' };

describe('mapBranch', () => {
  it('maps branches to their golden form; a missing protected or default flag is null', () => {
    const branches = z
      .array(WireBranchSchema)
      .parse(readFixture(import.meta.url, 'branches'))
      .map((wire) => mapBranch(wire, context));
    for (const branch of branches) expect(BranchSchema.parse(branch)).toEqual(branch);
    expect(branches[1]).toMatchObject({ protected: false, isDefault: null });
    expectGolden(branches, goldenPath(import.meta.url, 'branches'));
  });
});

describe('mapTag', () => {
  it('maps tags to their golden form, with the commit sha, not the tag object’s', () => {
    const tags = z
      .array(WireTagSchema)
      .parse(readFixture(import.meta.url, 'tags'))
      .map((wire) => mapTag(wire, context));
    for (const tag of tags) expect(TagSchema.parse(tag)).toEqual(tag);
    expect(tags[1]?.sha).toBe('60a8ff033665e1207714d6670fcd7b65304ec02f');
    expectGolden(tags, goldenPath(import.meta.url, 'tags'));
  });
});

describe('mapRelease', () => {
  it('maps releases to their golden form: the tag is the id, an upcoming release a pre-release', () => {
    const releases = z
      .array(WireReleaseSchema)
      .parse(readFixture(import.meta.url, 'releases'))
      .map((wire) => mapRelease(wire, context));
    for (const release of releases) expect(ReleaseSchema.parse(release)).toEqual(release);
    expect(releases.map((release) => [release.id, release.draft, release.prerelease])).toEqual([
      ['v0.2', false, false],
      ['v0.3', false, true],
    ]);
    expectGolden(releases, goldenPath(import.meta.url, 'releases'));
  });
});
