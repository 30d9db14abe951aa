import { ROUTE_GROUPS } from '../../openapi/groups/index.js';
import type { RouteDoc } from '../../openapi/route-doc.js';
import { exampleOf } from './docs-examples.js';
import { docsPage, jsonSample, sample, type DocsContext } from './docs-layout.js';
import { html, type SafeHtml } from './html.js';

/** The documented route `method path`, from the route table. */
export function routeOf(method: RouteDoc['method'], path: string): RouteDoc {
  for (const group of ROUTE_GROUPS)
    for (const route of group.routes)
      if (route.method === method && route.path === path) return route;
  throw new Error(`${method.toUpperCase()} ${path} is not in the route table`);
}

/** The recorded (or schema-generated) answer of a route, as the docs show it. */
function answerOf(context: DocsContext, method: RouteDoc['method'], path: string): SafeHtml {
  const example = exampleOf(context.document, context.baseUrl, routeOf(method, path));
  if (example.response === null) return html``;
  return html`<p class="muted">${example.response.recorded ? 'Answer recorded from the demo gateway' : 'The answer’s shape, from its schema'} (${example.response.status}):</p>
${jsonSample(example.response.body)}`;
}

/** `/docs/quickstart`: from a developer account to a second page of commits. */
export function quickstartPage(context: DocsContext): SafeHtml {
  const gw = context.baseUrl;
  const authorize = `${gw}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'CLIENT_ID',
    redirect_uri: 'https://acme.example.com/oauth/callback',
    scope: 'read:repositories read:commits',
    state: 'SECURE_RANDOM_STATE',
    customer_ref: 'CUSTOMER_EXTERNAL_ID',
  }).toString()}`;
  return docsPage(
    '/docs/quickstart',
    html`<p>From nothing to a second page of commits: create an app, send a customer through the hosted consent page, exchange the code for a token, read, and page with cursors. Every command runs against this gateway; <code>pnpm demo</code> prints working values for each variable.</p>`,
    [
      {
        id: 'account',
        title: '1. A developer account and a session',
        body: html`<p>Sign up on <a href="/app/signup">the signup page</a>, or with JSON. The dashboard creates and manages apps with forms; the API needs a session token, answered by a JSON sign-in:</p>
${sample(`curl -s -X POST "${gw}/app/signup" -H 'content-type: application/json' \\
  -d '{"name":"Dev","email":"dev@example.com","password":"a long password","company":"Acme"}'
curl -s -X POST "${gw}/app/login" -H 'content-type: application/json' \\
  -d '{"email":"dev@example.com","password":"a long password"}'
# → { "session": { "token": "sggst_…", … }, … }: SESSION_TOKEN`)}`,
      },
      {
        id: 'app',
        title: '2. Create an app',
        body: html`<p>An app has a name, the redirect URIs the consent page may send customers back to (exactly; no wildcards), and the scopes it may ask for. The answer carries <code>clientSecret</code> once: store it with <code>clientId</code>. The dashboard can rotate it.</p>
${sample(`curl -s -X POST "${gw}/v1/developer/apps" -H "Authorization: Bearer $SESSION_TOKEN" \\
  -H 'content-type: application/json' \\
  -d '{"name":"Acme Git Insights","allowedRedirectUris":["https://acme.example.com/oauth/callback"],"defaultPermissions":["read:profile","read:repositories","read:commits"]}'`)}
${answerOf(context, 'post', '/v1/developer/apps')}`,
      },
      {
        id: 'authorize',
        title: '3. Send the customer to the hosted consent page',
        body: html`<p>Redirect the customer's browser (or open a popup, or an iframe) to <code>/oauth/authorize</code> with <code>response_type=code</code>, your <code>client_id</code> and <code>redirect_uri</code>, the <code>scope</code> you need (within the app's permissions), a random <code>state</code>, and <code>customer_ref</code>, your stable id for this customer. PKCE (<code>code_challenge</code>, <code>S256</code>) is supported and recommended.</p>
${sample(authorize)}
<p>The customer connects a provider account, ticks repositories and scopes, and approves. In iframe mode the page may be framed only by the origins of your app's redirect URIs:</p>
${sample(`<iframe src="${authorize}" title="Connect your repositories" width="100%" height="760"></iframe>`)}
<p>An unknown <code>client_id</code> or a <code>redirect_uri</code> that is not exactly one of the app's is never redirected to: the customer sees an error page. Once both are valid, every other problem comes back to your <code>redirect_uri</code> as <code>?error=…&amp;error_description=…&amp;state=…</code>, and a refusal as <code>error=access_denied</code>.</p>`,
      },
      {
        id: 'state',
        title: '4. Check state on the callback',
        body: html`<p>The browser comes back to <code>redirect_uri?code=…&amp;state=…&amp;iss=…</code>. Accept it only when <code>state</code> is the one you stored for this browser; use it once.</p>
${sample(`import crypto from 'node:crypto';
// Before the redirect:
const state = crypto.randomBytes(24).toString('hex');
session.oauthState = state;
// On the callback:
if (!req.query.state || req.query.state !== session.oauthState) throw new Error('Invalid OAuth state');
delete session.oauthState;`)}`,
      },
      {
        id: 'token',
        title: '5. Exchange the code for tokens',
        body: html`<p>Within 60 seconds, once. The client authenticates with HTTP Basic or with <code>client_id</code> and <code>client_secret</code> in the body. Store the access token and the refresh token server-side.</p>
${sample(`curl -s -X POST "${gw}/oauth/token" -u "$CLIENT_ID:$CLIENT_SECRET" \\
  -d grant_type=authorization_code -d code="$CODE" \\
  --data-urlencode redirect_uri=https://acme.example.com/oauth/callback`)}
${answerOf(context, 'post', '/oauth/token')}
<p>The access token expires after <code>expiresInSeconds</code>; get a new one with the refresh token (each refresh token is single use and the answer carries the next one):</p>
${sample(`curl -s -X POST "${gw}/oauth/token" -u "$CLIENT_ID:$CLIENT_SECRET" \\
  -d grant_type=refresh_token -d refresh_token="$REFRESH_TOKEN"`)}
<p>Check the wiring right after the exchange: <code>GET /v1/platform/client/me</code> answers the token's client, tenant and connections.</p>
${sample(`curl -s "${gw}/v1/platform/client/me" -H "Authorization: Bearer $ACCESS_TOKEN"`)}`,
      },
      {
        id: 'first-read',
        title: '6. A first unified read',
        body: html`<p>The same call for every provider. Each route needs one scope, which the customer must have approved on the account it reads.</p>
${sample(`curl -s "${gw}/v1/repositories?provider=github&limit=25" -H "Authorization: Bearer $ACCESS_TOKEN"
curl -s "${gw}/v1/repositories/github/$REPO_ID" -H "Authorization: Bearer $ACCESS_TOKEN"`)}
${answerOf(context, 'get', '/v1/repositories/:provider/:repoId')}`,
      },
      {
        id: 'cursors',
        title: '7. Cursors',
        body: html`<p>Collections answer one page and <code>page_info</code>. While <code>has_next_page</code> is true, send <code>next_cursor</code> back as <code>cursor</code> with the same filters — exactly as received: a cursor is opaque and signed, bound to the endpoint, provider, repository, filters, limit and authorization, and expires (<code>CURSOR_EXPIRED</code>, 410). <code>INVALID_CURSOR</code> and <code>CURSOR_EXPIRED</code> both mean: start again from the first page. There is no previous-page cursor, and a page may hold fewer than <code>limit</code> items.</p>
${sample(`curl -s "${gw}/v1/repositories/github/$REPO_ID/commits?branch=main&limit=1" -H "Authorization: Bearer $ACCESS_TOKEN"
curl -s "${gw}/v1/repositories/github/$REPO_ID/commits?branch=main&limit=1&cursor=$NEXT_CURSOR" -H "Authorization: Bearer $ACCESS_TOKEN"`)}
${answerOf(context, 'get', '/v1/repositories/:provider/:repoId/commits')}`,
      },
      {
        id: 'errors',
        title: '8. Handle errors by code',
        body: html`<p>Branch on <code>error.code</code>, never on the message; keep <code>request_id</code> (also the <code>x-request-id</code> header) for support. Retry <code>RATE_LIMITED</code> after <code>Retry-After</code>, and <code>UPSTREAM_TIMEOUT</code> / <code>UPSTREAM_UNAVAILABLE</code> with exponential backoff. Every code, with its fix: <a href="/docs/errors">Errors</a>.</p>`,
      },
    ],
  );
}
