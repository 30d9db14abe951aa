import { RepositorySchema } from '@scm/core';
import { expectGolden, goldenPath } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { WireRepositorySchema } from './bitbucket-schemas.js';
import { corpusJson } from './conformance/corpora.js';
import { mapRepository } from './map-repositories.js';

// A recorded bitbucket.org response (fixtures/bitbucket/api/, MIT, see fixtures/SOURCES.md).
const REPOSITORY = 'api/2.0-repositories-amuniz-test-repos';
const recorded = corpusJson(`${REPOSITORY}.json`) as Record<string, unknown>;

describe('mapRepository', () => {
  it('maps the recorded payload to its golden normalized form', () => {
    const mapped = mapRepository(WireRepositorySchema.parse(recorded), { includeRaw: false });
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, REPOSITORY));
  });

  it('reads private repositories, forks, and strips the caller’s name from the clone URL', () => {
    const mapped = mapRepository(
      WireRepositorySchema.parse({
        ...recorded,
        is_private: true,
        parent: { full_name: 'up/stream' },
      }),
      { includeRaw: false },
    );
    expect(mapped).toMatchObject({
      visibility: 'private',
      fork: true,
      cloneUrl: 'https://bitbucket.org/amuniz/test-repos.git',
    });
  });

  it('attaches raw only when asked, tolerates extra fields and rejects a missing required one', () => {
    const wire = WireRepositorySchema.parse(recorded);
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, { includeRaw: false })).toBe(false);
    expect(WireRepositorySchema.safeParse({ ...recorded, brand_new_field: { x: 1 } }).success).toBe(
      true,
    );
    const { uuid: _uuid, ...withoutUuid } = recorded;
    expect(WireRepositorySchema.safeParse(withoutUuid).success).toBe(false);
  });
});
