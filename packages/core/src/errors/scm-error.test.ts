import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SCM_ERROR_CODES, isScmErrorCode } from './error-codes.js';
import { errorStatus, toErrorBody } from './error-body.js';
import { ScmError } from './scm-error.js';

// The error table of docs/architecture.md and the GitFlare seed, verbatim.
const CANONICAL: Record<string, number> = {
  INVALID_REQUEST: 400,
  INVALID_LIMIT: 400,
  INVALID_CURSOR: 400,
  CURSOR_EXPIRED: 410,
  PAGINATION_NOT_SUPPORTED: 400,
  AUTH_REQUIRED: 401,
  AUTH_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  INSUFFICIENT_SCOPE: 403,
  PROVIDER_ACCOUNT_NOT_CONNECTED: 403,
  ACCESS_BLOCKED_BY_POLICY: 403,
  REPOSITORY_NOT_APPROVED: 403,
  APPROVAL_REQUIRED: 403,
  APPROVAL_PENDING: 403,
  RESOURCE_NOT_FOUND: 404,
  REPOSITORY_NOT_FOUND: 404,
  INSTALLATION_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_UNAVAILABLE: 503,
  UNSUPPORTED_PROVIDER: 400,
  UNSUPPORTED_ENDPOINT: 501,
  INTERNAL_ERROR: 500,
};

describe('canonical error codes', () => {
  it('are exactly the 23 codes of the design, with their statuses', () => {
    expect(SCM_ERROR_CODES).toHaveLength(23);
    expect(
      Object.fromEntries(SCM_ERROR_CODES.map((code) => [code, ERROR_CODES[code].status])),
    ).toEqual(CANONICAL);
  });

  it('marks only transient failures retryable by default', () => {
    const retryable = SCM_ERROR_CODES.filter((code) => new ScmError(code).retryable);
    expect(retryable.sort()).toEqual(
      [
        'APPROVAL_PENDING',
        'INTERNAL_ERROR',
        'RATE_LIMITED',
        'UPSTREAM_TIMEOUT',
        'UPSTREAM_UNAVAILABLE',
      ].sort(),
    );
  });

  it('recognizes codes', () => {
    expect(isScmErrorCode('RATE_LIMITED')).toBe(true);
    expect(isScmErrorCode('toString')).toBe(false);
    expect(isScmErrorCode(429)).toBe(false);
  });
});

describe('ScmError', () => {
  it('takes defaults from its code and overrides from options', () => {
    const error = new ScmError('RATE_LIMITED', {
      provider: 'github',
      upstreamStatus: 403,
      retryAfterSeconds: 30,
      providerRequestId: 'ABCD:1234',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.source).toBe('provider');
    expect(error.suggestedAction).toBe('retry_later');
    expect(new ScmError('RATE_LIMITED', { suggestedAction: null }).suggestedAction).toBeNull();
  });

  it('is recognized across package copies by its marker, not by prototype', () => {
    const error = new ScmError('INTERNAL_ERROR');
    const foreignCopy: unknown = { code: error.code, [Symbol.for('@scm/core/ScmError')]: true };
    expect(ScmError.isInstance(error)).toBe(true);
    expect(ScmError.isInstance(foreignCopy)).toBe(true);
    expect(ScmError.isInstance(new Error('x'))).toBe(false);
    expect(ScmError.isInstance(null)).toBe(false);
  });
});

describe('toErrorBody', () => {
  it('produces the canonical body of the seed contract', () => {
    const body = toErrorBody(new ScmError('INVALID_CURSOR'), {
      requestId: 'gf_req_123',
      serviceName: 'gitflare',
    });
    expect(body).toEqual({
      error: {
        code: 'INVALID_CURSOR',
        message: 'The provided pagination cursor is invalid.',
        source: 'gitflare',
        provider: null,
        retryable: false,
        user_action_required: true,
        suggested_action: 'restart_pagination',
        upstream_status: null,
        request_id: 'gf_req_123',
        provider_request_id: null,
        retry_after_seconds: null,
      },
    });
  });

  it("labels a library's client-side error with the service's name inside a service", () => {
    const cursor = new ScmError('CURSOR_EXPIRED', { source: 'client' });
    expect(toErrorBody(cursor, { serviceName: 'gitflare' }).error.source).toBe('gitflare');
    expect(toErrorBody(cursor).error.source).toBe('client');
    expect(toErrorBody(new ScmError('INTERNAL_ERROR')).error.source).toBe('gateway');
    const upstream = new ScmError('RATE_LIMITED', { source: 'provider', provider: 'github' });
    expect(toErrorBody(upstream, { serviceName: 'gitflare' }).error.source).toBe('provider');
  });

  it('hides the message of an unexpected error behind INTERNAL_ERROR', () => {
    const body = toErrorBody(new Error('connect to postgres://user:hunter2@db failed'));
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(errorStatus(new Error('x'))).toBe(500);
    expect(errorStatus(new ScmError('REPOSITORY_NOT_FOUND'))).toBe(404);
  });

  it('reports upstream errors with their provider fields', () => {
    const body = toErrorBody(
      new ScmError('UPSTREAM_UNAVAILABLE', {
        provider: 'gitlab',
        upstreamStatus: 502,
        providerRequestId: 'r-1',
      }),
    );
    expect(body.error).toMatchObject({
      source: 'provider',
      provider: 'gitlab',
      upstream_status: 502,
      provider_request_id: 'r-1',
      retryable: true,
    });
  });
});
