import { Router } from 'express';
import { sendJson } from '../../http/collections.js';
import type { GatewayServices } from '../../services.js';
import { callbackUrls, health, platformCapabilities, providerList } from './service.js';

/** Public discovery: health, providers, callback URLs and the platform's capabilities. */
export function discoveryRouter(services: GatewayServices): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    sendJson(res, 200, health(services));
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
