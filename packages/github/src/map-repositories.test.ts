import { ContributorSchema, RepositorySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireContributorSchema, WireRepositorySchema } from './github-schemas.js';
import { mapContributor, mapRepository } from './map-repositories.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapRepository against GitHub’s own examples', () => {
  it('maps full-repository to __fixtures__/repository.golden.json', () => {
    const mapped = mapRepository(
      WireRepositorySchema.parse(readFixture(import.meta.url, 'repository')),
      context,
    );
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'repository'));
  });

  it('maps minimal-repository-items to __fixtures__/repositories.golden.json', () => {
    const mapped = z
      .array(WireRepositorySchema)
      .parse(readFixture(import.meta.url, 'repositories'))
      .map((wire) => mapRepository(wire, context));
    expect(z.array(RepositorySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'repositories'));
  });

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireRepositorySchema.parse(readFixture(import.meta.url, 'repository'));
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
  });

  it('tolerates extra fields and rejects a payload missing a field it maps', () => {
    const payload = readFixture(import.meta.url, 'repository') as Record<string, unknown>;
    expect(WireRepositorySchema.safeParse({ ...payload, brand_new_field: { x: 1 } }).success).toBe(
      true,
    );
    const { full_name: _fullName, ...withoutFullName } = payload;
    expect(WireRepositorySchema.safeParse(withoutFullName).success).toBe(false);
  });
});

describe('mapContributor against GitHub’s own examples', () => {
  it('maps contributor-items-response-if-repository-contains-content to __fixtures__/contributors.golden.json', () => {
    const mapped = z
      .array(WireContributorSchema)
      .parse(readFixture(import.meta.url, 'contributors'))
      .map((wire) => mapContributor(wire, context));
    expect(z.array(ContributorSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'contributors'));
  });
});
