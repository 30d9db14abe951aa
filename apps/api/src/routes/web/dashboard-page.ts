import { ScmError } from '@scm/core';
import { Router, type Request, type Response } from 'express';
import type { SessionUser } from '../../auth/sessions.js';
import { sendErrorPage } from '../../http/error-page.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import {
  parseCreateForm,
  parseUpdateForm,
  readAppForm,
  type AppFormValues,
} from './dashboard-forms.js';
import {
  createApp,
  deleteApp,
  deletionImpact,
  loadAppPage,
  loadOverview,
  rotateAppSecret,
  updateApp,
} from './dashboard-service.js';
import {
  appPageBody,
  deleteConfirmBody,
  overviewBody,
  type CreatedSecret,
  type Messages,
} from './dashboard-views.js';
import { sendPage } from './html.js';
import { ClientIdParams, RangeQuery } from './schemas.js';
import type { WebHelpers } from './team-page.js';

const NOTICES: Record<string, string> = {
  updated: 'App updated.',
  deleted: 'App deleted: its grants and tokens are revoked.',
};

export type DashboardHelpers = Pick<WebHelpers, 'csrfToken' | 'checkCsrf'>;

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function noticeOf(req: Request): string | undefined {
  return typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
}

/**
 * The developer dashboard (`/app/dashboard`): the tenant's apps with their last week's usage,
 * customers and webhook subscriptions, the team, and the create form; each app's page
 * (`/app/dashboard/apps/:clientId`) with its usage as charts over 24 hours, 7 or 30 days, its
 * customers (connections, approvals, last use), its settings, secret rotation and deletion (behind
 * a confirmation page where the app's name is typed). Plain forms and links: no JavaScript needed.
 * Every form carries the session's CSRF token; another tenant's app is a 404 page.
 */
