import { ContributorSchema, RepositorySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireContributorSchema, WireProjectSchema } from './gitlab-schemas.js';
import { mapContributor, mapRepository } from './map-repositories.js';

// __fixtures__/project.json is the "Get a single project" example of GitLab's API docs
// (https://docs.gitlab.com/api/projects/), trimmed of fields the adapter does not read;
// contributors.json the "Contributors" example (https://docs.gitlab.com/api/repositories/).
const fixture = (name: string): unknown => readFixture(import.meta.url, name);
const context = { includeRaw: false, webBase: 'http://example.com' };

describe('mapRepository', () => {
  it('maps a project to its golden normalized form', () => {
    const mapped = mapRepository(WireProjectSchema.parse(fixture('project')), context);
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'project'));
  });

  it('names a subgroup project by its full path and owner namespace', () => {
    const payload = fixture('project') as Record<string, unknown>;
    const mapped = mapRepository(
      WireProjectSchema.parse({
        ...payload,
        path_with_namespace: 'acme/platform/site',
        path: 'site',
        namespace: { full_path: 'acme/platform', kind: 'group' },
      }),
      context,
    );
    expect([mapped.fullName, mapped.owner, mapped.name]).toEqual([
      'acme/platform/site',
      'acme/platform',
      'site',
    ]);
  });

  it('attaches the wire payload as raw only when asked, and tolerates extra fields', () => {
    const wire = WireProjectSchema.parse({ ...(fixture('project') as object), brand_new: 1 });
    expect(mapRepository(wire, { ...context, includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
    const { path_with_namespace: _dropped, ...without } = fixture('project') as Record<
      string,
      unknown
    >;
    expect(WireProjectSchema.safeParse(without).success).toBe(false);
  });
});

describe('mapContributor', () => {
  it('maps contributors to their golden form: git identities, no account', () => {
    const contributors = z
      .array(WireContributorSchema)
      .parse(fixture('contributors'))
      .map((wire) => mapContributor(wire, context));
    for (const contributor of contributors)
      expect(ContributorSchema.parse(contributor)).toEqual(contributor);
    expect(contributors.every((contributor) => contributor.login === null)).toBe(true);
    expectGolden(contributors, goldenPath(import.meta.url, 'contributors'));
  });
});
