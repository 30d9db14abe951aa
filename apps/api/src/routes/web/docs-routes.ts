import { operationIdOf } from '../../openapi/document.js';
import { ROUTE_GROUPS } from '../../openapi/groups/index.js';
import type { RouteAuth, RouteDoc, RouteGroup } from '../../openapi/route-doc.js';
import { exampleOf, pathWithValues, representativeRoute } from './docs-examples.js';
import { docsPage, jsonSample, sample, type DocsContext } from './docs-layout.js';
import { groupAnchor } from './docs-overview.js';
import { html, type SafeHtml } from './html.js';

/** How the table names a route's credential. */
export function authLabel(auth: RouteAuth): string {
  switch (auth.kind) {
    case 'public':
      return 'public';
    case 'accessToken':
      return `access token (${auth.scope})`;
    case 'session':
      return 'session';
    case 'sessionOrAdmin':
      return 'session or admin key';
    case 'admin':
      return 'admin key';
    case 'clientCredentials':
      return 'client id and secret';
    case 'browser':
      return 'browser (cookies)';
    case 'signature':
      return 'provider signature';
    case 'metricsToken':
      return 'METRICS_TOKEN';
  }
}

/** A route's entry in the API reference (reference-html.ts: `op-<operationId>`). */
function referenceLink(route: RouteDoc): string {
  return `/docs/api#op-${operationIdOf(route).replace(/[^A-Za-z0-9_-]/g, '')}`;
}

function groupExample(context: DocsContext, group: RouteGroup): SafeHtml {
  const route = representativeRoute(context.document, group.routes);
  if (route === undefined) return html``;
  const example = exampleOf(context.document, context.baseUrl, route);
  const browser = route.auth.kind === 'browser' || route.responses.every((r) => r.kind !== 'json');
  // An answer whose schema says nothing (`{}`) is described in words instead.
  const undescribed =
    example.response !== null &&
    !example.response.recorded &&
    JSON.stringify(example.response.body) === '{}';
  return html`<h3>Example: <code>${route.method.toUpperCase()} ${route.path}</code></h3>
${
  route.auth.kind === 'signature'
    ? html`<p>Sent by the provider, signed with the secret of the hook or integration (see <a href="/docs/webhooks#provider-webhooks">provider webhooks</a>).</p>`
    : browser
      ? html`<p>A browser page or form step: open it in a browser.</p>${sample(`${context.baseUrl}${pathWithValues(route.path)}`)}`
      : sample(example.request)
}
${
  example.response === null || undescribed
    ? html`<p class="muted">${route.responses.map((answer) => `${answer.status}: ${answer.description}`).join(' ')}</p>`
    : html`<p class="muted">${example.response.recorded ? 'Answer recorded from the demo gateway' : 'The answer’s shape, generated from its schema'} (${example.response.status}):</p>${jsonSample(example.response.body)}`
}`;
}

function groupSection(context: DocsContext, group: RouteGroup): SafeHtml {
  return html`<p>${group.description.replace(/`/g, '')}</p>
<p class="muted">Who calls it: ${group.audience}</p>
<table><thead><tr><th>Route</th><th>Credential</th><th>What it does</th></tr></thead><tbody>${group.routes.map(
    (route) =>
      html`<tr><td><a href="${referenceLink(route)}"><code>${route.method.toUpperCase()} ${route.path}</code></a>${route.deprecated === true ? html` <span class="muted">(deprecated)</span>` : ''}</td><td>${authLabel(route.auth)}</td><td>${route.summary.replace(/`/g, '')}</td></tr>`,
  )}</tbody></table>
${groupExample(context, group)}`;
}

/** `/docs/routes`: every route group, its routes, and one example request and answer each. */
export function routesPage(context: DocsContext): SafeHtml {
  return docsPage(
    '/docs/routes',
    html`<p>Every route the gateway mounts, by group, from the same route table as <a href="/openapi.json">the OpenAPI document</a> (a test fails when a mounted route is missing from it). Each group shows one example; every route's parameters, bodies and errors are in <a href="/docs/api">the API reference</a>. The variables (<code>$ACCESS_TOKEN</code>, <code>$SESSION_TOKEN</code>, <code>$ADMIN_KEY</code>, <code>$CLIENT_ID</code>, <code>$REPO_ID</code>…) come from the <a href="/docs/quickstart">quickstart</a>.</p>`,
    ROUTE_GROUPS.map((group) => ({
      id: groupAnchor(group.name),
      title: group.name,
      body: groupSection(context, group),
    })),
  );
}
