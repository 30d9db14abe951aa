import { Router } from 'express';
import type { GatewayServices } from '../../services.js';
import { docsRouter } from './docs-router.js';
import { html, sendPage } from './html.js';
import type { WebHelpers } from './team-page.js';

/** The public pages: the landing page, the documentation and the security model (`/zero-trust`). */
export function landingPages(
  services: GatewayServices,
  web: Pick<WebHelpers, 'csrfToken'>,
): Router {
  const router = Router();
  const { sessions } = services;
  const csrfToken = web.csrfToken;

  router.get('/', async (req, res) => {
    const session = await sessions.optional(req);
    sendPage(
      res,
      200,
      'GitFlare gateway',
      html`<h1>GitFlare gateway</h1>
<p>One API over GitHub, GitLab and Bitbucket: register an app, let your customers connect their accounts through the hosted consent flow, then read repositories, commits, pull requests, diffs and more with one scoped token.</p>
${
  session === null
    ? html`<p><a class="button" href="/app/signup">Create a developer account</a> <a class="button secondary" href="/app/login">Sign in</a></p>`
    : html`<p>Signed in as <strong>${session.user.email}</strong>. <a class="button" href="/app/dashboard">Open your dashboard</a></p>`
}
<p><a href="/docs">Read the API overview</a></p>`,
      session === null ? {} : { signedIn: true, csrf: csrfToken(session) },
    );
  });

  router.use(docsRouter(services));

  router.get('/zero-trust', (_req, res) => {
    sendPage(
      res,
      200,
      'Zero trust',
      html`<h1>How the gateway treats secrets</h1>
<ul>
<li>Client secrets, session tokens, access tokens and authorization codes are stored only as hashes; a secret is shown once, when it is made.</li>
<li>Provider credentials are encrypted at rest (AES-256-GCM).</li>
<li>Every token reaches only the connections and repositories its customer approved, and only with the approved scopes.</li>
<li>Diffs and files read with platform tokens pass the firewall: blocked paths (<code>.env</code>, <code>*.pem</code>, <code>*.key</code>…) are removed and secret-like values are replaced by hash markers.</li>
<li>Deleting an app or revoking a grant revokes its tokens at once.</li>
</ul>`,
    );
  });

  return router;
}
