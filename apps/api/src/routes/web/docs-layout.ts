import type { OpenApiDocument } from '../../openapi/document.js';
import { DOCS_PAGES, type DocsPagePath } from './docs-pages.js';
import { html, type SafeHtml } from './html.js';

/** What every docs page is rendered from: this deployment's URL and the OpenAPI document. */
export interface DocsContext {
  /** `PUBLIC_URL`: the examples call this gateway. */
  baseUrl: string;
  document: OpenApiDocument;
}

export interface DocsSection {
  /** The anchor (`/docs/errors#codes`). */
  id: string;
  title: string;
  body: SafeHtml;
}

/** A copyable sample (landing-page.js adds a Copy button to `pre[data-copy]`). */
export function sample(text: string): SafeHtml {
  return html`<pre data-copy><code>${text}</code></pre>`;
}

/** A JSON value, pretty-printed. */
export function jsonSample(value: unknown): SafeHtml {
  return html`<pre><code>${JSON.stringify(value, null, 2)}</code></pre>`;
}

export function titleOf(path: DocsPagePath): string {
  return DOCS_PAGES.find((entry) => entry.path === path)?.title ?? 'Documentation';
}

/**
 * One docs page: the list of docs pages (the current one marked), its title and introduction, a
 * table of contents with anchors, then its sections.
 */
export function docsPage(path: DocsPagePath, intro: SafeHtml, sections: DocsSection[]): SafeHtml {
  return html`<nav class="docs-pages" aria-label="Documentation pages"><ul class="inline-list">${DOCS_PAGES.map(
    (entry) =>
      html`<li><a href="${entry.path}"${entry.path === path ? html` aria-current="page"` : ''}>${entry.title}</a></li>`,
  )}<li><a href="/docs/api">API reference</a></li></ul></nav>
<main>
<h1>${titleOf(path)}</h1>
${intro}
<nav class="toc" aria-label="On this page"><h2>On this page</h2><ul>${sections.map(
    (section) => html`<li><a href="#${section.id}">${section.title}</a></li>`,
  )}</ul></nav>
${sections.map(
  (section) => html`<section id="${section.id}" aria-labelledby="${section.id}-title">
<h2 id="${section.id}-title">${section.title}</h2>
${section.body}
</section>`,
)}
</main>`;
}
