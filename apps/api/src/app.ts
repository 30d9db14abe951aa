import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { accessLog, cors, requestContext } from './http/request-context.js';
import { errorHandler, normalize, notFound } from './http/errors.js';
import { securityHeaders } from './http/security-headers.js';
import { refuseControlCharacters } from './http/control-characters.js';
import { withBody } from './http/body.js';
import { createServices, type GatewayDeps, type GatewayServices } from './services.js';
import { assetsRouter } from './routes/assets/router.js';
import { discoveryRouter } from './routes/discovery/router.js';
import { oauthRouter } from './routes/oauth/router.js';
import { oauthErrorHandler } from './routes/oauth/oauth-errors.js';
import { unifiedRouter } from './routes/unified/router.js';
import { unifiedCalls } from './routes/unified/calls.js';
import { directUnifiedReads } from './routes/unified/direct.js';
import { subscriptionsRouter } from './routes/subscriptions/router.js';
import { connectionsRouter } from './routes/connections/router.js';
import { accountRouter } from './routes/account/router.js';
import { developerRouter } from './routes/developer/router.js';
import { adminRouter } from './routes/admin/router.js';
import { webRouter } from './routes/web/router.js';
import { companyRouter } from './routes/company/router.js';
import { testappRouter } from './routes/testapp/router.js';
import { integrationsRouter } from './routes/integrations/router.js';
import { personalTokensRouter } from './routes/personal-tokens/router.js';
import { scmIntegrationsRouter } from './routes/scm-integrations/router.js';
import { workspaceIntegrationsRouter } from './routes/workspace-integrations/router.js';
import { workspaceScanRouter } from './routes/workspace-integrations/scan-router.js';
import { startOrgScanWorkers } from './scans/org-scan.js';
import { membersRouter } from './routes/members/router.js';
import { webhooksRouter } from './routes/webhooks/router.js';
import { directWebhooks } from './routes/webhooks/direct.js';
import { startWebhookWorkers } from './webhooks/jobs.js';

export interface GatewayApp {
  /** The server's request listener: the direct routes, then Express. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  app: Express;
  services: GatewayServices;
  /** Flushes usage logs and closes provider connections (the database is the caller's). */
  close(): Promise<void>;
}

/** Builds the gateway. Only main.ts listens. */
export async function createApp(deps: GatewayDeps): Promise<GatewayApp> {
  const services = await createServices(deps);
  const calls = unifiedCalls(services);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  // API answers are not revalidated by ETag: hashing every JSON body cost CPU on every read (#21).
  app.set('etag', false);
  app.use(requestContext);
  app.use(accessLog(services.logger, services.metrics));
  app.use(securityHeaders(services));
  // Provider webhooks: outside CORS, before the JSON parser (their signatures cover the raw body).
  app.use(webhooksRouter(services));
  app.use(cors(services.config.corsOrigins));
  app.use(withBody(express.json({ limit: '256kb' })));
  app.use(withBody(express.urlencoded({ extended: false, limit: '256kb' })));
  // Before the throttles: their keys (a client_id from the body) are written to the database, and
  // PostgreSQL refuses a NUL in text with a 500.
  app.use(refuseControlCharacters);
  // Throttles that guard other features' routes (logins and signups are throttled in the web router).
  app.use(services.throttles.adminKey);
  // Every route that checks a client secret shares the token throttles (failures per address, then
  // per client_id and address).
  app.post(
    ['/oauth/token', '/oauth/introspect', '/oauth/revoke', '/v1/platform/tokens'],
    services.throttles.tokenIp,
    services.throttles.token,
  );

  app.use(assetsRouter());
  app.use(discoveryRouter(services));
  app.use(oauthRouter(services));
  app.use(unifiedRouter(services, calls));
  app.use(subscriptionsRouter(services));
  app.use(connectionsRouter(services));
  app.use(integrationsRouter(services));
  app.use(scmIntegrationsRouter(services));
  app.use(personalTokensRouter(services));
  app.use(workspaceScanRouter(services));
  app.use(workspaceIntegrationsRouter(services));
  app.use(accountRouter(services));
  app.use(developerRouter(services));
  app.use(membersRouter(services));
  app.use(adminRouter(services));
  app.use(webRouter(services));
  app.use(companyRouter(services));
  app.use(testappRouter(services));

  app.use(notFound);
  // /oauth/token, /oauth/revoke and /oauth/introspect answer 4xx in the RFC 6749 §5.2 form.
  app.use(oauthErrorHandler(normalize));
  app.use(errorHandler(services.logger));
  const stopWorkers = await startWebhookWorkers(services);
  const stopScans = await startOrgScanWorkers(services);
  // Provider deliveries and the unified reads skip Express (routes/webhooks/direct.ts,
  // routes/unified/direct.ts): the busiest routes by far.
  const webhooks = directWebhooks(services);
  const reads = directUnifiedReads(services, calls);
  return {
    handle: (req, res) => {
      if (!webhooks(req, res) && !reads(req, res)) app(req, res);
    },
    app,
    services,
    close: async () => {
      stopScans();
      await services.close();
      await stopWorkers();
    },
  };
}
