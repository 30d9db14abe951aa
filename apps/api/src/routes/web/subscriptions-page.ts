import { Router } from 'express';
import { listTenantClients } from '../../oauth-clients/service.js';
import type { GatewayServices } from '../../services.js';
import type { DeliveryView } from '../../webhooks/subscription-views.js';
import { loadAppSubscriptions } from '../../webhooks/subscription-views.js';
import type { SubscriptionView } from '../../webhooks/subscriptions.js';
import { html, sendPage, type SafeHtml } from './html.js';
import type { WebHelpers } from './team-page.js';

type Row = SubscriptionView & { deliveries: DeliveryView[] };

/**
 * The dashboard's "Webhook subscriptions" page (`/app/subscriptions`, read-only): per developer app
 * of the tenant, the subscriptions its token created with `events/subscribe` (repository, target,
 * events, whether it delivers and why not) and their last deliveries. No secret is ever shown.
 */
export function subscriptionsPage(
  services: GatewayServices,
  web: Pick<WebHelpers, 'csrfToken'>,
): Router {
  const router = Router();
  router.get('/app/subscriptions', async (req, res) => {
    const session = await services.sessions.optional(req);
    if (session === null) {
      res.redirect(303, '/app/login');
      return;
    }
    const [apps, byApp] = await Promise.all([
      listTenantClients(services, session.tenantId),
      loadAppSubscriptions(services, session.tenantId),
    ]);
    const csrf = web.csrfToken(session);
    sendPage(
      res,
      200,
      'Webhook subscriptions',
      subscriptionsBody(
        apps.map((app) => ({ clientId: app.id, name: app.name, rows: byApp.get(app.id) ?? [] })),
      ),
      { signedIn: true, csrf },
    );
  });
  return router;
}

function deliveriesCell(deliveries: readonly DeliveryView[]): SafeHtml {
  if (deliveries.length === 0) return html`<span class="muted">none yet</span>`;
  return html`<ul>${deliveries.map(
    (delivery) =>
      html`<li><code>${delivery.status}</code> ${delivery.eventType ?? delivery.id} · ${delivery.attempts} attempt(s)${delivery.lastStatus === null ? '' : html` · HTTP ${delivery.lastStatus}`}${delivery.lastError === null ? '' : html` · <span class="error">${delivery.lastError}</span>`} <span class="muted">${delivery.lastAttemptAt ?? delivery.createdAt}</span></li>`,
  )}</ul>`;
}

function subscriptionsTable(rows: readonly Row[]): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">No subscriptions.</p>`;
  return html`<table><thead><tr><th>Repository</th><th>Target URL</th><th>Events</th><th>Active</th><th>Last deliveries</th></tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr id="subscription-${row.id}"><td>${row.provider} <code>${row.repositoryId}</code><br><span class="muted">${row.id}</span></td><td><code>${row.callbackUrl}</code></td><td>${row.events.join(', ')}</td><td>${row.active ? 'yes' : 'no'}${row.disabledReason === null ? '' : html`<br><span class="error">${row.disabledReason}</span>`}</td><td>${deliveriesCell(row.deliveries)}</td></tr>`,
  )}</tbody></table>`;
}

function subscriptionsBody(
  apps: readonly { clientId: string; name: string; rows: readonly Row[] }[],
): SafeHtml {
  return html`<h1>Webhook subscriptions</h1>
<p class="muted">What each app subscribed to with <code>POST /v1/repositories/:provider/:repoId/events/subscribe</code>, and its last deliveries. Apps manage them with <code>/v1/subscriptions</code> (see <a href="/docs">Docs</a>). <a href="/app/dashboard">Back to the dashboard</a></p>
${
  apps.length === 0
    ? html`<p class="muted">No apps yet.</p>`
    : apps.map(
        (app) =>
          html`<fieldset id="app-${app.clientId}"><legend><a href="/app/dashboard/apps/${encodeURIComponent(app.clientId)}">${app.name}</a> <code>${app.clientId}</code></legend>${subscriptionsTable(app.rows)}</fieldset>`,
      )
}`;
}
