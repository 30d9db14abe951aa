import { ROUTE_GROUPS } from '../../openapi/groups/index.js';
import { html, type SafeHtml } from './html.js';

/**
 * The `/docs` page: the error and collection envelopes, then every route by group. The list is the
 * OpenAPI document's route table (src/openapi/groups), so it names exactly the mounted routes.
 */
export function docsBody(): SafeHtml {
  return html`<h1>API overview</h1>
<p>The full reference, with parameters, bodies, answers and error codes: <a href="/docs/api">/docs/api</a>, generated from the OpenAPI 3.1 document <a href="/openapi.json">/openapi.json</a>.</p>
<p>Errors always have one body: <code>{ "error": { code, message, request_id, … } }</code>, and every response carries <code>x-request-id</code>. Collections are <code>{ data, page_info: { limit, has_next_page, next_cursor } }</code> with <code>limit</code> 1–100 (default 25); pass <code>next_cursor</code> back as <code>cursor</code>, unchanged.</p>
${ROUTE_GROUPS.map(
  (group) =>
    html`<h2>${group.name}</h2><p class="muted">${group.audience}</p><ul>${group.routes.map(
      (route) =>
        html`<li><code>${route.method.toUpperCase()} ${route.path}</code> <span class="muted">${route.summary}</span></li>`,
    )}</ul>`,
)}`;
}
