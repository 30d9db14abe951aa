import { Router } from 'express';
import { PRODUCT_NAME } from '../../http/html.js';
import type { GatewayServices } from '../../services.js';
import { docsRouter } from './docs-router.js';
import { providerNames } from './docs-overview.js';
import { html, sendPage } from './html.js';
import type { WebHelpers } from './team-page.js';
import { zeroTrustBody } from './docs-zero-trust.js';

/**
 * The public pages: the landing page (every hosted page is reachable from it), the documentation
 * and the security model (`/zero-trust`).
 */
export function landingPages(
  services: GatewayServices,
  web: Pick<WebHelpers, 'csrfToken'>,
): Router {
  const router = Router();
  const { sessions, config } = services;
  const csrfToken = web.csrfToken;

  router.get('/', async (req, res) => {
    const session = await sessions.optional(req);
    sendPage(
      res,
      200,
      PRODUCT_NAME,
      html`<main>
<h1>${PRODUCT_NAME}</h1>
<p>One API over ${providerNames()}: register an app, let your customers connect their accounts and approve repositories on the hosted consent page, then read repositories, commits, pull requests, diffs and more with one scoped token — one error body, signed cursors, and a firewall that keeps secrets out of every diff.</p>
${
  session === null
    ? html`<p><a class="button" href="/app/signup">Create a developer account</a> <a class="button secondary" href="/app/login">Sign in</a></p>`
    : html`<p>Signed in as <strong>${session.user.email}</strong>. <a class="button" href="/app/dashboard">Open your dashboard</a></p>`
}
<h2 id="start">Start here</h2>
<ul class="cards">
<li><a href="/docs/quickstart"><strong>Quickstart</strong></a><span class="muted">An app, the OAuth flow, a token, a first read, cursors.</span></li>
<li><a href="/docs"><strong>Documentation</strong></a><span class="muted">Routes with examples, errors, scopes, webhooks, self-hosting.</span></li>
<li><a href="/docs/api"><strong>API reference</strong></a><span class="muted">Every route, rendered from <a href="/openapi.json">the OpenAPI document</a>.</span></li>
<li><a href="/zero-trust"><strong>Security model</strong></a><span class="muted">What is stored, what never leaves, who can see what.</span></li>
<li><a href="/testapp"><strong>Test app</strong></a><span class="muted">A sandbox app: run the OAuth flow and live probes against this gateway.</span></li>
<li><a href="${session === null ? '/app/login' : '/app/dashboard'}"><strong>Dashboard</strong></a><span class="muted">Your apps, their secrets, customers and usage${session === null ? ' (sign in first)' : ''}.</span></li>
</ul>
<h2 id="try">Try it</h2>
<p>What this gateway offers, without a credential:</p>
<pre data-copy><code>curl -s ${config.publicUrl}/v1/platform/capabilities</code></pre>
<p>With an access token from the <a href="/docs/quickstart">quickstart</a>:</p>
<pre data-copy><code>curl -s "${config.publicUrl}/v1/repositories?provider=github&amp;limit=25" -H "Authorization: Bearer $ACCESS_TOKEN"</code></pre>
</main>`,
      {
        ...(session === null ? {} : { signedIn: true, csrf: csrfToken(session) }),
        scripts: ['landing-page.js'],
      },
    );
  });

  router.use(docsRouter(services));

  router.get('/zero-trust', async (req, res) => {
    const session = await sessions.optional(req);
    sendPage(res, 200, `Security model · ${PRODUCT_NAME}`, zeroTrustBody(), {
      ...(session === null ? {} : { signedIn: true, csrf: csrfToken(session) }),
    });
  });

  return router;
}
