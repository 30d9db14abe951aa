import { ERROR_CODES, SCM_ERROR_CODES, type ScmErrorCode } from '@scm/core';
import { errorExample } from '../../openapi/components.js';
import { docsPage, jsonSample, sample, type DocsContext } from './docs-layout.js';
import { html, type SafeHtml } from './html.js';

/**
 * What a caller does about each code. Every code of the canonical table (@scm/core's
 * ERROR_CODES) has one: a code added there without a fix here does not compile.
 */
export const ERROR_FIXES: Record<ScmErrorCode, string> = {
  INVALID_REQUEST:
    'Read the message: it names the parameter or field and what it must be. Fix the request; retrying it unchanged fails again.',
  INVALID_LIMIT: 'Send limit as an integer from 1 to 100, or leave it out (25).',
  INVALID_CURSOR:
    'Send next_cursor back exactly as received, with the same endpoint, filters and limit and the same token; otherwise start again from the first page.',
  CURSOR_EXPIRED: 'Start again from the first page (without cursor).',
  PAGINATION_NOT_SUPPORTED:
    'Add the filter the cursor needs (on /v1/repositories: provider), or drop cursor.',
  AUTH_REQUIRED:
    'Send the credential the route needs (Authorization: Bearer …, HTTP Basic, x-admin-api-key, or sign in).',
  AUTH_EXPIRED:
    'Refresh the access token with the refresh token; if the provider account expired, send the customer through /oauth/authorize again.',
  INVALID_CREDENTIALS:
    'Check the token, client id and secret or admin key: it is unknown, revoked or wrong. Get a new token, or rotate the secret in the dashboard.',
  INSUFFICIENT_SCOPE:
    'Ask for the scope in /oauth/authorize (it must be among the app’s permissions) and have the customer approve it.',
  PROVIDER_ACCOUNT_NOT_CONNECTED:
    'Have the customer connect and approve an account of that provider on the consent page.',
  ACCESS_BLOCKED_BY_POLICY:
    'A policy of the gateway or the provider refuses this; ask the workspace admin.',
  REPOSITORY_NOT_APPROVED:
    'Have the customer add the repository on the consent or access-management page.',
  APPROVAL_REQUIRED: 'Send the customer through /oauth/authorize to approve access.',
  APPROVAL_PENDING: 'Wait for the approval to become active, then retry.',
  RESOURCE_NOT_FOUND: 'Check the id or path; the message says what was not found.',
  REPOSITORY_NOT_FOUND:
    'Check the repository id (from the repository listing) or its URL-encoded full path.',
  INSTALLATION_NOT_FOUND: 'Install the provider app on the account or workspace, then retry.',
  RATE_LIMITED:
    'Wait retry_after_seconds (the Retry-After header), then retry; slow down if it repeats.',
  UPSTREAM_TIMEOUT: 'Retry with exponential backoff; reads are idempotent.',
  UPSTREAM_UNAVAILABLE: 'Retry with exponential backoff; the provider is having trouble.',
  UNSUPPORTED_PROVIDER: 'Use a provider id that GET /v1/providers lists as enabled.',
  UNSUPPORTED_ENDPOINT:
    'This provider has no such data (see per-provider support in GET /v1/platform/capabilities); skip it for this provider.',
  INTERNAL_ERROR:
    'Retry later; if it persists, report the request_id — the gateway logged the cause.',
};

/** `/docs/errors`: the body, every code with its status, meaning and fix, and the OAuth form. */
export function errorsPage(context: DocsContext): SafeHtml {
  return docsPage(
    '/docs/errors',
    html`<p>Every error the API answers has one JSON body and the HTTP status of its code, so a client branches on <code>error.code</code> alone. A browser that asks for a page gets the same error as an HTML page with the message, the request id and what to do.</p>`,
    [
      {
        id: 'body',
        title: 'The error body',
        body: html`${jsonSample(errorExample('INVALID_CURSOR'))}
<ul>
<li><code>retryable</code>: the same request may succeed later; <code>retry_after_seconds</code> (and the <code>Retry-After</code> header) says when.</li>
<li><code>user_action_required</code> and <code>suggested_action</code>: someone must act first (reconnect, approve, fix the request).</li>
<li><code>source</code> and <code>provider</code>, <code>upstream_status</code>, <code>provider_request_id</code>: whether the provider or the gateway refused, and the provider's own request id.</li>
<li><code>request_id</code>: also every response's <code>x-request-id</code> header. Log it; quote it to support.</li>
</ul>`,
      },
      {
        id: 'codes',
        title: 'Every code',
        body: html`<table><thead><tr><th>Code</th><th>Status</th><th>Meaning</th><th>Retry?</th><th>What to do</th></tr></thead><tbody>${SCM_ERROR_CODES.map(
          (code) =>
            html`<tr id="${code}"><td><code>${code}</code></td><td>${ERROR_CODES[code].status}</td><td>${ERROR_CODES[code].message}</td><td>${ERROR_CODES[code].retryable ? 'yes' : 'no'}</td><td>${ERROR_FIXES[code]}</td></tr>`,
        )}</tbody></table>`,
      },
      {
        id: 'oauth',
        title: 'The OAuth endpoints',
        body: html`<p><code>POST /oauth/token</code>, <code>/oauth/introspect</code> and <code>/oauth/revoke</code> answer errors in the RFC 6749 §5.2 form, so standard OAuth libraries read them; the canonical code and the request id come along as extension members:</p>
${jsonSample({ error: 'invalid_grant', error_description: 'The authorization code is unknown, expired or already used.', error_code: 'INVALID_REQUEST', request_id: 'req_…' })}
<p><code>invalid_client</code> is 401 with <code>WWW-Authenticate: Basic</code>; a throttled client gets 429 <code>temporarily_unavailable</code> with <code>Retry-After</code>. On <code>/oauth/authorize</code>, once the client and redirect URI are known good, errors go back to the app's <code>redirect_uri</code> as <code>error=…</code> (RFC 6749 §4.1.2.1); before that the customer sees an error page.</p>`,
      },
      {
        id: 'retries',
        title: 'Retries and support',
        body: html`<ul>
<li>Retry <code>RATE_LIMITED</code>, <code>UPSTREAM_TIMEOUT</code> and <code>UPSTREAM_UNAVAILABLE</code> with exponential backoff and jitter; every read is idempotent.</li>
<li><code>INVALID_CURSOR</code> and <code>CURSOR_EXPIRED</code>: restart from the first page.</li>
<li>Keep the <code>request_id</code> of every failed call.</li>
</ul>
${sample(`curl -si "${context.baseUrl}/v1/repositories?limit=500" -H "Authorization: Bearer $ACCESS_TOKEN"
# HTTP/1.1 400 … x-request-id: req_… {"error":{"code":"INVALID_LIMIT",…}}`)}`,
      },
    ],
  );
}
