import { readFileSync } from 'node:fs';
import { RepositorySchema } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { WireProjectSchema } from './gitlab-schemas.js';
import { mapRepository } from './map-repositories.js';

// __fixtures__/project.json is the "Get a single project" example of GitLab's API docs
// (https://docs.gitlab.com/api/projects/), trimmed of fields the adapter does not read.
function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'),
  ) as unknown;
}
const context = { includeRaw: false, webBase: 'http://example.com' };

describe('mapRepository', () => {
  it('maps a project to its golden normalized form', () => {
    const mapped = mapRepository(WireProjectSchema.parse(fixture('project.json')), context);
    expect(mapped).toEqual(fixture('project.golden.json'));
    expect(RepositorySchema.parse(mapped)).toEqual(mapped);
  });

  it('names a subgroup project by its full path and owner namespace', () => {
    const payload = fixture('project.json') as Record<string, unknown>;
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
    const wire = WireProjectSchema.parse({ ...(fixture('project.json') as object), brand_new: 1 });
    expect(mapRepository(wire, { ...context, includeRaw: true }).raw).toBe(wire);
    expect('raw' in mapRepository(wire, context)).toBe(false);
    const { path_with_namespace: _dropped, ...without } = fixture('project.json') as Record<
      string,
      unknown
    >;
    expect(WireProjectSchema.safeParse(without).success).toBe(false);
  });
});
