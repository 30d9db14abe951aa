import {
  isRateLimitResponse,
  ScmError,
  type HttpErrorContext,
  type Operation,
  type ScmErrorCode,
} from '@scm/core';
import { WireErrorSchema } from './azure-schemas.js';
import { AZURE_PROVIDER_ID } from './map-common.js';

const MESSAGE_LIMIT = 300;

// The exception types Azure names when the repository (or the project holding it) is missing.
const REPOSITORY_MISSING = new Set([
  'GitRepositoryNotFoundException',
  'ProjectDoesNotExistWithNameException',
  'ProjectDoesNotExistException',
  'ProjectNotFoundException',
]);

// `/{project}/_apis/git/repositories/{repository}` or `/_apis/git/repositories/{repository}`,
// nothing after: a 404 there is the repository itself.
const REPOSITORY_PATH = /^(?:\/[^/?]+)?\/_apis\/git\/repositories\/[^/?]+(?:\?|$)/;

function codeFor(
  context: HttpErrorContext,
  oauth: boolean,
  typeKey: string | undefined,
): ScmErrorCode | undefined {
  switch (context.status) {
    case 401:
      // An Entra access token lives about an hour: a rejected one expired or was revoked (the
      // adapter has already tried one refresh). A personal access token is simply wrong.
      return oauth ? 'AUTH_EXPIRED' : 'INVALID_CREDENTIALS';
    case 403:
      return isRateLimitResponse(context.status, context.headers)
        ? 'RATE_LIMITED'
        : 'INSUFFICIENT_SCOPE';
    case 404:
      if (typeKey !== undefined && REPOSITORY_MISSING.has(typeKey)) return 'REPOSITORY_NOT_FOUND';
      return REPOSITORY_PATH.test(context.path) ? 'REPOSITORY_NOT_FOUND' : 'RESOURCE_NOT_FOUND';
    case 429:
      return 'RATE_LIMITED';
    default:
      if (context.status === 400 && typeKey === 'InvalidContinuationTokenException')
        return 'INVALID_CURSOR';
      return context.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : undefined;
  }
}

/**
 * Maps Azure's statuses to canonical codes, reading the error body's `typeKey` (the exception
 * type, not its message) where the status alone cannot say, and puts its message in ours.
 */
export function createAzureErrorMapper(options: { oauth: boolean }) {
  return (context: HttpErrorContext): ScmError | undefined => {
    const parsed = WireErrorSchema.safeParse(context.body);
    const body = parsed.success ? parsed.data : undefined;
    const code = codeFor(context, options.oauth, body?.typeKey);
    if (code === undefined) return undefined;
    const message = body?.message;
    return new ScmError(code, {
      provider: AZURE_PROVIDER_ID,
      upstreamStatus: context.status,
      source: 'provider',
      ...(message === undefined
        ? {}
        : { message: `Azure DevOps: ${message.slice(0, MESSAGE_LIMIT)}` }),
      details: { method: context.method, path: context.path, typeKey: body?.typeKey ?? null },
    });
  };
}

/**
 * Azure answers a request with a PAT it does not accept with `203 Non-Authoritative Information`
 * and its HTML sign-in page instead of a 401 (https://learn.microsoft.com/azure/devops/integrate/get-started/rest/basics#response).
 */
export function signInPage(status: number): ScmError {
  return new ScmError('INVALID_CREDENTIALS', {
    provider: AZURE_PROVIDER_ID,
    upstreamStatus: status,
    source: 'provider',
    message: 'Azure DevOps answered with its sign-in page: the credentials were not accepted.',
  });
}

/** For an operation Azure DevOps cannot serve; listed as unsupported in `capabilities`. */
export function unsupported(operation: Operation): ScmError {
  return new ScmError('UNSUPPORTED_ENDPOINT', {
    provider: AZURE_PROVIDER_ID,
    details: { operation },
  });
}

/** A 2xx body that is not the shape the API documents. */
export function unexpectedShape(path: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: AZURE_PROVIDER_ID,
    source: 'provider',
    message: 'Azure DevOps answered with an unexpected response shape.',
    details: { path: path.split('?')[0] ?? path },
  });
}

/** Input the adapter refuses before sending anything. */
export function invalidRequest(message: string, details?: Record<string, unknown>): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: AZURE_PROVIDER_ID,
    source: 'client',
    message,
    ...(details === undefined ? {} : { details }),
  });
}
