import { endpointLabel, UNIFIED_ENDPOINT_LIST } from '../../unified/endpoints.js';
import { html, type SafeHtml } from './html.js';

/** The route list the `/docs` page shows, by group. */
const ROUTE_GROUPS: readonly { title: string; auth: string; routes: readonly string[] }[] = [
  {
    title: 'Discovery',
    auth: 'public',
    routes: [
      'GET /health',
      'GET /ready',
      'GET /v1/providers',
      'GET /v1/auth/callback-urls',
      'GET /v1/platform/capabilities',
    ],
  },
  {
    title: 'OAuth and tokens',
    auth: 'hosted consent / client credentials',
    routes: [
      'GET /oauth/authorize',
      'POST /oauth/authorize/approve',
      'GET /oauth/authorize/deny',
      'POST /oauth/token',
      'POST /v1/platform/tokens',
      'GET /v1/platform/client/me',
    ],
  },
  {
    title: 'Unified read API',
    auth: 'Authorization: Bearer ACCESS_TOKEN',
    routes: UNIFIED_ENDPOINT_LIST.map(endpointLabel),
  },
  {
    title: 'Subscriptions and deliveries',
    auth: 'Authorization: Bearer ACCESS_TOKEN with events:subscribe; an app sees its own only',
    routes: [
      'GET /v1/subscriptions',
      'GET|PATCH|DELETE /v1/subscriptions/:id',
      'GET /v1/subscriptions/:id/deliveries',
      'POST /v1/subscriptions/:id/deliveries/:deliveryId/redeliver',
    ],
  },
  {
    title: 'Provider connections',
    auth: 'session / internal',
    routes: [
      'GET /v1/auth/:provider/start',
      'GET /v1/auth/:provider/callback',
      'GET /v1/connections',
      'POST /v1/connections/manual',
      'GET|DELETE /v1/connections/:connectionId',
    ],
  },
  {
    title: 'Session account',
    auth: 'Authorization: Bearer USER_SESSION_TOKEN or the session cookie',
    routes: [
      'GET /v1/account/me',
      'GET /v1/account/connections',
      'GET /v1/account/repositories',
      'GET /v1/account/usage/summary',
      'GET /v1/account/usage/logs',
    ],
  },
  {
    title: 'Developer apps',
    auth: 'developer session',
    routes: [
      'GET /v1/developer/apps',
      'POST /v1/developer/apps',
      'PATCH /v1/developer/apps/:clientId',
      'DELETE /v1/developer/apps/:clientId',
    ],
  },
  {
    title: 'Users and roles',
    auth: 'user session; invitations and role changes need owner (admins invite members)',
    routes: [
      'GET /v1/tenant/members',
      'PATCH /v1/tenant/members/:userId',
      'DELETE /v1/tenant/members/:userId',
      'GET /v1/tenant/invitations',
      'POST /v1/tenant/invitations',
      'DELETE /v1/tenant/invitations/:id',
      'POST /v1/tenant/invitations/accept',
    ],
  },
  {
    title: 'Integrations (Oore CI)',
    auth: 'user session; mutations need owner or admin; browser steps are bound to the browser that opened the link',
    routes: [
      'GET /v1/integrations',
      'GET /v1/integrations/:id',
      'DELETE /v1/integrations/:id',
      'GET /v1/integrations/:id/repositories',
      'GET /v1/integrations/:id/installations',
      'POST /v1/integrations/:id/installations',
      'POST /v1/integrations/:provider/start',
      'GET /v1/integrations/:provider/create',
      'GET /v1/integrations/:provider/callback',
      'POST /v1/integrations/:provider/complete',
      'POST /v1/integrations/:provider/authorize',
      'GET /v1/integrations/:provider/installed',
    ],
  },
  {
    title: 'SCM integrations (Scalingo)',
    auth: 'user session; invalid input is 422; deleting or importing keys of another user’s link needs owner or admin',
    routes: [
      'GET|POST /v1/scm_integrations',
      'GET|DELETE /v1/scm_integrations/:id',
      'POST /v1/scm_integrations/:id/import_keys',
      'GET|POST /v1/scm_integrations/:id/search_repos',
      'GET|POST /v1/scm_integrations/:id/orgs',
      'GET|POST /v1/scm_integrations/:id/search_pull_requests',
      'GET /v1/ssh_keys',
      'GET|DELETE /v1/ssh_keys/:id',
    ],
  },
  {
    title: 'Workspace integrations',
    auth: 'user session (the workspace is the tenant); connect, disconnect and the organization scan need owner or admin',
    routes: [
      'GET /api/integrations',
      'POST /api/integrations/:provider/connect',
      'POST /api/integrations/:provider/disconnect',
      'GET /api/integrations/:provider/checks',
      'GET /api/integrations/:provider/actions',
      'GET /api/integrations/:provider/repos',
      'GET /api/integrations/:provider/health',
      'POST /api/integrations/github/scan-org (owner or admin; background job)',
      'GET /api/integrations/github/scan-progress',
      'GET /api/integrations/github/scan-permissions',
      'POST /api/integrations/github/scan-cache/invalidate',
      'GET /api/integrations/github/scan-status',
      'GET /api/integrations/github/scan-results',
    ],
  },
  {
    title: 'Platform admin',
    auth: 'x-admin-api-key',
    routes: [
      'GET|POST /v1/platform/tenants',
      'GET|POST /v1/platform/clients',
      'GET|POST /v1/platform/grants',
      'DELETE /v1/platform/grants/:grantId',
      'GET /v1/platform/tokens',
      'POST /v1/platform/tokens/introspect',
      'DELETE /v1/platform/tokens/:tokenId',
      'GET|POST /v1/security/firewall/config',
    ],
  },
  {
    title: 'Web pages',
    auth: 'public / session cookie',
    routes: [
      'GET /',
      'GET /docs',
      'GET|POST /app/signup',
      'GET|POST /app/login',
      'GET /app/logout (asks)',
      'POST /app/logout',
      'GET /app/dashboard',
      'GET /app/subscriptions',
      'POST /app/developer/apps',
      'POST /app/developer/apps/:clientId/{update,delete}',
    ],
  },
];

/** The `/docs` page: the error and collection envelopes, then every route by group. */
export function docsBody(): SafeHtml {
  return html`<h1>API overview</h1>
<p>Errors always have one body: <code>{ "error": { code, message, request_id, … } }</code>, and every response carries <code>x-request-id</code>. Collections are <code>{ data, page_info: { limit, has_next_page, next_cursor } }</code> with <code>limit</code> 1–100 (default 25); pass <code>next_cursor</code> back as <code>cursor</code>, unchanged.</p>
${ROUTE_GROUPS.map(
  (group) =>
    html`<h2>${group.title}</h2><p class="muted">${group.auth}</p><ul>${group.routes.map((route) => html`<li><code>${route}</code></li>`)}</ul>`,
)}`;
}
