import { readFileSync } from 'node:fs';
import { RepositorySchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { WireRepositorySchema } from './example-schemas.js';
import { mapRepository } from './map-repository.js';

function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'),
  ) as unknown;
}

describe('mapRepository', () => {
  it('maps the wire payload to its golden normalized form', () => {
    const wire = WireRepositorySchema.parse(fixture('repository.json'));
    const mapped = mapRepository(wire, { includeRaw: false });
    expect(mapped).toEqual(fixture('repository.golden.json'));
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
  });

  it('attaches the wire payload as raw only when asked', () => {
    const wire = WireRepositorySchema.parse(fixture('repository.json'));
    expect(mapRepository(wire, { includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, { includeRaw: false })).toBe(false);
  });

  it('tolerates extra fields and rejects a missing required one', () => {
    const payload = fixture('repository.json') as Record<string, unknown>;
    expect(WireRepositorySchema.safeParse({ ...payload, brand_new_field: { x: 1 } }).success).toBe(
      true,
    );
    const { slug: _slug, ...withoutSlug } = payload;
    expect(WireRepositorySchema.safeParse(withoutSlug).success).toBe(false);
  });
});
