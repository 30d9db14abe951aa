import { describe, expect, it } from 'vitest';
import { corpusJson } from './corpora.js';
import { createOpenApiValidator, lenient } from './openapi-validator.js';

describe('the lenient OpenAPI validator', () => {
  const openapi = createOpenApiValidator();

  it('matches concrete paths to the most specific template, including paths with slashes in the last parameter', () => {
    expect(openapi.match('GET', '/repositories/a/b')).toBe('/repositories/{workspace}/{repo_slug}');
    expect(openapi.match('GET', '/repositories/a/b/commit/abc/statuses')).toBe(
      '/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses',
    );
    expect(openapi.match('GET', '/repositories/a/b/diff/a/b:1%0D2')).toBe(
      '/repositories/{workspace}/{repo_slug}/diff/{spec}',
    );
    expect(openapi.match('GET', '/repositories/a/b/src/abc/')).toBe(
      '/repositories/{workspace}/{repo_slug}/src/{commit}/{path}',
    );
    expect(openapi.match('GET', '/no/such/path')).toBeUndefined();
  });

  it('accepts a recorded response and rejects a wrong type', () => {
    const validate = openapi.validator('GET', '/repositories/{workspace}/{repo_slug}', 200);
    const recorded = corpusJson('api/2.0-repositories-amuniz-test-repos.json') as Record<
      string,
      unknown
    >;
    expect(validate?.(recorded)).toBe(true);
    expect(validate?.({ ...recorded, is_private: 'no' })).toBe(false);
    expect(validate?.({ ...recorded, created_on: 'yesterday' })).toBe(false);
  });

  it('falls back to Bitbucket’s error body for an undocumented error status', () => {
    const validate = openapi.validator('GET', '/user', 418);
    expect(validate?.({ type: 'error', error: { message: 'x' } })).toBe(true);
    expect(validate?.({ type: 'error', error: 'x' })).toBe(false);
  });

  it('drops additionalProperties: false and allows null, nothing more', () => {
    expect(
      lenient({
        type: 'object',
        additionalProperties: false,
        properties: { a: { type: 'string', enum: ['x'] } },
      }),
    ).toEqual({
      type: ['object', 'null'],
      properties: { a: { type: ['string', 'null'], enum: ['x', null] } },
    });
  });
});
