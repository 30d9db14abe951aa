import { isRateLimitResponse, ScmError, type HttpErrorContext, type Operation } from '@scm/core';
import { WireErrorSchema } from './gitlab-schemas.js';
import { GITLAB_PROVIDER_ID } from './map-common.js';

// `…/projects/:id` itself, with or without a query: the project is what was not found.
const PROJECT_PATH = /\/projects\/[^/?]+(?:\?|$)/;

function bodyOf(context: HttpErrorContext): {
  error?: string;
  description?: string;
  message?: string;
} {
  const parsed = WireErrorSchema.safeParse(context.body);
  if (!parsed.success) return {};
  const body = parsed.data;
  if ('error' in body) return { error: body.error, description: body.error_description ?? '' };
  return typeof body.message === 'string' ? { message: body.message } : {};
}

/**
 * GitLab's error bodies say more than its statuses
 * (https://docs.gitlab.com/api/rest/troubleshooting/#status-codes):
 * - 401 `{ "error": "invalid_token", "error_description": "Token is expired. …" }` (or "…revoked…")
 *   for an OAuth token that can be refreshed or re-authorized; `{ "message": "401 Unauthorized" }`
 *   for a token GitLab does not know.
 * - 403 `{ "error": "insufficient_scope", … }` for a token without the scope; a `message` with a
 *   reason after `403 Forbidden - ` (IP restriction, terms of service, SSO enforcement) for a
 *   policy; a bare `403 Forbidden` for a role without the permission.
 * - 404 `{ "message": "404 Project Not Found" }` names what was missing.
 * Rate limits (429, or 403 with exhausted headers) and 5xx fall through to core's mapping.
 */
export function mapGitLabError(context: HttpErrorContext): ScmError | undefined {
  const options = {
    provider: GITLAB_PROVIDER_ID,
    upstreamStatus: context.status,
    source: 'provider' as const,
  };
  const body = bodyOf(context);
  switch (context.status) {
    case 401:
      if (body.error === 'invalid_token' && /expired|revoked/i.test(body.description ?? ''))
        return new ScmError('AUTH_EXPIRED', options);
      return new ScmError('INVALID_CREDENTIALS', options);
    case 403:
      if (isRateLimitResponse(context.status, context.headers)) return undefined;
      if (body.error === 'insufficient_scope') return new ScmError('INSUFFICIENT_SCOPE', options);
      if (body.message?.startsWith('403 Forbidden - ') === true)
        return new ScmError('ACCESS_BLOCKED_BY_POLICY', {
          ...options,
          message: `GitLab refused the request: ${body.message.slice('403 Forbidden - '.length, 300)}`,
        });
      return new ScmError('INSUFFICIENT_SCOPE', options);
    case 404:
      if (body.message === '404 Project Not Found' || PROJECT_PATH.test(context.path))
        return new ScmError('REPOSITORY_NOT_FOUND', options);
      return new ScmError('RESOURCE_NOT_FOUND', options);
    default:
      return undefined;
  }
}

/** For an operation GitLab cannot serve; listed as unsupported in `capabilities`. */
export function unsupported(operation: Operation): ScmError {
  return new ScmError('UNSUPPORTED_ENDPOINT', {
    provider: GITLAB_PROVIDER_ID,
    details: { operation },
  });
}

/** A 2xx body that is not the shape GitLab documents. */
export function unexpectedShape(path: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: GITLAB_PROVIDER_ID,
    source: 'provider',
    message: 'GitLab answered with an unexpected response shape.',
    details: { path },
  });
}

export function invalidRequest(message: string): ScmError {
  return new ScmError('INVALID_REQUEST', {
    provider: GITLAB_PROVIDER_ID,
    source: 'client',
    message,
  });
}
