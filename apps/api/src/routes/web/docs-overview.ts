import { ROUTE_GROUPS } from '../../openapi/groups/index.js';
import { PROVIDER_CATALOGUE } from '../../providers/catalogue.js';
import { DOCS_PAGES } from './docs-pages.js';
import { docsPage, jsonSample, sample, type DocsContext } from './docs-layout.js';
import { html, type SafeHtml } from './html.js';

/** `/docs`: what the gateway is, how callers authenticate, the two envelopes, and every page. */
export function overviewPage(context: DocsContext): SafeHtml {
  const { baseUrl } = context;
  return docsPage(
    '/docs',
    html`<p>SCM Gateway is one HTTP API over ${providerNames()} for developer apps. You register an app, your customers connect their provider accounts and approve repositories and scopes on a hosted consent page, and your app reads repositories, branches, commits, pull requests, diffs, checks, deployments and file trees with one scoped bearer token — one error body, opaque signed cursors, a secret-stripping firewall on every diff, and a usage log of every call.</p>
<p>The full reference of every route (parameters, bodies, answers, error codes) is <a href="/docs/api">the API reference</a>, rendered from the OpenAPI 3.1 document at <a href="/openapi.json">/openapi.json</a>. These pages explain how the pieces fit. In the examples, <code>${baseUrl}</code> is this gateway.</p>`,
    [
      {
        id: 'pages',
        title: 'The documentation',
        body: html`<ul class="cards">${DOCS_PAGES.filter((entry) => entry.path !== '/docs').map(
          (entry) =>
            html`<li><a href="${entry.path}"><strong>${entry.title}</strong></a><span class="muted">${entry.summary}</span></li>`,
        )}<li><a href="/docs/api"><strong>API reference</strong></a><span class="muted">Every route with its parameters, bodies, answers and error codes.</span></li>
<li><a href="/zero-trust"><strong>Security model</strong></a><span class="muted">What the gateway stores, what it never keeps, and who can see what.</span></li></ul>`,
      },
      {
        id: 'authentication',
        title: 'Who calls what: the credentials',
        body: html`<table><thead><tr><th>Credential</th><th>How to send it</th><th>Used by</th></tr></thead><tbody>
<tr><td>Access token (<code>sggat_…</code>)</td><td><code>Authorization: Bearer ACCESS_TOKEN</code></td><td>The unified read API (<code>/v1/me</code>, <code>/v1/repositories/…</code>) and subscriptions; issued by <code>POST /oauth/token</code>.</td></tr>
<tr><td>Client id and secret</td><td>HTTP Basic, or <code>client_id</code> and <code>client_secret</code> in the body</td><td><code>/oauth/token</code>, <code>/oauth/introspect</code>, <code>/oauth/revoke</code>, <code>/v1/platform/tokens</code>.</td></tr>
<tr><td>User session (<code>sggst_…</code>) or the session cookie</td><td><code>Authorization: Bearer SESSION_TOKEN</code> (from <code>POST /app/login</code> with JSON), or the cookie the sign-in form sets</td><td>Developer and account APIs (<code>/v1/developer/apps</code>, <code>/v1/account/*</code>) and the dashboard.</td></tr>
<tr><td>Admin key</td><td><code>x-admin-api-key: SGG_ADMIN_API_KEY</code></td><td>Platform admin and firewall settings (<code>/v1/platform/*</code>, <code>/v1/security/firewall/config</code>).</td></tr>
</tbody></table>
<p>The routes of each credential are listed by group on <a href="/docs/routes">Routes</a>.</p>`,
      },
      {
        id: 'envelopes',
        title: 'One error body, one collection shape',
        body: html`<p>Every error is the same JSON body with the HTTP status of its code, and every response carries <code>x-request-id</code> (see <a href="/docs/errors">Errors</a>):</p>
${jsonSample({ error: { code: 'INVALID_CURSOR', message: 'The provided pagination cursor is invalid.', request_id: 'req_…' } })}
<p>Collections are <code>{ data, page_info: { limit, has_next_page, next_cursor } }</code> with <code>limit</code> 1–100 (default 25). Pass <code>next_cursor</code> back as <code>cursor</code>, unchanged, until it is <code>null</code> (see <a href="/docs/quickstart#cursors">Cursors</a>).</p>
${sample(`curl -s "${baseUrl}/v1/platform/capabilities"`)}`,
      },
      {
        id: 'groups',
        title: 'Route groups',
        body: html`<ul>${ROUTE_GROUPS.map(
          (group) =>
            html`<li><a href="/docs/routes#${groupAnchor(group.name)}">${group.name}</a> <span class="muted">— ${group.audience}; ${group.routes.length} ${group.routes.length === 1 ? 'route' : 'routes'}</span></li>`,
        )}</ul>`,
      },
    ],
  );
}

/** `Unified read API` → `unified-read-api` (the anchor of a group on /docs/routes). */
export function groupAnchor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `GitHub, GitLab, Bitbucket and Azure DevOps`: the providers of the catalogue. */
export function providerNames(): string {
  const names = PROVIDER_CATALOGUE.map((entry) => entry.displayName);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
