import { ScmError } from '@scm/core';
import { Router, type Request } from 'express';
import { sendJson } from '../../http/collections.js';
import { sendError } from '../../http/errors.js';
import { parseInput, requireOwnOriginForCookie } from '../../http/validate.js';
import {
  invalidateScanCache,
  scanPermissions,
  scanProgress,
  scanResults,
  scanStatus,
  startOrgScan,
  requireScanRole,
} from '../../scans/org-scan.js';
import type { GatewayServices } from '../../services.js';
import { ScanOrgBody, ScanResultsQuery } from './scan-schemas.js';

/**
 * The workspace's GitHub organization scan (seed 002) under `/api/integrations/github/scan-…`:
 * a user session, owner or admin, on every route; the scan itself runs as a background job
 * (src/scans/org-scan.ts).
 */
export function workspaceScanRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;
  // No body (or an empty one) is `{}`: scan the installation's account.
  const bodyOf = (req: Request): unknown => {
    const body: unknown = req.body;
    return body === undefined || body === null || body === '' ? {} : body;
  };

  router.post('/api/integrations/github/scan-org', async (req, res) => {
    requireOwnOriginForCookie(req, services.config.publicUrl);
    const session = await sessions.require(req);
    requireScanRole(session);
    try {
      const { started, scan } = await startOrgScan(
        services,
        session,
        parseInput(ScanOrgBody, bodyOf(req), 'body'),
      );
      sendJson(res, started ? 202 : 200, { started, scan });
    } catch (error) {
      // A body the gateway cannot act on (an `org` the installation is not on) is 422.
      if (ScmError.isInstance(error) && error.code === 'INVALID_REQUEST') {
        sendError(res, error, 422);
        return;
      }
      throw error;
    }
  });

  router.get('/api/integrations/github/scan-progress', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, await scanProgress(services, session));
  });

  router.get('/api/integrations/github/scan-permissions', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, await scanPermissions(services, session));
  });

  router.post('/api/integrations/github/scan-cache/invalidate', async (req, res) => {
    requireOwnOriginForCookie(req, services.config.publicUrl);
    const session = await sessions.require(req);
    sendJson(res, 200, await invalidateScanCache(services, session));
  });

  router.get('/api/integrations/github/scan-status', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, await scanStatus(services, session));
  });

  router.get('/api/integrations/github/scan-results', async (req, res) => {
    const session = await sessions.require(req);
    const query = parseInput(ScanResultsQuery, req.query, 'query');
    sendJson(res, 200, await scanResults(services, session, query));
  });

  return router;
}
