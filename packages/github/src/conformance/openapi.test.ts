import { describe, expect, it } from 'vitest';
import { loadGitHubOpenApi, toJsonSchema } from './openapi.js';

describe('toJsonSchema', () => {
  it('turns OpenAPI nullable into JSON Schema null', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toJsonSchema({ nullable: true, allOf: [{ $ref: '#/components/schemas/x' }] })).toEqual({
      anyOf: [{ allOf: [{ $ref: 'github-openapi#/components/schemas/x' }] }, { type: 'null' }],
    });
  });

  it('keeps properties named like OpenAPI keywords', () => {
    expect(toJsonSchema({ properties: { example: { type: 'string', example: 'x' } } })).toEqual({
      properties: { example: { type: 'string' } },
    });
  });
});

describe('loadGitHubOpenApi', () => {
  const openapi = loadGitHubOpenApi();

  it('matches routes with literal segments before parameters', () => {
    expect(openapi.match('GET', '/repos/acme/api')?.operationId).toBe('repos/get');
    expect(openapi.match('GET', '/user/repos')?.operationId).toBe(
      'repos/list-for-authenticated-user',
    );
    expect(openapi.match('GET', '/users/octocat/repos')?.operationId).toBe('repos/list-for-user');
    expect(openapi.match('GET', '/no/such/endpoint')).toBeUndefined();
  });

  it('rejects a body that breaks the schema and an undocumented status', () => {
    const operation = openapi.match('GET', '/user/keys');
    expect(operation).toBeDefined();
    if (operation === undefined) return;
    const key = {
      id: 1,
      key: 'ssh-ed25519 AAAA',
      url: 'https://api.github.com/user/keys/1',
      title: 't',
      created_at: '2024-01-01T00:00:00Z',
      verified: true,
      read_only: false,
    };
    expect(openapi.check(operation, 200, 'application/json', [key]).errors).toEqual([]);
    expect(openapi.check(operation, 200, 'application/json', [{ ...key, id: '1' }]).errors).toEqual(
      ['/0/id type must be integer'],
    );
    expect(
      openapi.check(operation, 200, 'application/json', [{ ...key, created_at: 'yesterday' }])
        .errors,
    ).toEqual(['/0/created_at format must match format "date-time"']);
    expect(openapi.check(operation, 418, 'application/json', {}).documented).toBe(false);
  });
});
