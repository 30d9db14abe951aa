import { html, type SafeHtml } from './html.js';

/**
 * `/zero-trust`: the security model, for customers and developers. Every claim here is one the
 * code keeps (README "How it is built", "Trust model", "Throttling and security headers"); what
 * the gateway cannot promise is said too.
 */
export function zeroTrustBody(): SafeHtml {
  return html`<main>
<h1>The security model</h1>
<p>SCM Gateway stands between your customers' Git accounts and the apps they connect. It is built so that an app gets only what a customer approved, that secrets at rest are useless on their own, and that a repository's own secrets never reach an app. Details for developers: <a href="/docs/security">Firewall and security</a>.</p>

<h2 id="approve">A customer decides, per account</h2>
<ul>
<li>An app reads only the repositories and scopes the customer approved, on the provider accounts the customer connected. Every access token is checked against that approval on every call: a repository outside it is refused (<code>REPOSITORY_NOT_APPROVED</code>), a scope not approved is refused (<code>INSUFFICIENT_SCOPE</code>).</li>
<li>Knowing a customer's id (<code>customer_ref</code>) proves nothing. A browser sees and changes only the approvals of the accounts it signed into, with the provider, in that same browser session.</li>
<li>Signing into a provider is bound to the browser that started it and uses PKCE, so a sign-in link cannot be completed elsewhere.</li>
<li>A customer can change or withdraw an approval on the hosted access page at any time. Withdrawing it or deleting the app revokes the app's tokens — at once in the gateway process that made the change, within two seconds in every other; disconnecting an account deletes its stored provider tokens. Each removes the webhooks that access created from the provider.</li>
</ul>

<h2 id="secrets">Secrets at rest</h2>
<ul>
<li>Client secrets, session tokens, access and refresh tokens and authorization codes are stored only as their SHA-256 hash: the database cannot give them back. A secret is shown once, when it is made.</li>
<li>The customers' provider tokens and the webhook secrets are encrypted (AES-256-GCM) under a key kept outside the database (<code>SGG_ENCRYPTION_KEY</code>).</li>
<li>Authorization codes live 60 seconds and work once; replaying one revokes every token it issued. Refresh tokens rotate on every use; a spent one presented again ends its whole family.</li>
<li>Tokens, secrets and passwords are redacted from the logs, by field name and by shape.</li>
</ul>

<h2 id="firewall">A firewall on repository content</h2>
<ul>
<li>Diffs read with an app's access token pass the firewall: files such as <code>.env</code>, <code>*.pem</code> or <code>id_rsa</code> keep their name but lose their content, and secret-like values (API keys, tokens, private keys, passwords in assignments, credentials in URLs) are replaced by a one-way hash marker.</li>
<li>The file tree leaves blocked files out. The operator can change the blocked patterns at run time.</li>
</ul>

<h2 id="browser">In the browser</h2>
<ul>
<li>Pages load scripts and styles only from the gateway itself (a Content-Security-Policy), and work without JavaScript.</li>
<li>No other site may frame the gateway, except that an app's own origins (its registered redirect URIs) may frame its consent and access pages.</li>
<li>Every form carries a token bound to the browser's session, so another site cannot submit it.</li>
</ul>

<h2 id="audit">Accountability</h2>
<ul>
<li>Every authenticated call to the unified API is logged with its app, token, endpoint, repository and status; developers read it through <code>/v1/account/usage/*</code>.</li>
<li>Every answer carries a request id (<code>x-request-id</code>), also on error pages, to trace a problem end to end.</li>
</ul>

<h2 id="limits">What it cannot promise</h2>
<ul>
<li>The gateway reads repository data on the customer's behalf, so it sees that data in transit; whoever runs the gateway and holds its encryption key could read the stored provider tokens. Run it yourself (<a href="/docs/self-hosting">self-hosting</a>) if that must be you.</li>
<li>The firewall recognises secrets by their paths and shapes; a secret in an unusual form can pass. It filters diffs and the file tree, not repository names, commit messages or pull request titles.</li>
<li>Anyone who knows a <code>customer_ref</code> can add their own account to that customer's authorization; apps should use values that cannot be guessed.</li>
</ul>
</main>`;
}
