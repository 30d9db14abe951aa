import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import {
  clearBindingCookie,
  newBinding,
  readBinding,
  setBindingCookie,
} from '../../auth/browser-binding.js';
import { sendJson } from '../../http/collections.js';
import { escapeHtml, htmlPage, sendHtml, STYLE_SOURCE } from '../../http/html.js';
import {
  jsonBodyOrNone,
  parseInput,
  requireJsonBody,
  requireOwnOrigin,
  requireOwnOriginForCookie,
} from '../../http/validate.js';
import { requireProvider } from '../../providers/require-provider.js';
import type { GatewayServices } from '../../services.js';
import {
  CallbackQuery,
  CompleteBody,
  IdParams,
  InstalledQuery,
  ProviderParams,
  StartBody,
  StateQuery,
} from './schemas.js';
import {
  finishFlow,
  finishInstall,
  getIntegration,
  integrationInstallations,
  issueWebhookSecret,
  integrationRepositories,
  listIntegrations,
  openFlow,
  removeIntegration,
  startIntegration,
  syncIntegrationInstallations,
  type FlowProof,
} from './service.js';

// The one script the create page runs: it posts the manifest form as soon as the page loads (the
// button does the same without JavaScript). The page's CSP allows exactly it, by its hash.
const AUTO_SUBMIT = "document.getElementById('manifest-form').submit();";
const AUTO_SUBMIT_SOURCE = `'sha256-${createHash('sha256').update(AUTO_SUBMIT, 'utf8').digest('base64')}'`;

const seconds = (until: Date, now: number): number =>
  Math.max(1, Math.ceil((until.getTime() - now) / 1000));

/**
 * Oore CI's integrations API (seeds 000/001) under `/v1/integrations`: a user session (cookie or
 * `Authorization: Bearer sggst_…`) on every JSON route; mutations need owner or admin. The browser
 * steps (`create`, `callback`, `installed`) are bound to the browser that opened the flow's link.
 */
