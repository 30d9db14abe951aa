import { BranchSchema, ReleaseSchema, TagSchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import {
  WireBranchSchema,
  WireReleaseSchema,
  WireTagSchema,
  wirePageSchema,
} from './example-schemas.js';
import { mapBranch, mapRelease, mapTag } from './map-refs.js';

const context = { includeRaw: false };

/** A page fixture through its wire schema and a mapper, each item valid against core's schema. */
function mapPage<W, T>(
  name: string,
  wire: z.ZodType<W>,
  map: (item: W, context: { includeRaw: boolean }) => T,
  schema: z.ZodType,
): T[] {
  const page = wirePageSchema(wire).parse(readFixture(import.meta.url, name));
  const mapped = page.items.map((item) => map(item, context));
  for (const item of mapped) expect(schema.parse(item)).toEqual(item);
  return mapped;
}

describe('map-refs', () => {
  it('maps branches to their golden form, the default branch marked', () => {
    const branches = mapPage('branches', WireBranchSchema, mapBranch, BranchSchema);
    expect(branches.filter((branch) => branch.isDefault)).toHaveLength(1);
    expectGolden(branches, goldenPath(import.meta.url, 'branches'));
  });

  it('maps tags to their golden form', () => {
    expectGolden(
      mapPage('tags', WireTagSchema, mapTag, TagSchema),
      goldenPath(import.meta.url, 'tags'),
    );
  });

  it('maps releases, published and draft or prerelease, to their golden form', () => {
    expectGolden(
      mapPage('releases', WireReleaseSchema, mapRelease, ReleaseSchema),
      goldenPath(import.meta.url, 'releases'),
    );
  });
});
