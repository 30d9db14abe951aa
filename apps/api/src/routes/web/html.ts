import type { Response } from 'express';
import {
  escapeHtml,
  htmlPage,
  requestIdFooter,
  topBar,
  type HtmlPageOptions,
} from '../../http/html.js';

export { escapeHtml };

const SAFE = Symbol('safe-html');

/** Markup that is already escaped: only `html` and `raw` make one. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

function safe(value: string): SafeHtml {
  return { [SAFE]: true, value };
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/**
 * A template whose every interpolation is escaped (strings, numbers, anything) unless it is itself
 * `html`: forgetting to escape is then impossible, only `raw` opts out.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return safe(out);
}

/** A trusted constant (never request data). */
export function raw(value: string): SafeHtml {
  return safe(value);
}

export interface PageOptions extends HtmlPageOptions {
  signedIn?: boolean;
  /** The session's CSRF token: the top bar's "Sign out" is then a form (a POST), not a link. */
  csrf?: string;
}

/** The top bar's links: the documentation, then the dashboard or the sign-in links. */
function navLinks(options: PageOptions): SafeHtml {
  const signOut =
    options.csrf === undefined
      ? html`<a href="/app/logout">Sign out</a>`
      : html`<form class="inline" method="post" action="/app/logout"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit" class="link">Sign out</button></form>`;
  return html`<a href="/docs">Docs</a> <a href="/docs/api">API reference</a> ${
    options.signedIn === true
      ? html`<a href="/app/dashboard">Dashboard</a> ${signOut}`
      : html`<a href="/app/login">Sign in</a> <a href="/app/signup">Sign up</a>`
  }`;
}

/** The whole document: the top bar, then `body`. */
export function page(title: string, body: SafeHtml, options: PageOptions = {}): string {
  return htmlPage(title, `${topBar(navLinks(options).value)}\n${body.value}`, options);
}

// Content-Security-Policy (scripts and styles only from /assets, forms only to the gateway, no
// framing), X-Frame-Options, nosniff and the referrer policy come from
// src/http/security-headers.ts, on every response. A 4xx or 5xx page shows the request id.
export function sendPage(
  res: Response,
  status: number,
  title: string,
  body: SafeHtml,
  options: PageOptions = {},
): void {
  res.status(status).type('text/html; charset=utf-8').setHeader('cache-control', 'no-store');
  res.send(page(title, raw(body.value + requestIdFooter(res, status, body.value)), options));
}
