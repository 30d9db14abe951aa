import { DEFAULT_BLOCKED_PATHS, RULE_IDS } from '@scm/firewall';
import { ROUTE_GROUPS } from '../../openapi/groups/index.js';
import { SUBSCRIPTIONS_GROUP } from '../../openapi/groups/platform.js';
import type { RouteDoc } from '../../openapi/route-doc.js';
import { SCOPES } from '../../scopes.js';
import { exampleOf } from './docs-examples.js';
import { docsPage, jsonSample, sample, type DocsContext } from './docs-layout.js';
import { routeOf } from './docs-quickstart.js';
import { html, type SafeHtml } from './html.js';

/** Every route that needs `scope` (from the route table). */
function routesNeeding(scope: string): RouteDoc[] {
  return ROUTE_GROUPS.flatMap((group) =>
    group.routes.filter((route) => route.auth.kind === 'accessToken' && route.auth.scope === scope),
  );
}

/** `/docs/scopes`: the catalogue, with the routes each scope opens. */
export function scopesPage(context: DocsContext): SafeHtml {
  return docsPage(
    '/docs/scopes',
    html`<p>A scope lets an access token read one kind of data. An app registers the scopes it may ask for (<code>defaultPermissions</code>); <code>/oauth/authorize</code> asks for some of them (<code>scope</code>); the customer approves them per provider account. A token reaches an account only with the scopes it holds <em>and</em> the customer approved there — <code>INSUFFICIENT_SCOPE</code> otherwise.</p>`,
    [
      {
        id: 'catalogue',
        title: 'The scope catalogue',
        body: html`<table><thead><tr><th>Scope</th><th>Label</th><th>Lets the app</th><th>Routes</th></tr></thead><tbody>${SCOPES.map(
          (entry) =>
            html`<tr id="${entry.scope.replace(':', '-')}"><td><code>${entry.scope}</code></td><td>${entry.label}</td><td>${entry.description}</td><td>${routesNeeding(
              entry.scope,
            ).map(
              (route) => html`<code>${route.method.toUpperCase()} ${route.path}</code><br>`,
            )}</td></tr>`,
        )}</tbody></table>`,
      },
      {
        id: 'asking',
        title: 'Asking for scopes',
        body: html`<p>Space-separated in <code>scope</code>; only scopes among the app's permissions (a scope outside them comes back as <code>error=invalid_scope</code>). A refresh may narrow the access token's scopes, never widen them. The catalogue is also machine-readable:</p>
${sample(`curl -s "${context.baseUrl}/v1/platform/capabilities"`)}`,
      },
    ],
  );
}

/** `/docs/security`: the firewall, tokens at rest, and the trust model of approvals. */
export function securityPage(context: DocsContext): SafeHtml {
  const firewallRoute = routeOf('get', '/v1/security/firewall/config');
  const firewallAnswer = exampleOf(context.document, context.baseUrl, firewallRoute).response;
  return docsPage(
    '/docs/security',
    html`<p>What the gateway does so that an app gets only what a customer approved, and never a secret from a repository. The short version for customers is <a href="/zero-trust">the security model</a>.</p>`,
    [
      {
        id: 'firewall',
        title: 'The firewall',
        body: html`<p>Every diff read with an app's access token (<code>…/commits/:commitId/diff</code>, <code>…/pull-requests/:pullRequestId/diff</code>) passes the firewall before it leaves the gateway:</p>
<ul>
<li>A file whose path matches a blocked pattern stays in the list as <code>{ path, blocked: true, patch: null }</code>; its content never leaves. The file tree (<code>…/file-tree</code>) leaves blocked paths out.</li>
<li>A secret-like value in any other file (keys and tokens of ${RULE_IDS.length} kinds, private-key blocks, credentials in URLs, <code>password = "…"</code>-style assignments) is replaced by <code>[hashed:sha256:&lt;12 hex&gt;]</code>: the same value gives the same marker, so a change still shows, and the value cannot be read back.</li>
</ul>
<p>The default blocked patterns: ${DEFAULT_BLOCKED_PATHS.map((pattern, index) => html`${index === 0 ? '' : ', '}<code>${pattern}</code>`)}. A pattern without <code>/</code> matches the file name in any directory; with <code>/</code> the whole path (<code>secrets/**</code>).</p>
<p>The platform admin changes the settings at run time; every gateway process on the same database applies them within a second:</p>
${sample(`curl -s -X POST "${context.baseUrl}/v1/security/firewall/config" -H "x-admin-api-key: $ADMIN_KEY" \\
  -H 'content-type: application/json' \\
  -d '{"enabled":true,"blockedFilePatterns":[".env",".env.*","*.pem","secrets/**"]}'`)}
${firewallAnswer === null ? '' : jsonSample(firewallAnswer.body)}`,
      },
      {
        id: 'secrets',
        title: 'Tokens and secrets',
        body: html`<ul>
<li>Client secrets, session tokens, access and refresh tokens and authorization codes are stored only as their SHA-256; a secret is shown once, when it is made.</li>
<li>Provider tokens, the gateway's provider OAuth secrets and webhook secrets are sealed with AES-256-GCM under a key derived from <code>SGG_ENCRYPTION_KEY</code>.</li>
<li>Authorization codes live 60 seconds and are single use; a replayed code revokes what it issued. Refresh tokens rotate; a spent one presented again ends its whole family.</li>
<li>Tokens and secrets are redacted from the logs, by field name and by value shape.</li>
</ul>`,
      },
      {
        id: 'approvals',
        title: 'Who can see and change an approval',
        body: html`<ul>
<li>An approval belongs to a provider account: each connected account carries its own repositories and scopes.</li>
<li>A <code>customer_ref</code> proves nothing. A browser sees and changes only the approvals of the accounts it signed into with the provider in that browser session.</li>
<li>Someone who knows a <code>customer_ref</code> can add their own account to that customer's authorization; use values that cannot be guessed (random, or an HMAC of your own id). A token's <code>connectionIds</code> list the accounts it reaches.</li>
<li>Revoking an approval or deleting an app revokes its tokens (at once in the process that made the change, within two seconds in the others); disconnecting an account deletes its sealed provider tokens. Each removes the webhooks that access created from the provider.</li>
</ul>`,
      },
      {
        id: 'headers',
        title: 'Headers and framing',
        body: html`<p>Every page and answer carries a Content-Security-Policy (<code>default-src 'none'</code>; scripts and styles only from this gateway's <code>/assets</code>), <code>X-Content-Type-Options: nosniff</code> and <code>Referrer-Policy: no-referrer</code>. Nothing may frame the gateway, except the consent and access pages, which the origins of the app's own redirect URIs may frame (iframe mode).</p>`,
      },
    ],
  );
}

