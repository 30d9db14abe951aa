import type { HttpErrorContext } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createGitHubErrorMapper } from './github-errors.js';

function context(
  status: number,
  headers: Record<string, string> = {},
  body: unknown = { message: 'x', documentation_url: 'https://docs.github.com/rest' },
  path = '/repos/acme/api/branches',
): HttpErrorContext {
  return { status, headers, body, method: 'GET', path, rateLimit: null, retryAfterSeconds: null };
}

const tokenMapper = createGitHubErrorMapper('token');

describe('createGitHubErrorMapper', () => {
  it('turns a redirect into an error carrying its location, for the provider to follow', () => {
    const error = tokenMapper(
      context(301, { location: 'https://api.github.com/repositories/1000' }, {}, '/repos/a/b'),
    );
    expect([error?.code, error?.details?.location]).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'https://api.github.com/repositories/1000',
    ]);
  });

  it('reads a 401 by the kind of credential', () => {
    expect(tokenMapper(context(401))?.code).toBe('INVALID_CREDENTIALS');
    expect(createGitHubErrorMapper('oauth')(context(401))?.code).toBe('AUTH_EXPIRED');
    expect(createGitHubErrorMapper('app')(context(401))?.code).toBe('AUTH_EXPIRED');
  });

  it('maps the primary rate limit (403, remaining 0) and keeps the wait the transport computed', () => {
    const error = tokenMapper({
      ...context(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' }),
      retryAfterSeconds: 1200,
    });
    expect([error?.code, error?.retryAfterSeconds]).toEqual(['RATE_LIMITED', 1200]);
  });

  it('maps secondary limits: 429, 403 with retry-after, and 403 that only names the docs', () => {
    expect(
      tokenMapper({ ...context(429, { 'retry-after': '30' }), retryAfterSeconds: 30 })
        ?.retryAfterSeconds,
    ).toBe(30);
    expect(tokenMapper(context(403, { 'retry-after': '5' }))?.code).toBe('RATE_LIMITED');
    const bodyOnly = tokenMapper(
      context(
        403,
        {},
        {
          message: 'You have exceeded a secondary rate limit.',
          documentation_url:
            'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      ),
    );
    expect([bodyOnly?.code, bodyOnly?.retryAfterSeconds]).toEqual(['RATE_LIMITED', 60]);
  });

  it('tells a missing scope from another 403 by the scope headers', () => {
    const missing = tokenMapper(
      context(403, {
        'x-oauth-scopes': 'repo',
        'x-accepted-oauth-scopes': 'read:public_key, user',
      }),
    );
    expect([missing?.code, missing?.message]).toEqual([
      'INSUFFICIENT_SCOPE',
      'The token needs one of these scopes: read:public_key, user.',
    ]);
    const granted = tokenMapper(
      context(403, { 'x-oauth-scopes': 'repo, read:org', 'x-accepted-oauth-scopes': 'read:org' }),
    );
    expect(granted?.message).not.toContain('needs one of these scopes');
    expect(
      tokenMapper(
        context(403, { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso' }),
      )?.code,
    ).toBe('AUTH_REQUIRED');
  });

  it('names a 404 on the repository itself REPOSITORY_NOT_FOUND and any other RESOURCE_NOT_FOUND', () => {
    const at = (path: string): string | undefined =>
      tokenMapper(context(404, {}, { message: 'Not Found' }, path))?.code;
    expect(at('/repos/acme/api')).toBe('REPOSITORY_NOT_FOUND');
    expect(at('/api/v3/repos/acme/api')).toBe('REPOSITORY_NOT_FOUND');
    expect(at('/repositories/1296269')).toBe('REPOSITORY_NOT_FOUND');
    expect(at('/repos/acme/api/hooks/12')).toBe('RESOURCE_NOT_FOUND');
    expect(at('/user/keys')).toBe('RESOURCE_NOT_FOUND');
  });

  it('reads a 422 on a commit read as a missing commit, and other 422s as core does', () => {
    const read = (path: string, method: 'GET' | 'POST' = 'GET') =>
      tokenMapper({
        ...context(422, {}, { message: 'No commit found for SHA: abc' }, path),
        method,
      })?.code;
    expect(read('/repos/acme/api/commits/abc')).toBe('RESOURCE_NOT_FOUND');
    expect(read('/repositories/12/commits/main/check-runs')).toBe('RESOURCE_NOT_FOUND');
    expect(read('/search/issues')).toBeUndefined();
    expect(read('/repos/acme/api/statuses/abc', 'POST')).toBeUndefined();
  });

  it('leaves 5xx and the rest to core’s mapping', () => {
    expect(tokenMapper(context(502))).toBeUndefined();
    expect(tokenMapper(context(422))).toBeUndefined();
  });
});
