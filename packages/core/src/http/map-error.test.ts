import { describe, expect, it } from 'vitest';
import { ScmError } from '../errors/scm-error.js';
import { defaultErrorCode, mapHttpError, mapNetworkError, providerRequestId } from './map-error.js';
import type { HttpErrorContext } from './types.js';

function context(status: number, headers: Record<string, string> = {}): HttpErrorContext {
  return {
    status,
    headers,
    body: { message: 'nope' },
    method: 'GET',
    path: '/repos/a/b',
    rateLimit: null,
    retryAfterSeconds: null,
  };
}

describe('defaultErrorCode', () => {
  it.each([
    [400, {}, 'INVALID_REQUEST'],
    [422, {}, 'INVALID_REQUEST'],
    [409, {}, 'INVALID_REQUEST'],
    [401, {}, 'INVALID_CREDENTIALS'],
    [403, {}, 'INSUFFICIENT_SCOPE'],
    [403, { 'x-ratelimit-remaining': '0' }, 'RATE_LIMITED'],
    [403, { 'retry-after': '30' }, 'RATE_LIMITED'],
    [404, {}, 'RESOURCE_NOT_FOUND'],
    [429, {}, 'RATE_LIMITED'],
    [500, {}, 'UPSTREAM_UNAVAILABLE'],
    [501, {}, 'UNSUPPORTED_ENDPOINT'],
    [502, {}, 'UPSTREAM_UNAVAILABLE'],
    [503, {}, 'UPSTREAM_UNAVAILABLE'],
    [504, {}, 'UPSTREAM_UNAVAILABLE'],
  ])('%i %o → %s', (status, headers, code) => {
    expect(defaultErrorCode(status, headers)).toBe(code);
  });
});

describe('providerRequestId', () => {
  it('reads GitHub, GitLab and Bitbucket request ids', () => {
    expect(providerRequestId({ 'x-github-request-id': 'C0DE:1234' })).toBe('C0DE:1234');
    expect(providerRequestId({ 'x-request-id': '01H' })).toBe('01H');
    expect(providerRequestId({ 'x-request-uuid': 'u-1' })).toBe('u-1');
    expect(providerRequestId({})).toBeNull();
  });
});

describe('mapHttpError', () => {
  it('builds the default error with provider, status, request id and retry-after', () => {
    const error = mapHttpError(
      { ...context(429, { 'x-github-request-id': 'R1' }), retryAfterSeconds: 12 },
      { provider: 'github' },
    );
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      provider: 'github',
      upstreamStatus: 429,
      providerRequestId: 'R1',
      retryAfterSeconds: 12,
      source: 'provider',
      retryable: true,
    });
  });

  it('consults the provider mapping first and fills what it left out', () => {
    const error = mapHttpError(context(404, { 'x-request-id': 'R2' }), {
      provider: 'gitlab',
      mapError: (ctx) =>
        ctx.status === 404
          ? new ScmError('REPOSITORY_NOT_FOUND', { message: 'no such project' })
          : undefined,
    });
    expect(error).toMatchObject({
      code: 'REPOSITORY_NOT_FOUND',
      message: 'no such project',
      provider: 'gitlab',
      upstreamStatus: 404,
      providerRequestId: 'R2',
    });
  });

  it('falls back to the default when the provider mapping returns undefined', () => {
    expect(mapHttpError(context(401), { provider: 'x', mapError: () => undefined }).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('scrubs secrets a provider mapping copied into its message', () => {
    const error = mapHttpError(context(400), {
      provider: 'x',
      secrets: ['glpat-SECRET'],
      mapError: () => new ScmError('INVALID_REQUEST', { message: 'bad token glpat-SECRET' }),
    });
    expect(error.message).not.toContain('glpat-SECRET');
  });
});

describe('mapNetworkError', () => {
  const options = { provider: 'github', method: 'GET', path: '/x', secrets: ['ghp_SECRET'] };

  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['UND_ERR_BODY_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['ECONNRESET', 'UPSTREAM_UNAVAILABLE'],
    ['UND_ERR_SOCKET', 'UPSTREAM_UNAVAILABLE'],
    ['ENOTFOUND', 'UPSTREAM_UNAVAILABLE'],
  ])('%s → %s', (networkCode, code) => {
    const error = mapNetworkError(Object.assign(new Error('boom'), { code: networkCode }), options);
    expect(error.code).toBe(code);
    expect(error.provider).toBe('github');
    expect(error.details).toMatchObject({ networkCode });
  });

  it('keeps a sanitized copy of the cause, never the original message', () => {
    const original = Object.assign(
      new Error('connect ECONNREFUSED https://u:pw9999@h.example/x?access_token=ghp_SECRET'),
      { code: 'ECONNREFUSED' },
    );
    const error = mapNetworkError(original, options);
    expect(error.cause).not.toBe(original);
    const text = `${String(error.cause)} ${JSON.stringify(error)} ${(error.cause as Error).stack ?? ''}`;
    expect(text).not.toMatch(/ghp_SECRET|pw9999/);
    expect((error.cause as Error & { code: string }).code).toBe('ECONNREFUSED');
  });
});
