import { ContributorSchema, RepositorySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiExample } from './conformance/octokit-data.js';
import { WireContributorSchema, WireRepositorySchema } from './github-schemas.js';
import { mapContributor, mapRepository } from './map-repositories.js';

// Inputs: GitHub's own response examples (@octokit/openapi); outputs: __fixtures__/*.golden.json.
const context = { includeRaw: false };

describe('mapRepository against GitHub’s own examples', () => {
  it('maps full-repository to __fixtures__/repository.golden.json', () => {
    const mapped = mapRepository(
      WireRepositorySchema.parse(openApiExample('full-repository')),
      context,
    );
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'repository'));
  });

  it('maps minimal-repository-items to __fixtures__/repositories.golden.json', () => {
    const mapped = z
      .array(WireRepositorySchema)
      .parse(openApiExample('minimal-repository-items'))
      .map((wire) => mapRepository(wire, context));
    expect(z.array(RepositorySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'repositories'));
  });

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireRepositorySchema.parse(openApiExample('full-repository'));
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
  });

  it('tolerates extra fields and rejects a payload missing a field it maps', () => {
    const payload = openApiExample('full-repository') as Record<string, unknown>;
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
      .parse(openApiExample('contributor-items-response-if-repository-contains-content'))
      .map((wire) => mapContributor(wire, context));
    expect(z.array(ContributorSchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'contributors'));
  });
});
