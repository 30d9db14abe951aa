import type { Response } from 'express';
import { assetUrl, type AssetName } from './assets.js';
import { requestContextOf } from './request-context.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The product's name, as every page and title says it. */
export const PRODUCT_NAME = 'SCM Gateway';

/**
 * The CSP source of the pages' stylesheet: `/assets/app.css`, from the gateway itself. Kept for the
 * pages that write their own Content-Security-Policy (`style-src ${STYLE_SOURCE}`).
 */
export const STYLE_SOURCE = "'self'";

export interface HtmlPageOptions {
  /** Scripts from `/assets/` (deferred progressive enhancements: the page works without them). */
  scripts?: readonly AssetName[];
  /** A class on `<body>` (`wide` for the documentation). */
  bodyClass?: string;
}

/**
 * The top bar: the product mark (a link home), then `links` (trusted HTML). The consent and access
 * pages, shown to customers inside an app's flow, have none.
 */
export function topBar(links: string): string {
  return `<nav class="top" aria-label="Main"><a class="brand" href="/"><img src="${assetUrl('gitflare-logo.svg')}" alt="" width="24" height="24">${PRODUCT_NAME}</a> ${links}</nav>`;
}

/**
 * A plain page: works without JavaScript, one stylesheet (`/assets/app.css`, its URL carrying its
 * content hash), no inline style or script (the CSP allows only 'self'). `body` is trusted HTML.
 */
export function htmlPage(title: string, body: string, options: HtmlPageOptions = {}): string {
  const scripts = (options.scripts ?? [])
    .map((name) => `<script src="${assetUrl(name)}" defer></script>`)
    .join('');
  const bodyClass =
    options.bodyClass === undefined ? '' : ` class="${escapeHtml(options.bodyClass)}"`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${assetUrl('app.css')}">
<link rel="icon" href="${assetUrl('gitflare-logo.svg')}" type="image/svg+xml">${scripts}</head><body${bodyClass}>
${body}
</body></html>`;
}

/**
 * The request id as an error page shows it: every page answered with a 4xx or 5xx carries it
 * (unless its body already does), so a user can quote it to support.
 */
export function requestIdFooter(res: Response, status: number, body: string): string {
  if (status < 400) return '';
  const requestId = requestContextOf(res).requestId;
  if (body.includes(requestId)) return '';
  return `\n<footer class="request muted">Request id: <code>${escapeHtml(requestId)}</code> — quote it when you ask for help.</footer>`;
}

export function sendHtml(
  res: Response,
  status: number,
  title: string,
  body: string,
  options: HtmlPageOptions = {},
): void {
  res.status(status).type('text/html; charset=utf-8').setHeader('cache-control', 'no-store');
  res.send(htmlPage(title, body + requestIdFooter(res, status, body), options));
}