export function integrationsRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions, now } = services;
  const providerOf = (req: Request) =>
    requireProvider(parseInput(ProviderParams, req.params, 'params').provider);
  const cookiePath = (provider: string) => `/v1/integrations/${provider}/`;
  const proofOf = async (req: Request): Promise<FlowProof> => ({
    bindingOf: (stateId) => readBinding(services, req, stateId),
    session: await sessions.optional(req),
  });
  const done = (res: Response, returnTo: string | null, title: string, body: string) => {
    res.setHeader('cache-control', 'no-store');
    if (returnTo !== null) res.redirect(303, returnTo);
    else sendHtml(res, 200, title, body);
  };

  router.post('/v1/integrations/:provider/start', async (req, res) => {
    const provider = providerOf(req);
    const session = await sessions.require(req);
    const body = parseInput(StartBody, jsonBodyOrNone(req), 'body');
    const started = await startIntegration(services, { provider, session, body });
    sendJson(res, started.status, started.body);
  });

  /**
   * `…/create`, opened (GET) or confirmed (POST from the confirmation page): binds the flow to this
   * browser and goes on to the provider, or — a browser not signed in here opening the link — asks
   * first, binding nothing.
   */
  const create = async (req: Request, res: Response, confirmed: boolean) => {
    const provider = providerOf(req);
    const { state } = confirmed
      ? parseInput(StateQuery, req.body as unknown, 'body')
      : parseInput(StateQuery, req.query, 'query');
    const binding = newBinding();
    const flow = await openFlow(services, {
      provider,
      state,
      bindingHash: binding.hash,
      opener: await sessions.optional(req),
      confirmed,
    });
    res.setHeader('cache-control', 'no-store');
    const providerSite = escapeHtml(flow.providerOrigin);
    if (flow.kind === 'confirm') {
      // Who asked and for which workspace (as they registered them: addresses are not verified);
      // the button posts back here, and only that binds the flow.
      res.setHeader(
        'content-security-policy',
        // The button posts here, and an OAuth flow's answer redirects on to the provider:
        // browsers hold the redirect of a form submission to form-action too.
        `default-src 'none'; img-src 'self'; style-src ${STYLE_SOURCE}; form-action 'self' ${flow.providerOrigin}; frame-ancestors 'none'; base-uri 'none'`,
      );
      // So that the button's POST names this origin (under no-referrer a form's Origin is null).
      res.setHeader('referrer-policy', 'same-origin');
      sendHtml(
        res,
        200,
        'Connect an account',
        `<h1>Connect an account on ${providerSite}</h1>
<p>An account of this gateway registered as <strong>${escapeHtml(flow.requester.startedBy)}</strong> asked to connect an account on ${providerSite} to its workspace <strong>${escapeHtml(flow.requester.workspace)}</strong>. The workspace's members will read the repositories your account reaches there.</p>
<p>Continue only if you started this yourself or know who did; otherwise close this page.</p>
<form id="confirm-form" method="post" action="/v1/integrations/${escapeHtml(provider)}/create">
<input type="hidden" name="state" value="${escapeHtml(state)}">
<button type="submit">Continue to ${providerSite}</button>
</form>`,
      );
      return;
    }
    setBindingCookie(services, res, {
      stateId: flow.stateId,
      path: cookiePath(provider),
      value: binding.value,
      maxAgeSeconds: seconds(flow.expiresAt, now()),
    });
    if (flow.kind === 'redirect') {
      res.redirect(confirmed ? 303 : 302, flow.url);
      return;
    }
    // The form goes to the provider, which redirects back here: both must be allowed form targets.
    res.setHeader(
      'content-security-policy',
      `default-src 'none'; img-src 'self'; style-src ${STYLE_SOURCE}; script-src ${AUTO_SUBMIT_SOURCE}; form-action 'self' ${flow.providerOrigin} ${new URL(services.config.publicUrl).origin}; frame-ancestors 'none'; base-uri 'none'`,
    );
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .send(
        htmlPage(
          'Create the app',
          `<h1>Create the app on ${providerSite}</h1>
<p>You are being sent to the provider to create the app this gateway will act as. Review its name and permissions there.</p>
<form id="manifest-form" method="post" action="${escapeHtml(flow.formAction)}">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(flow.manifest))}">
<button type="submit">Continue</button>
</form>
<script>${AUTO_SUBMIT}</script>`,
        ),
      );
  };

  router.get('/v1/integrations/:provider/create', async (req, res) => {
    await create(req, res, false);
  });
  // The confirmation page's button: only a page of this origin may post it.
  router.post('/v1/integrations/:provider/create', async (req, res) => {
    requireOwnOrigin(req, services.config.publicUrl);
    await create(req, res, true);
  });

  router.get('/v1/integrations/:provider/callback', async (req, res) => {
    const provider = providerOf(req);
    const query = parseInput(CallbackQuery, req.query, 'query');
    const installBinding = newBinding();
    const result = await finishFlow(services, {
      provider,
      state: query.state,
      code: query.code,
      error: query.error,
      proof: await proofOf(req),
      installBindingHash: installBinding.hash,
    });
    clearBindingCookie(services, res, { stateId: result.stateId, path: cookiePath(provider) });
    if (result.next !== null) {
      // On to installing the new app, in this same browser.
      setBindingCookie(services, res, {
        stateId: result.next.stateId,
        path: cookiePath(provider),
        value: installBinding.value,
        maxAgeSeconds: seconds(result.next.expiresAt, now()),
      });
      res.setHeader('cache-control', 'no-store');
      res.redirect(302, result.next.installUrl);
      return;
    }
    done(
      res,
      result.returnTo,
      'Integration connected',
      `<h1>Connected</h1><p>${escapeHtml(result.integration.display_name)} is connected (integration <code>${escapeHtml(result.integration.id)}</code>).</p>`,
    );
  });

  const complete = async (req: Request, res: Response) => {
    const provider = providerOf(req);
    const session = await sessions.require(req);
    requireJsonBody(req);
    const body = parseInput(CompleteBody, req.body, 'body');
    const result = await finishFlow(services, {
      provider,
      state: body.state,
      code: body.code,
      error: undefined,
      proof: { bindingOf: () => undefined, session },
      installBindingHash: null,
    });
    sendJson(res, 201, {
      ...result.integration,
      ...(result.next === null ? {} : { install_url: result.next.installUrl }),
    });
  };
  router.post('/v1/integrations/:provider/complete', complete);
  router.post('/v1/integrations/:provider/authorize', complete);

  router.get('/v1/integrations/:provider/installed', async (req, res) => {
    const provider = providerOf(req);
    const query = parseInput(InstalledQuery, req.query, 'query');
    const result = await finishInstall(services, {
      provider,
      state: query.state,
      installationId: query.installation_id,
      proof: await proofOf(req),
    });
    if (result.stateId !== null)
      clearBindingCookie(services, res, { stateId: result.stateId, path: cookiePath(provider) });
    done(
      res,
      result.returnTo,
      'App installed',
      `<h1>Installed</h1><p>The app is installed on ${escapeHtml(result.installation.account.login)} (integration <code>${escapeHtml(result.connectionId)}</code>).</p>`,
    );
  });

  router.get('/v1/integrations', async (req, res) => {
    sendJson(res, 200, await listIntegrations(services, await sessions.require(req)));
  });

  router.get('/v1/integrations/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(res, 200, await getIntegration(services, await sessions.require(req), id));
  });

  router.delete('/v1/integrations/:id', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(res, 200, await removeIntegration(services, await sessions.require(req), id));
  });

  router.get('/v1/integrations/:id/repositories', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(res, 200, await integrationRepositories(services, await sessions.require(req), id));
  });

  router.get('/v1/integrations/:id/installations', async (req, res) => {
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(res, 200, await integrationInstallations(services, await sessions.require(req), id));
  });

  router.post('/v1/integrations/:id/webhook-secret', async (req, res) => {
    requireOwnOriginForCookie(req, services.config.publicUrl);
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(res, 200, await issueWebhookSecret(services, await sessions.require(req), id));
  });

  router.post('/v1/integrations/:id/installations', async (req, res) => {
    requireOwnOriginForCookie(req, services.config.publicUrl);
    const { id } = parseInput(IdParams, req.params, 'params');
    sendJson(
      res,
      200,
      await syncIntegrationInstallations(services, await sessions.require(req), id),
    );
  });

  return router;
}
