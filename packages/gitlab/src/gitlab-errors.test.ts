import type { HttpErrorContext } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { mapGitLabError } from './gitlab-errors.js';

function context(
  status: number,
  body: unknown,
  extra: Partial<HttpErrorContext> = {},
): HttpErrorContext {
  return {
    status,
    headers: {},
    body,
    method: 'GET',
    path: '/api/v4/projects/acme%2Fapi/repository/branches',
    rateLimit: null,
    retryAfterSeconds: null,
    ...extra,
  };
}
const codeOf = (ctx: HttpErrorContext): string | undefined => mapGitLabError(ctx)?.code;

describe('mapGitLabError', () => {
  it('tells an expired or revoked OAuth token from unknown credentials', () => {
    const expired = {
      error: 'invalid_token',
      error_description: 'Token is expired. You can either do re-authorization or token refresh.',
    };
    const revoked = {
      error: 'invalid_token',
      error_description: 'Token was revoked. You have to re-authorize from the user.',
    };
    expect(codeOf(context(401, expired))).toBe('AUTH_EXPIRED');
    expect(codeOf(context(401, revoked))).toBe('AUTH_EXPIRED');
    expect(codeOf(context(401, { message: '401 Unauthorized' }))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(context(401, 'not json'))).toBe('INVALID_CREDENTIALS');
  });

  it('reads 403 bodies: scope, policy, permission; rate limits are left to core', () => {
    expect(
      codeOf(
        context(403, {
          error: 'insufficient_scope',
          error_description:
            'The request requires higher privileges than provided by the access token.',
          scope: 'api',
        }),
      ),
    ).toBe('INSUFFICIENT_SCOPE');
    expect(
      codeOf(
        context(403, {
          message: '403 Forbidden - Your IP address is not allowed to access this group',
        }),
      ),
    ).toBe('ACCESS_BLOCKED_BY_POLICY');
    expect(codeOf(context(403, { message: '403 Forbidden' }))).toBe('INSUFFICIENT_SCOPE');
    expect(
      codeOf(
        context(403, { message: '403 Forbidden' }, { headers: { 'ratelimit-remaining': '0' } }),
      ),
    ).toBeUndefined();
  });

  it('tells a missing project from another missing resource', () => {
    expect(codeOf(context(404, { message: '404 Project Not Found' }))).toBe('REPOSITORY_NOT_FOUND');
    expect(
      codeOf(
        context(
          404,
          { message: '404 Not found' },
          { path: '/api/v4/projects/acme%2Fapi?license=true' },
        ),
      ),
    ).toBe('REPOSITORY_NOT_FOUND');
    expect(codeOf(context(404, { message: '404 Branch Not Found' }))).toBe('RESOURCE_NOT_FOUND');
    expect(
      codeOf(context(404, { message: '404 Not found' }, { path: '/api/v4/projects/7/hooks/9' })),
    ).toBe('RESOURCE_NOT_FOUND');
  });

  it('leaves 429 and 5xx to core', () => {
    expect(codeOf(context(429, 'Retry later'))).toBeUndefined();
    expect(codeOf(context(502, { message: '502 Bad Gateway' }))).toBeUndefined();
  });
});
