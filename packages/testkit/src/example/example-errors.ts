import { ScmError, type HttpErrorContext, type Operation } from '@scm/core';
import { WireErrorSchema } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID } from './map-common.js';

/**
 * The example API's error bodies (`{ "error": { "type", "message" } }`) say more than the status:
 * a 404 names what was missing. Everything else falls back to core's status mapping (401, 403 +
 * rate-limit headers, 429, 5xx).
 */
export function mapExampleError(context: HttpErrorContext): ScmError | undefined {
  const parsed = WireErrorSchema.safeParse(context.body);
  if (!parsed.success) return undefined;
  const options = {
    provider: EXAMPLE_PROVIDER_ID,
    upstreamStatus: context.status,
    source: 'provider' as const,
  };
  switch (parsed.data.error.type) {
    case 'repo_not_found':
      return new ScmError('REPOSITORY_NOT_FOUND', options);
    case 'token_expired':
      return new ScmError('AUTH_EXPIRED', options);
    case 'invalid_page_token':
      return new ScmError('INVALID_CURSOR', options);
    default:
      return undefined;
  }
}

/** For an operation the example API cannot serve; listed as unsupported in `capabilities`. */
export function unsupported(operation: Operation): ScmError {
  return new ScmError('UNSUPPORTED_ENDPOINT', {
    provider: EXAMPLE_PROVIDER_ID,
    details: { operation },
  });
}

/** A 2xx body that is not the shape the API documents. */
export function unexpectedShape(path: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: EXAMPLE_PROVIDER_ID,
    source: 'provider',
    message: 'The provider answered with an unexpected response shape.',
    details: { path },
  });
}
