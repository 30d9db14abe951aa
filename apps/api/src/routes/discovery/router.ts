import { Router } from 'express';
import { safeEqual } from '../../crypto/tokens.js';
import { createReadinessCheck, describeFailedChecks } from '../../db/ready.js';
import { gatewayError, sendError } from '../../http/errors.js';
import { sendJson } from '../../http/collections.js';
import type { GatewayServices } from '../../services.js';
import { callbackUrls, health, platformCapabilities, providerList } from './service.js';

/**
 * Public discovery: health (liveness: the process answers, no database), readiness (database,
 * migrations, job engine), providers, callback URLs and the platform's capabilities.
 */
export function discoveryRouter(services: GatewayServices): Router {
  const router = Router();
  const readiness = createReadinessCheck({
    db: services.db,
    jobs: services.jobs,
    logger: services.logger,
  });

  router.get('/health', (_req, res) => {
    sendJson(res, 200, health(services));
  });

  router.get('/ready', async (_req, res) => {
    const { ready, checks } = await readiness.check();
    res.setHeader('cache-control', 'no-store');
    if (ready) {
      sendJson(res, 200, { status: 'ready', checks });
      return;
    }
    sendError(
      res,
      gatewayError(
        'UPSTREAM_UNAVAILABLE',
        `The gateway is not ready: ${describeFailedChecks(checks)}. Retry shortly; if it persists, check the database (DATABASE_URL), run the migrations (pnpm --filter @scm/api migrate) and the gateway's log.`,
      ),
    );
  });

  // Prometheus metrics, only when the operator set METRICS_TOKEN, and only to a scraper sending it.
  const metricsToken = services.config.metricsToken;
  if (metricsToken !== undefined)
    router.get('/metrics', async (req, res) => {
      const header = req.headers.authorization ?? '';
      if (!header.startsWith('Bearer '))
        throw gatewayError('AUTH_REQUIRED', 'Send Authorization: Bearer METRICS_TOKEN.');
      if (!safeEqual(header.slice('Bearer '.length), metricsToken))
        throw gatewayError('INVALID_CREDENTIALS', 'This is not the gateway’s METRICS_TOKEN.');
      const { registry } = services.metrics;
      res.setHeader('content-type', registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(await registry.metrics());
    });

  router.get('/v1/providers', (_req, res) => {
    sendJson(res, 200, { data: providerList(services) });
  });

  router.get('/v1/auth/callback-urls', (_req, res) => {
    sendJson(res, 200, { data: callbackUrls(services) });
  });

  router.get('/v1/platform/capabilities', (_req, res) => {
    sendJson(res, 200, platformCapabilities(services));
  });

  return router;
}
