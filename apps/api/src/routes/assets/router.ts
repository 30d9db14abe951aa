import { Router } from 'express';
import { assetOf, isAssetName } from '../../http/assets.js';
import { gatewayError } from '../../http/errors.js';

const YEAR_SECONDS = 31_536_000;

/**
 * `GET /assets/:file`: the pages' stylesheet, scripts and logo (src/http/assets.ts). With the
 * current `?v=<hash>` (the URL the pages link) the answer is cached for a year (`immutable`);
 * without it, or with an old hash, for five minutes. Every answer has a strong ETag and
 * `If-None-Match` is answered 304. `X-Content-Type-Options: nosniff` comes with every response
 * (security-headers.ts). Any other name is RESOURCE_NOT_FOUND (an HTML page for a browser).
 */
export function assetsRouter(): Router {
  const router = Router();
  router.get('/assets/:file', (req, res) => {
    const name = req.params.file;
    if (!isAssetName(name))
      throw gatewayError(
        'RESOURCE_NOT_FOUND',
        `No asset named ${name.slice(0, 100)}: the pages use /assets/app.css, /assets/landing-page.js, /assets/secure-git-connect-page.js and /assets/gitflare-logo.svg.`,
      );
    const asset = assetOf(name);
    const current = req.query.v === asset.hash;
    const etag = `"${asset.hash}"`;
    res.setHeader(
      'cache-control',
      current ? `public, max-age=${YEAR_SECONDS}, immutable` : 'public, max-age=300',
    );
    res.setHeader('etag', etag);
    res.setHeader('content-type', asset.contentType);
    const ifNoneMatch = req.get('if-none-match');
    // Split on commas and trimmed: `/\s*,\s*/` backtracks quadratically on a header of spaces.
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag) === true) {
      res.status(304).end();
      return;
    }
    res.status(200).send(asset.body);
  });
  return router;
}
