import { ContributorSchema, RepositorySchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
// In a provider package: '@scm/testkit/golden'.
import { expectGolden, goldenPath, readFixture } from '../golden/index.js';
import { WireContributorSchema, WireRepositorySchema, wirePageSchema } from './example-schemas.js';
import { mapContributor, mapRepository } from './map-repositories.js';

const context = { includeRaw: false };

describe('mapRepository', () => {
  it('maps the wire payload to its golden normalized form', () => {
    const wire = WireRepositorySchema.parse(readFixture(import.meta.url, 'repository'));
    const mapped = mapRepository(wire, context);
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'repository'));
  });

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireRepositorySchema.parse(readFixture(import.meta.url, 'repository'));
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
  });

  it('tolerates extra fields and rejects a missing required one', () => {
    const payload = readFixture(import.meta.url, 'repository') as Record<string, unknown>;
    expect(WireRepositorySchema.safeParse({ ...payload, brand_new_field: { x: 1 } }).success).toBe(
      true,
    );
    const { slug: _slug, ...withoutSlug } = payload;
    expect(WireRepositorySchema.safeParse(withoutSlug).success).toBe(false);
  });
});

describe('mapContributor', () => {
  it('maps a page of contributors to its golden form', () => {
    const page = wirePageSchema(WireContributorSchema).parse(
      readFixture(import.meta.url, 'contributors'),
    );
    const contributors = page.items.map((wire) => mapContributor(wire, context));
    for (const contributor of contributors)
      expect(ContributorSchema.parse(contributor)).toEqual(contributor);
    expectGolden(contributors, goldenPath(import.meta.url, 'contributors'));
  });
});
