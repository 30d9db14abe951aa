import { Router, type Request, type Response } from 'express';
import { sendJson } from '../../http/collections.js';
import { gatewayError } from '../../http/errors.js';
import { sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { renderCommitMetrics, renderEndpointSuite, renderSandbox, renderScenario } from './page.js';
import {
  runCommitMetrics,
  runEndpointSuite,
  runRepositoryScenario,
  type RepositoryRef,
} from './probes.js';
import { CallbackQuery, ConfigForm, CsrfForm, ScenarioQuery } from './schemas.js';
import {
  beginAuthorization,
  completeAuthorization,
  refreshAccess,
  revokeTokens,
  testappRedirectUri,
} from './service.js';
import {
  checkTestappCsrf,
  newTestappSession,
  readTestappSession,
  requireTestappSession,
  testappCsrf,
  writeTestappSession,
  type TestappSession,
} from './session.js';

/** Refresh a token this close to its expiry before a probe. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * The hosted integration sandbox (seed: "Test App Routes"): a developer's own app, run through the
 * real OAuth flow against this gateway, then the live probes of the unified API. Its state lives
 * in an encrypted HttpOnly cookie (session.ts); it only ever calls this gateway's public URL.
 */
export function testappRouter(services: GatewayServices): Router {
  const router = Router();
  const gatewayUrl = services.config.publicUrl;

  router.get('/testapp', (req, res) => {
    const read = readTestappSession(services, req);
    const session = read === null || read === 'invalid' ? newTestappSession() : read;
    if (read !== session) writeTestappSession(services, res, session);
    let notice: string | null = null;
    if (read === 'invalid')
      notice =
        'The sandbox cookie of this browser could not be verified (altered, expired or sealed by another key), so it was discarded: configure the app again.';
    else if (req.get('host') !== new URL(gatewayUrl).host)
      notice = `Open the sandbox at ${gatewayUrl}/testapp: the authorization comes back to that address, and this browser's sandbox cookie is only sent there.`;
    sendHtml(
      res,
      200,
      'Test app sandbox',
      renderSandbox({
        session,
        csrf: testappCsrf(services, session),
        gatewayUrl,
        redirectUri: testappRedirectUri(services),
        notice,
      }),
    );
  });

  router.post('/testapp/config', async (req, res) => {
    const session = requireTestappSession(services, req);
    const body = parseInput(ConfigForm, req.body, 'body');
    checkTestappCsrf(services, session, body.csrf);
    const previous = session.config;
    const sameApp = previous?.clientId === body.client_id;
    const clientSecret = body.client_secret ?? (sameApp ? previous.clientSecret : undefined);
    if (clientSecret === undefined)
      throw gatewayError('INVALID_REQUEST', "Paste the app's client secret.");
    // Another app: the tokens of the previous one are revoked and forgotten.
    if (!sameApp && session.token !== null) await revokeTokens(services, session);
    const config = {
      clientId: body.client_id,
      clientSecret,
      customerRef: body.customer_ref ?? null,
    };
    const { pending, location } = beginAuthorization(services, config);
    writeTestappSession(services, res, {
      ...session,
      config,
      pending,
      token: sameApp ? session.token : null,
    });
    res.redirect(303, location);
  });

  router.get('/testapp/callback', async (req, res) => {
    const session = requireTestappSession(services, req);
    const query = parseInput(CallbackQuery, req.query, 'query');
    if (query.error !== undefined) {
      const matches = session.pending !== null && query.state === session.pending.state;
      if (matches) writeTestappSession(services, res, { ...session, pending: null });
      throw gatewayError(
        'INVALID_REQUEST',
        matches
          ? `The authorization ended without access: ${query.error}${query.error_description === undefined ? '' : ` (${query.error_description})`}. Go back to /testapp to try again.`
          : 'The callback state does not match the one this sandbox sent: the response was not for this browser.',
      );
    }
    const token = await completeAuthorization(services, session, query);
    writeTestappSession(services, res, { ...session, pending: null, token });
    res.redirect(303, '/testapp');
  });

  router.post('/testapp/disconnect', async (req, res) => {
    const session = requireTestappSession(services, req);
    const body = parseInput(CsrfForm, req.body, 'body');
    checkTestappCsrf(services, session, body.csrf);
    await revokeTokens(services, session);
    writeTestappSession(services, res, { ...session, token: null, pending: null });
    res.redirect(303, '/testapp');
  });

  /** The session's access token for a probe, refreshed first when it is (nearly) expired. */
  const accessToken = async (req: Request, res: Response): Promise<string> => {
    const session: TestappSession = requireTestappSession(services, req);
    if (session.token === null)
      throw gatewayError(
        'AUTH_REQUIRED',
        'The sandbox has no access token: configure and authorize an app on /testapp first.',
      );
    if (Date.parse(session.token.expiresAt) - REFRESH_MARGIN_MS > services.now())
      return session.token.accessToken;
    const token = await refreshAccess(services, session);
    writeTestappSession(services, res, { ...session, token });
    if (token === null)
      throw gatewayError(
        'AUTH_EXPIRED',
        "The sandbox's access token expired and could not be refreshed: authorize the app again on /testapp.",
      );
    return token.accessToken;
  };

  const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json';

  router.get('/testapp/live/commit-metrics', async (req, res) => {
    const token = await accessToken(req, res);
    const metrics = await runCommitMetrics(services, token);
    if (wantsJson(req)) {
      sendJson(res, 200, metrics);
      return;
    }
    sendHtml(res, 200, 'Commit metrics · sandbox', renderCommitMetrics(metrics));
  });

  router.get('/testapp/live/endpoint-suite', async (req, res) => {
    const token = await accessToken(req, res);
    const suite = await runEndpointSuite(services, token, null);
    if (wantsJson(req)) {
      sendJson(res, 200, suite);
      return;
    }
    sendHtml(res, 200, 'Endpoint suite · sandbox', renderEndpointSuite(suite));
  });

  router.get('/testapp/live/repository-scenario', async (req, res) => {
    const query = parseInput(ScenarioQuery, req.query, 'query');
    const repoId = query.repoId ?? query.repositoryId;
    if ((query.provider === undefined) !== (repoId === undefined))
      throw gatewayError(
        'INVALID_REQUEST',
        'Give both provider and repoId (or neither, for the first granted repository).',
      );
    const wanted: RepositoryRef | null =
      query.provider === undefined || repoId === undefined
        ? null
        : { provider: query.provider, repoId };
    const token = await accessToken(req, res);
    const scenario = await runRepositoryScenario(services, token, wanted);
    if (wantsJson(req)) {
      sendJson(res, 200, scenario);
      return;
    }
    sendHtml(res, 200, 'Repository scenario · sandbox', renderScenario(scenario));
  });

  return router;
}
