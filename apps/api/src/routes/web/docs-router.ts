import { Router } from 'express';
import { sendJson } from '../../http/collections.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../../openapi/document.js';
import { renderReference } from '../../openapi/reference-html.js';
import type { GatewayServices } from '../../services.js';
import { docsBody } from './docs-page.js';
import { raw, sendPage } from './html.js';

/**
 * The documentation: `/docs` (the overview and route list), `/openapi.json` (the OpenAPI 3.1
 * document, with this deployment's URL as its server) and `/docs/api` (the reference rendered from
 * that document on the server). The document is built on first use and kept: it depends only on
 * the code and the public URL.
 */
export function docsRouter(services: Pick<GatewayServices, 'config'>): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  let reference: string | undefined;
  const theDocument = (): OpenApiDocument =>
    (document ??= buildOpenApiDocument({ serverUrl: services.config.publicUrl }));

  router.get('/docs', (_req, res) => {
    sendPage(res, 200, 'API overview', docsBody());
  });

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, theDocument());
  });

  router.get('/docs/api', (_req, res) => {
    reference ??= renderReference(theDocument());
    sendPage(res, 200, 'API reference', raw(reference));
  });

  return router;
}
