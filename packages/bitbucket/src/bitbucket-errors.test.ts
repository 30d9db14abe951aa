import type { HttpErrorContext } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createBitbucketErrorMapper } from './bitbucket-errors.js';

function context(
  status: number,
  body: unknown = null,
  headers: Record<string, string> = {},
): HttpErrorContext {
  return {
    status,
    headers,
    body,
    method: 'GET',
    path: '/repositories/a/b',
    rateLimit: null,
    retryAfterSeconds: null,
  };
}

const errorBody = (message: string): unknown => ({ type: 'error', error: { message } });

describe('createBitbucketErrorMapper', () => {
  const tokens = createBitbucketErrorMapper({ oauth: false });
  const oauth = createBitbucketErrorMapper({ oauth: true });

  it.each([
    [401, 'INVALID_CREDENTIALS'],
    [403, 'INSUFFICIENT_SCOPE'],
    [404, 'RESOURCE_NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
    [555, 'UPSTREAM_TIMEOUT'],
  ])('maps %i to %s and keeps Bitbucket’s message', (status, code) => {
    const error = tokens(context(status, errorBody('Something specific')));
    expect(error?.code).toBe(code);
    expect(error?.message).toBe('Bitbucket: Something specific');
    expect(error?.upstreamStatus).toBe(status);
  });

  it('reads a rejected OAuth token as expired, other credentials as invalid', () => {
    expect(oauth(context(401))?.code).toBe('AUTH_EXPIRED');
    expect(tokens(context(401))?.code).toBe('INVALID_CREDENTIALS');
  });

  it('reads a 403 with exhausted rate-limit headers as RATE_LIMITED', () => {
    const error = tokens(
      context(403, null, { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '1000' }),
    );
    expect(error?.code).toBe('RATE_LIMITED');
  });

  it('keeps the default message when the body is not Bitbucket’s error shape', () => {
    expect(tokens(context(404, '<html>'))?.message).toBe('The requested resource was not found.');
    expect(tokens(context(400, errorBody('bad')))).toBeUndefined();
  });

  it('turns a redirect into an error that carries its location', () => {
    const error = tokens(context(302, null, { location: 'https://api.bitbucket.org/2.0/x' }));
    expect(error?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error?.details).toMatchObject({ location: 'https://api.bitbucket.org/2.0/x' });
  });
});
