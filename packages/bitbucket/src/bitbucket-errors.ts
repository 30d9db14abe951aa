import {
  isRateLimitResponse,
  REDIRECT_STATUSES,
  ScmError,
  type HttpErrorContext,
  type Operation,
  type ScmErrorCode,
} from '@scm/core';
import { WireErrorSchema } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID } from './map-common.js';

const MESSAGE_LIMIT = 300;

/** Bitbucket's error message (`{"type":"error","error":{"message"}}`), when the body has one. */
export function bitbucketMessage(body: unknown): string | undefined {
  const parsed = WireErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return `Bitbucket: ${parsed.data.error.message.slice(0, MESSAGE_LIMIT)}`;
}

function codeFor(context: HttpErrorContext, oauth: boolean): ScmErrorCode | undefined {
  switch (context.status) {
    case 401:
      // An OAuth access token lives about two hours: a rejected one has expired or was revoked
      // (the adapter has already tried one refresh). Other credentials are simply wrong.
      return oauth ? 'AUTH_EXPIRED' : 'INVALID_CREDENTIALS';
    case 403:
      return isRateLimitResponse(context.status, context.headers)
        ? 'RATE_LIMITED'
        : 'INSUFFICIENT_SCOPE';
    case 404:
      return 'RESOURCE_NOT_FOUND';
    case 429:
      return 'RATE_LIMITED';
    case 555:
      // Bitbucket's "the diff (or listing) took too long to compute".
      return 'UPSTREAM_TIMEOUT';
    default:
      return context.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : undefined;
  }
}

/**
 * Maps Bitbucket's statuses to canonical codes and puts its error message in ours. A redirect
 * (which the transport does not follow) becomes an error carrying its `location`, so the one
 * operation that expects one (the pull request diff) can follow it after checking the host.
 */
export function createBitbucketErrorMapper(options: { oauth: boolean }) {
  return (context: HttpErrorContext): ScmError | undefined => {
    const common = {
      provider: BITBUCKET_PROVIDER_ID,
      upstreamStatus: context.status,
      source: 'provider' as const,
    };
    if (REDIRECT_STATUSES.has(context.status)) {
      return new ScmError('UPSTREAM_UNAVAILABLE', {
        ...common,
        message: 'Bitbucket answered with a redirect the adapter does not follow.',
        details: { location: context.headers.location ?? null, path: context.path },
      });
    }
    const code = codeFor(context, options.oauth);
    if (code === undefined) return undefined;
    const message = bitbucketMessage(context.body);
    return new ScmError(code, {
      ...common,
      ...(message === undefined ? {} : { message }),
      details: { method: context.method, path: context.path },
    });
  };
}

/** For an operation Bitbucket Cloud cannot serve; listed as unsupported in `capabilities`. */
export function unsupported(operation: Operation): ScmError {
  return new ScmError('UNSUPPORTED_ENDPOINT', {
    provider: BITBUCKET_PROVIDER_ID,
    details: { operation },
  });
}

/** A 2xx body that is not the shape Bitbucket documents. */
export function unexpectedShape(path: string, message?: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: BITBUCKET_PROVIDER_ID,
    source: 'provider',
    message: message ?? 'Bitbucket answered with an unexpected response shape.',
    details: { path },
  });
}

export function invalidRequest(message: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: BITBUCKET_PROVIDER_ID,
    source: 'client',
    message,
  });
}

/** Bitbucket's 404, which it answers for a missing repository and a missing resource alike. */
export function isNotFound(error: unknown): error is ScmError {
  return (
    ScmError.isInstance(error) &&
    error.code === 'RESOURCE_NOT_FOUND' &&
    error.upstreamStatus === 404
  );
}

/** A 404 known to be the repository's own: `REPOSITORY_NOT_FOUND`, keeping what Bitbucket said. */
export function repositoryNotFound(error: ScmError): ScmError {
  return new ScmError('REPOSITORY_NOT_FOUND', {
    provider: BITBUCKET_PROVIDER_ID,
    upstreamStatus: error.upstreamStatus,
    providerRequestId: error.providerRequestId,
    message: error.message,
    cause: error,
  });
}
