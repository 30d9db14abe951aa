import { describe, expect, it } from 'vitest';
import { hashScope } from './scope-hash.js';
import { baseScope } from './test-helpers.js';

describe('hashScope', () => {
  it('is 43 base64url characters (SHA-256) and stable', () => {
    const hash = hashScope(baseScope);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashScope({ ...baseScope })).toBe(hash);
  });

  it('ignores key order and undefined values', () => {
    const reordered = {
      principal: baseScope.principal,
      limit: baseScope.limit,
      filters: { branch: 'main', state: 'open', path: undefined },
      repo: baseScope.repo,
      provider: baseScope.provider,
      endpoint: baseScope.endpoint,
    };
    expect(hashScope(reordered)).toBe(hashScope(baseScope));
    const { repo: _repo, ...withoutRepo } = baseScope;
    expect(hashScope({ ...withoutRepo, repo: undefined })).toBe(hashScope(withoutRepo));
  });

  it('tells types apart', () => {
    const hashOf = (value: string | number | boolean | null): string =>
      hashScope({ ...baseScope, filters: { x: value } });
    const hashes = [
      hashOf('1'),
      hashOf(1),
      hashOf('true'),
      hashOf(true),
      hashOf('null'),
      hashOf(null),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashScope({ ...baseScope, limit: Number.NaN })).not.toBe(
      hashScope({ ...baseScope, limit: Number.POSITIVE_INFINITY }),
    );
  });

  it('cannot be confused by separators inside keys or values', () => {
    expect(hashScope({ ...baseScope, filters: { a: 'b,c' } })).not.toBe(
      hashScope({ ...baseScope, filters: { a: 'b', c: '' } }),
    );
    expect(hashScope({ ...baseScope, filters: { 'a":"b': 'c' } })).not.toBe(
      hashScope({ ...baseScope, filters: { a: 'b":"c' } }),
    );
    expect(hashScope({ ...baseScope, filters: { principal: 'x' }, principal: 'y' })).not.toBe(
      hashScope({ ...baseScope, filters: { principal: 'y' }, principal: 'x' }),
    );
  });

  it('refuses values it cannot canonicalize', () => {
    const filters = { labels: ['a'] } as unknown as Record<string, string>;
    expect(() => hashScope({ ...baseScope, filters })).toThrow(TypeError);
  });
});
