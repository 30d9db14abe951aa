import type { HttpErrorContext } from '@scm/core';
import { describe, expect, it } from 'vitest';
import { createAzureErrorMapper, signInPage } from './azure-errors.js';

const context = (
  status: number,
  body: unknown,
  path = '/p/_apis/git/repositories/r/refs',
): HttpErrorContext => ({
  status,
  headers: {},
  body,
  method: 'GET',
  path,
  rateLimit: null,
  retryAfterSeconds: null,
});

describe('createAzureErrorMapper', () => {
  const pat = createAzureErrorMapper({ oauth: false });
  const oauth = createAzureErrorMapper({ oauth: true });

  it('reads a missing repository or project from the exception type, else from the path', () => {
    expect(
      pat(context(404, { typeKey: 'GitRepositoryNotFoundException', message: 'TF401019' }))?.code,
    ).toBe('REPOSITORY_NOT_FOUND');
    expect(pat(context(404, { typeKey: 'ProjectDoesNotExistWithNameException' }))?.code).toBe(
      'REPOSITORY_NOT_FOUND',
    );
    expect(pat(context(404, null, '/p/_apis/git/repositories/r'))?.code).toBe(
      'REPOSITORY_NOT_FOUND',
    );
    expect(pat(context(404, { typeKey: 'ResourceNotFoundException' }))?.code).toBe(
      'RESOURCE_NOT_FOUND',
    );
  });

  it('tells an expired Entra token from a wrong PAT, and reads throttling', () => {
    expect(oauth(context(401, null))?.code).toBe('AUTH_EXPIRED');
    expect(pat(context(401, null))?.code).toBe('INVALID_CREDENTIALS');
    expect(pat(context(429, { typeKey: 'RequestBlockedException' }))?.code).toBe('RATE_LIMITED');
    expect(pat(context(403, null))?.code).toBe('INSUFFICIENT_SCOPE');
    expect(pat(context(400, { typeKey: 'InvalidContinuationTokenException' }))?.code).toBe(
      'INVALID_CURSOR',
    );
    expect(pat(context(400, { typeKey: 'InvalidArgumentValueException' }))).toBeUndefined();
  });

  it('keeps Azure’s message, cut short, and says sign-in pages are refused credentials', () => {
    const error = pat(
      context(404, { typeKey: 'GitRepositoryNotFoundException', message: 'x'.repeat(1000) }),
    );
    expect(error?.message.length).toBeLessThan(400);
    expect(signInPage(203)).toMatchObject({ code: 'INVALID_CREDENTIALS', upstreamStatus: 203 });
  });
});
