import { ERROR_CODES, ScmError, type ScmErrorCode } from '@scm/core';
import type { Request, Response } from 'express';
import { escapeHtml, htmlPage, PRODUCT_NAME, topBar, type HtmlPageOptions } from './html.js';
import { requestContextOf } from './request-context.js';

/**
 * The one HTML error page of every browser-facing route: what went wrong (the canonical message
 * and code), the request id, and what to do next (a link back). JSON clients keep the canonical
 * body: `src/http/errors.ts` answers with this page only when `answersHtmlErrors(req)`.
 */

/** Paths whose callers are API clients: their errors are JSON whatever the Accept header says. */
const API_PATHS =
  /^\/(?:v1\/|api\/|\.well-known\/|oauth\/(?:token|revoke|introspect)(?:\/|$)|openapi\.json$|health$|ready$|metrics$)/;

/**
 * The browser steps under `/v1` (a provider sign-in and an app installation come back to these in
 * the browser): pages for a browser, like the pages themselves.
 */
const BROWSER_STEPS =
  /^\/v1\/(?:auth\/[^/]+\/(?:start|begin|callback)|integrations\/[^/]+\/(?:create|callback|installed))$/;

/** True when the request prefers HTML to JSON (a browser navigation; `Accept` absent: JSON). */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * Whether an error of this request is answered as a page: a browser (HTML preferred over JSON) on
 * anything but the API paths — the pages (`/`, `/docs*`, `/zero-trust`, `/app/*`,
 * `/oauth/authorize*`, `/testapp*`, `/assets/*`), the browser steps of provider sign-ins and app
 * installations, and unknown paths alike.
 */
export function answersHtmlErrors(req: Request): boolean {
  return (BROWSER_STEPS.test(req.path) || !API_PATHS.test(req.path)) && prefersHtml(req);
}

export interface NextStep {
  href: string;
  label: string;
}

export interface ErrorPageOptions {
  /** Where the "what to do" link goes; by default from the path (see `nextStepOf`). */
  next?: NextStep;
  /** A sentence on what to do instead of the default for the code. */
  advice?: string;
  /** The page's heading instead of the status's default. */
  heading?: string;
  /** The answer's status instead of the code's (`/app/customer/*` answers INVALID_REQUEST as 410). */
  status?: number;
  /** The top bar (the product mark and links); off for pages a customer sees inside an app's flow. */
  topBar?: boolean;
  scripts?: HtmlPageOptions['scripts'];
}

/**
 * Pages a customer reaches from an app (consent, access management, a provider sign-in): no
 * dashboard links there.
 */
const CUSTOMER_PATHS = /^\/(?:oauth\/|app\/company\/|v1\/auth\/|v1\/integrations\/)/;

/** The link back, by where the browser was. */
export function nextStepOf(path: string, code: ScmErrorCode): NextStep {
  if (CUSTOMER_PATHS.test(path)) return { href: '/', label: `About ${PRODUCT_NAME}` };
  if (path.startsWith('/app/'))
    return code === 'AUTH_REQUIRED' || code === 'AUTH_EXPIRED'
      ? { href: '/app/login', label: 'Sign in' }
      : { href: '/app/dashboard', label: 'Back to the dashboard' };
  if (path.startsWith('/docs')) return { href: '/docs', label: 'Back to the documentation' };
  if (path.startsWith('/testapp')) return { href: '/testapp', label: 'Back to the test app' };
  return { href: '/', label: 'Go to the home page' };
}

const HEADINGS: Partial<Record<number, string>> = {
  400: 'This request could not be completed',
  401: 'You need to sign in',
  403: 'You do not have access to this',
  404: 'Page not found',
  405: 'This page cannot be used that way',
  410: 'This page is gone',
  429: 'Too many attempts',
};

/** What to do, by code (then by status). */
function adviceOf(path: string, error: ScmError): string {
  const customer = CUSTOMER_PATHS.test(path);
  if (error.code === 'RATE_LIMITED')
    return error.retryAfterSeconds == null
      ? 'Wait a moment, then try again.'
      : `Wait ${error.retryAfterSeconds} seconds, then try again.`;
  if (error.status === 404)
    return 'Check the address. The documentation (/docs) lists every page of the gateway.';
  if (error.status >= 500)
    return 'Something failed on our side. Try again in a moment; if it keeps failing, quote the request id below.';
  if (customer)
    return "Go back to the app that sent you here and start again from there. If it keeps happening, give the app's developer the request id below.";
  if (error.code === 'AUTH_REQUIRED' || error.code === 'AUTH_EXPIRED')
    return 'Sign in, then open this page again.';
  if (error.status === 403)
    return 'Ask the owner of this account or app for access, or sign in with another account.';
  return 'Go back, reload the page and try again. If it keeps happening, quote the request id below.';
}

/** The error as the page shows it: the gateway's own error, or INTERNAL_ERROR for anything else. */
function scmErrorOf(error: unknown): ScmError {
  return ScmError.isInstance(error) ? error : new ScmError('INTERNAL_ERROR');
}

/** The page's HTML (a whole document). Every value in it is escaped. */
export function errorPageHtml(
  path: string,
  requestId: string,
  error: ScmError,
  options: ErrorPageOptions = {},
): string {
  const next = options.next ?? nextStepOf(path, error.code);
  const status = options.status ?? error.status;
  const heading = options.heading ?? HEADINGS[status] ?? 'Something went wrong';
  const bar =
    (options.topBar ?? !CUSTOMER_PATHS.test(path))
      ? topBar('<a href="/docs">Docs</a> <a href="/app/dashboard">Dashboard</a>')
      : '';
  // A 5xx message is the code's own (never an internal detail).
  const message = error.status >= 500 ? ERROR_CODES[error.code].message : error.message;
  return htmlPage(
    heading,
    `${bar}
<main class="error-page">
<h1>${escapeHtml(heading)}</h1>
<p class="status">Error ${status} · <code>${escapeHtml(error.code)}</code></p>
<p class="error" role="alert">${escapeHtml(message)}</p>
<div class="what-to-do"><h2>What to do</h2>
<p>${escapeHtml(options.advice ?? adviceOf(path, error))}</p>
<p><a class="button" href="${escapeHtml(next.href)}">${escapeHtml(next.label)}</a></p></div>
<p class="muted">Request id: <code>${escapeHtml(requestId)}</code> — quote it when you ask for help.</p>
</main>`,
    { ...(options.scripts === undefined ? {} : { scripts: options.scripts }) },
  );
}

/**
 * Answers `error` as the HTML error page, with its code's status (`Retry-After` when it has one)
 * and `Cache-Control: no-store`; the request's log line records its code. Routers call it for
 * errors they render themselves; the terminal handler (errors.ts) calls it for browsers.
 */
export function sendErrorPage(
  req: Request,
  res: Response,
  error: unknown,
  options: ErrorPageOptions = {},
): void {
  const scm = scmErrorOf(error);
  const context = requestContextOf(res);
  context.errorCode = scm.code;
  if (scm.retryAfterSeconds != null) res.setHeader('retry-after', String(scm.retryAfterSeconds));
  res
    .status(options.status ?? scm.status)
    .type('text/html; charset=utf-8')
    .setHeader('cache-control', 'no-store')
    .send(errorPageHtml(req.path, context.requestId, scm, options));
}
