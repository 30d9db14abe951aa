import { createHash } from 'node:crypto';
import type { Response } from 'express';

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

/** The pages' one stylesheet, inline; the CSP allows exactly it by its hash (STYLE_SOURCE). */
const STYLE = `
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}fieldset{border:1px solid #d0d7de;border-radius:8px;margin:1rem 0;padding:.6rem 1rem}
label{display:block;margin:.25rem 0}button,.button{background:#1f6feb;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;font-size:1rem;text-decoration:none;display:inline-block;cursor:pointer}
.secondary{background:#eaeef2;color:#1f2328}.error{color:#b42318}.muted{color:#59636e;font-size:.9rem}code{background:#f6f8fa;padding:0 .2rem}
form.inline{display:inline}button.link{background:none;color:#0969da;padding:0;font-size:inherit;text-decoration:underline}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.2rem .4rem;text-align:left;vertical-align:top;font-size:.9rem}
`;

/** The CSP source of STYLE: `'sha256-…'`, so style-src needs no 'unsafe-inline'. */
export const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/** A plain page: works without JavaScript (none runs: the CSP allows no script), one inline stylesheet. `body` is trusted HTML. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>
${body}
</body></html>`;
}

export function sendHtml(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('text/html; charset=utf-8').setHeader('cache-control', 'no-store');
  res.send(htmlPage(title, body));
}
