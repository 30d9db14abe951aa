import { Router } from 'express';
import { sendJson } from '../../http/collections.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../../openapi/document.js';
import { renderReference } from '../../openapi/reference-html.js';
import type { GatewayServices } from '../../services.js';
import { errorsPage } from './docs-errors.js';
import type { DocsContext } from './docs-layout.js';
import { titleOf } from './docs-layout.js';
import { overviewPage } from './docs-overview.js';
import { DOCS_PAGES, type DocsPagePath } from './docs-pages.js';
import { quickstartPage } from './docs-quickstart.js';
import { routesPage } from './docs-routes.js';
import { selfHostingPage } from './docs-self-hosting.js';
import { scopesPage, securityPage, webhooksPage } from './docs-topics.js';
import { raw, sendPage, type SafeHtml } from './html.js';

const RENDERERS: Record<DocsPagePath, (context: DocsContext) => SafeHtml> = {
  '/docs': overviewPage,
  '/docs/quickstart': quickstartPage,
  '/docs/routes': routesPage,
  '/docs/errors': errorsPage,
  '/docs/scopes': scopesPage,
  '/docs/security': securityPage,
  '/docs/webhooks': webhooksPage,
  '/docs/self-hosting': selfHostingPage,
};

/**
 * The documentation: the docs pages (docs-pages.ts: `/docs`, `/docs/quickstart`, …, built from
 * the route table, the recorded examples, the error-code table, the scope catalogue and the
 * configuration schema, so they cannot drift from the code), `/openapi.json` (the OpenAPI 3.1
 * document, with this deployment's URL as its server) and `/docs/api` (the reference rendered
 * from that document on the server). Pages are rendered on first use and kept: they depend only
 * on the code and the public URL.
 */
export function docsRouter(services: Pick<GatewayServices, 'config'>): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  let reference: string | undefined;
  const rendered = new Map<DocsPagePath, SafeHtml>();
  const theDocument = (): OpenApiDocument =>
    (document ??= buildOpenApiDocument({ serverUrl: services.config.publicUrl }));

  for (const { path } of DOCS_PAGES) {
    router.get(path, (_req, res) => {
      let body = rendered.get(path);
      if (body === undefined) {
        body = RENDERERS[path]({ baseUrl: services.config.publicUrl, document: theDocument() });
        rendered.set(path, body);
      }
      sendPage(res, 200, `${titleOf(path)} · SCM Gateway`, body, {
        scripts: ['landing-page.js'],
        bodyClass: 'wide',
      });
    });
  }

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, theDocument());
  });

  router.get('/docs/api', (_req, res) => {
    reference ??= renderReference(theDocument());
    sendPage(res, 200, 'API reference · SCM Gateway', raw(reference), { bodyClass: 'wide' });
  });

  return router;
}
