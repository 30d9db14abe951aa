import type { Response } from 'express';
import { escapeHtml, htmlPage } from '../../http/html.js';

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

/** The whole document: a top bar, then `body`. */
export function page(title: string, body: SafeHtml, options: { signedIn?: boolean } = {}): string {
  const nav = html`<nav class="muted"><a href="/">GitFlare gateway</a> · <a href="/docs">Docs</a> · ${
    options.signedIn === true
      ? html`<a href="/app/dashboard">Dashboard</a> · <a href="/app/logout">Sign out</a>`
      : html`<a href="/app/login">Sign in</a> · <a href="/app/signup">Sign up</a>`
  }</nav>`;
  return htmlPage(title, `${nav.value}\n${body.value}`);
}

// No script runs on these pages, forms post only here, and nothing may frame them (clickjacking).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function sendPage(res: Response, status: number, title: string, body: SafeHtml, options: { signedIn?: boolean } = {}): void {
  res
    .status(status)
    .type('text/html; charset=utf-8')
    .setHeader('cache-control', 'no-store')
    .setHeader('content-security-policy', CSP)
    .setHeader('x-content-type-options', 'nosniff')
    .setHeader('x-frame-options', 'DENY')
    .setHeader('referrer-policy', 'same-origin');
  res.send(page(title, body, options));
}