export function dashboardPages(services: GatewayServices, web: DashboardHelpers): Router {
  const router = Router();
  const { sessions, config } = services;

  const browserSession = async (req: Request, res: Response): Promise<SessionUser | null> => {
    const session = await sessions.optional(req);
    if (session === null) res.redirect(303, '/app/login');
    return session;
  };

  const renderOverview = async (
    res: Response,
    session: SessionUser,
    status: number,
    state: { messages?: Messages; draft?: AppFormValues } = {},
  ): Promise<void> => {
    const { tenantName, apps, team } = await loadOverview(services, session.tenantId);
    const csrf = web.csrfToken(session);
    sendPage(
      res,
      status,
      'Dashboard',
      overviewBody({
        email: session.user.email,
        tenantName: tenantName ?? session.tenantId,
        role: session.role,
        csrf,
        publicUrl: config.publicUrl,
        apps,
        team,
        messages: state.messages ?? {},
        draft: state.draft,
      }),
      { signedIn: true, csrf },
    );
  };

  const renderApp = async (
    req: Request,
    res: Response,
    session: SessionUser,
    clientId: string,
    status: number,
    state: { messages?: Messages; created?: CreatedSecret; draft?: AppFormValues } = {},
  ): Promise<void> => {
    const { range } = parseInput(RangeQuery, req.query, 'query');
    const page = await loadAppPage(services, session.tenantId, clientId, range);
    const csrf = web.csrfToken(session);
    sendPage(
      res,
      status,
      page.app.name,
      appPageBody({
        page,
        csrf,
        messages: state.messages ?? {},
        created: state.created,
        draft: state.draft,
      }),
      { signedIn: true, csrf },
    );
  };

  /**
   * A dashboard page or form: a session first (or the login form), then the CSRF token of a form;
   * a client error the handler does not answer itself (an unknown app, a bad token) is the HTML
   * error page with its status.
   */
  const page = (
    handler: (req: Request, res: Response, session: SessionUser) => Promise<void>,
    form = false,
  ) => {
    return async (req: Request, res: Response): Promise<void> => {
      const session = await browserSession(req, res);
      if (session === null) return;
      try {
        if (form) web.checkCsrf(req, session);
        await handler(req, res, session);
      } catch (error) {
        if (!ScmError.isInstance(error) || error.status >= 500) throw error;
        sendErrorPage(req, res, error);
      }
    };
  };

  const clientIdOf = (req: Request): string =>
    parseInput(ClientIdParams, req.params, 'params').clientId;

  router.get(
    '/app/dashboard',
    page(async (req, res, session) => {
      const notice = noticeOf(req);
      await renderOverview(res, session, 200, { messages: { notice } });
    }),
  );

  router.post(
    '/app/developer/apps',
    page(async (req, res, session) => {
      const values = readAppForm(bodyOf(req));
      const parsed = parseCreateForm(values);
      if (!parsed.ok) {
        await renderOverview(res, session, 400, {
          messages: { errors: parsed.messages },
          draft: values,
        });
        return;
      }
      const { app, clientSecret } = await createApp(
        services,
        { tenantId: session.tenantId, userId: session.user.id },
        parsed.data,
      );
      await renderApp(req, res, session, app.clientId, 201, {
        created: { app, clientSecret, kind: 'created' },
      });
    }, true),
  );

  router.get(
    '/app/dashboard/apps/:clientId',
    page(async (req, res, session) => {
      await renderApp(req, res, session, clientIdOf(req), 200, {
        messages: { notice: noticeOf(req) },
      });
    }),
  );

  router.post(
    '/app/developer/apps/:clientId/update',
    page(async (req, res, session) => {
      const clientId = clientIdOf(req);
      const values = readAppForm(bodyOf(req));
      const parsed = parseUpdateForm(values);
      if (!parsed.ok) {
        // The app must exist before its page shows the refused form (a 404 otherwise).
        await renderApp(req, res, session, clientId, 400, {
          messages: { errors: parsed.messages },
          draft: values,
        });
        return;
      }
      await updateApp(services, session.tenantId, clientId, parsed.data);
      res.redirect(303, `/app/dashboard/apps/${encodeURIComponent(clientId)}?notice=updated`);
    }, true),
  );

  router.post(
    '/app/developer/apps/:clientId/rotate-secret',
    page(async (req, res, session) => {
      const clientId = clientIdOf(req);
      if (bodyOf(req).confirm !== 'rotate') {
        await renderApp(req, res, session, clientId, 400, {
          messages: {
            errors: ['Tick "I understand…" to rotate the secret: the current one stops working.'],
          },
        });
        return;
      }
      const { app, clientSecret } = await rotateAppSecret(services, session.tenantId, clientId);
      await renderApp(req, res, session, clientId, 200, {
        created: { app, clientSecret, kind: 'rotated' },
      });
    }, true),
  );

  const renderDeleteConfirm = async (
    res: Response,
    session: SessionUser,
    clientId: string,
    status: number,
    error: string | undefined,
  ): Promise<void> => {
    const impact = await deletionImpact(services, session.tenantId, clientId);
    const csrf = web.csrfToken(session);
    sendPage(res, status, `Delete ${impact.app.name}`, deleteConfirmBody({ impact, csrf, error }), {
      signedIn: true,
      csrf,
    });
  };

  router.get(
    '/app/developer/apps/:clientId/delete',
    page(async (req, res, session) => {
      await renderDeleteConfirm(res, session, clientIdOf(req), 200, undefined);
    }),
  );

  // Deleting takes the app's name, typed: a one-click POST (an old form, a forged one that got a
  // token somehow, a double submit) deletes nothing.
  router.post(
    '/app/developer/apps/:clientId/delete',
    page(async (req, res, session) => {
      const clientId = clientIdOf(req);
      const impact = await deletionImpact(services, session.tenantId, clientId);
      const typed = bodyOf(req).confirm;
      if (typeof typed !== 'string' || typed.trim() !== impact.app.name.trim()) {
        await renderDeleteConfirm(
          res,
          session,
          clientId,
          400,
          typed === undefined || typed === ''
            ? `Type the app's name to confirm: nothing was deleted.`
            : `That is not the app's name: nothing was deleted.`,
        );
        return;
      }
      await deleteApp(services, session.tenantId, clientId);
      res.redirect(303, '/app/dashboard?notice=deleted');
    }, true),
  );

  return router;
}