/** `/docs/webhooks`: subscribing, verifying deliveries, managing subscriptions. */
export function webhooksPage(context: DocsContext): SafeHtml {
  const gw = context.baseUrl;
  const subscribe = exampleOf(
    context.document,
    gw,
    routeOf('post', '/v1/repositories/:provider/:repoId/events/subscribe'),
  ).response;
  return docsPage(
    '/docs/webhooks',
    html`<p>An app with the <code>events:subscribe</code> scope can have the gateway create a webhook on an approved repository and receive the provider's events, normalized and signed, at its own URL.</p>`,
    [
      {
        id: 'subscribe',
        title: 'Subscribe',
        body: html`<p>The customer must have approved <code>events:subscribe</code> on the account. The answer carries <code>signingSecret</code> once.</p>
${sample(`curl -s -X POST "${gw}/v1/repositories/github/$REPO_ID/events/subscribe" -H "Authorization: Bearer $ACCESS_TOKEN" \\
  -H 'content-type: application/json' -d '{"callbackUrl":"https://ci.example.com/hooks","events":["push","pull_request"]}'`)}
${subscribe === null ? '' : jsonSample(subscribe.body)}
<p>The callback URL must be a public https host (unless the operator allows a private one). A subscription lives as long as the access that made it: revoking the approval, deleting the app or disconnecting the account removes the hook from the provider.</p>`,
      },
      {
        id: 'deliveries',
        title: 'Deliveries',
        body: html`<p>Each event is posted to <code>callbackUrl</code> as <code>{ "type": "scm.&lt;event&gt;", "timestamp", "data": &lt;normalized event&gt; }</code>, signed the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> way: <code>webhook-id</code> (the same on a redelivery: deduplicate on it), <code>webhook-timestamp</code>, <code>webhook-signature</code> with the <code>signingSecret</code>. Verify before you parse:</p>
${sample(`import { Webhook } from 'standardwebhooks';
const payload = new Webhook(signingSecret).verify(rawBody, headers); // throws when the signature is wrong`)}
<p>A non-2xx answer or a network error is retried with exponential backoff and jitter (12 retries from 30 seconds), then the delivery is <code>dead</code>; answering <code>410 Gone</code> turns the subscription off.</p>`,
      },
      {
        id: 'manage',
        title: 'Manage subscriptions and deliveries',
        body: html`<p>With the same access token: list, change (<code>callbackUrl</code>, <code>events</code>, <code>active</code>), delete, read the delivery log and redeliver.</p>
<ul>${SUBSCRIPTIONS_GROUP.routes.map(
          (route) =>
            html`<li><code>${route.method.toUpperCase()} ${route.path}</code> — ${route.summary.replace(/`/g, '')}</li>`,
        )}</ul>
${sample(`curl -s "${gw}/v1/subscriptions?limit=25" -H "Authorization: Bearer $ACCESS_TOKEN"
curl -s "${gw}/v1/subscriptions/$SUBSCRIPTION_ID/deliveries" -H "Authorization: Bearer $ACCESS_TOKEN"
curl -s -X POST "${gw}/v1/subscriptions/$SUBSCRIPTION_ID/deliveries/$DELIVERY_ID/redeliver" -H "Authorization: Bearer $ACCESS_TOKEN"`)}
<p>The dashboard lists every app's subscriptions and their last deliveries at <a href="/app/subscriptions">/app/subscriptions</a>.</p>`,
      },
      {
        id: 'provider-webhooks',
        title: 'Provider webhooks (operators)',
        body: html`<p>The providers call <code>POST /v1/webhooks/github</code>, <code>/gitlab</code> or <code>/bitbucket</code>. Each delivery's signature is verified before its body is parsed, each delivery id is accepted once, and its events and the deliveries to every matching subscription are stored in one transaction.</p>`,
      },
    ],
  );
}
