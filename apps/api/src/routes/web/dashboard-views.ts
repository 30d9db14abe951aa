import type { AppView } from '../../oauth-clients/service.js';
import { SCOPES } from '../../scopes.js';
import { USAGE_RANGE_KEYS, USAGE_RANGES, type UsageWindow } from '../../usage/usage-queries.js';
import { barChart, timeSeriesChart } from './dashboard-charts.js';
import type { AppFormValues } from './dashboard-forms.js';
import {
  CUSTOMERS_SHOWN,
  OVERVIEW_DAYS,
  type AppPage,
  type CustomerView,
  type OverviewApp,
  type SubscriptionSummary,
  type TeamSummary,
} from './dashboard-service.js';
import { html, type SafeHtml } from './html.js';

// The dashboard's markup (plain forms and links: everything works without JavaScript).

const DEFAULT_APP_SCOPES = ['read:profile', 'read:repositories'];

/** What a page says above its content: a notice, an error, or a refused form's reasons. */
export interface Messages {
  notice?: string | undefined;
  errors?: readonly string[] | undefined;
}

export interface CreatedSecret {
  app: AppView;
  clientSecret: string;
  /** "created" or "rotated". */
  kind: 'created' | 'rotated';
}

const appPath = (clientId: string): string => `/app/dashboard/apps/${encodeURIComponent(clientId)}`;
const actionPath = (clientId: string, action: string): string =>
  `/app/developer/apps/${encodeURIComponent(clientId)}/${action}`;

function messages(view: Messages): SafeHtml {
  const errors = view.errors ?? [];
  return html`${view.notice === undefined ? '' : html`<p role="status">${view.notice}</p>`}${
    errors.length === 0
      ? ''
      : errors.length === 1
        ? html`<p class="error" role="alert">${errors[0]}</p>`
        : html`<div class="error" role="alert"><p>Please correct these:</p><ul>${errors.map((error) => html`<li>${error}</li>`)}</ul></div>`
  }`;
}

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

function permissionBoxes(checked: ReadonlySet<string>): SafeHtml {
  return html`<fieldset><legend>Default permissions</legend>${SCOPES.map(
    (entry) =>
      html`<label><input type="checkbox" name="defaultPermissions" value="${entry.scope}"${checked.has(entry.scope) ? html` checked` : ''}> <code>${entry.scope}</code> <span class="muted">${entry.description}</span></label>`,
  )}</fieldset>`;
}

/** The app form's fields; `prefix` keeps ids unique when a page shows two forms. */
function appFields(values: AppFormValues, prefix: string): SafeHtml {
  return html`<label for="${prefix}-name">Name</label><input id="${prefix}-name" name="name" required maxlength="100" size="50" autocomplete="off" value="${values.name}">
<label for="${prefix}-description">Description</label><input id="${prefix}-description" name="description" maxlength="1000" size="50" autocomplete="off" value="${values.description}">
<label for="${prefix}-redirects">Redirect URIs (one per line, matched exactly)</label><textarea id="${prefix}-redirects" name="allowedRedirectUris" rows="3" cols="60" required>${values.redirectUris}</textarea>
${permissionBoxes(new Set(values.permissions))}`;
}

export function appFormValues(app: AppView): AppFormValues {
  return {
    name: app.name,
    description: app.description ?? '',
    redirectUris: app.allowedRedirectUris.join('\n'),
    permissions: app.defaultPermissions,
  };
}

function secretBox(created: CreatedSecret): SafeHtml {
  return html`<section aria-labelledby="secret-heading" class="secret"><h2 id="secret-heading">${created.kind === 'created' ? 'App created' : 'New client secret'}: ${created.app.name}</h2>
<p>Client id: <code id="client-id">${created.app.clientId}</code></p>
<p>Client secret: <code id="client-secret">${created.clientSecret}</code></p>
<p class="error">Copy the secret now: it is stored only as a hash and will not be shown again.${created.kind === 'rotated' ? ' The previous secret no longer works; tokens already issued stay valid until they expire.' : ''}</p></section>`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function subscriptionsCell(clientId: string, summary: SubscriptionSummary): SafeHtml {
  if (summary.total === 0) return html`<span class="muted">none</span>`;
  const last = summary.lastDelivery;
  return html`<a href="/app/subscriptions#app-${clientId}">${summary.active} active of ${summary.total}</a>${
    last === null
      ? html`<br><span class="muted">no delivery yet</span>`
      : html`<br>last delivery: <code>${last.status}</code>${last.httpStatus === null ? '' : html` (HTTP ${last.httpStatus})`} <span class="muted">${last.at}</span>`
  }`;
}

function teamLine(team: TeamSummary): SafeHtml {
  const members = team.roles.reduce((sum, group) => sum + group.count, 0);
  return html`<p>${plural(members, 'member')}: ${team.roles.map((group) => `${String(group.count)} ${group.role}`).join(', ')} · ${plural(team.pendingInvitations, 'pending invitation')} · <a href="/app/team">Manage the team</a></p>`;
}

/** `/app/dashboard`: the apps, the team, and the create form. */
export function overviewBody(view: {
  email: string;
  tenantName: string;
  role: string;
  csrf: string;
  publicUrl: string;
  apps: readonly OverviewApp[];
  team: TeamSummary;
  messages: Messages;
  draft: AppFormValues | undefined;
}): SafeHtml {
  const draft = view.draft ?? {
    name: '',
    description: '',
    redirectUris: '',
    permissions: DEFAULT_APP_SCOPES,
  };
  return html`<h1>Developer dashboard</h1>
<p class="muted">Signed in as <strong>${view.email}</strong> · ${view.tenantName} (${view.role}) · <a href="#create-app">Create an app</a> · <a href="/app/team">Team</a> · <a href="/app/subscriptions">Webhook subscriptions</a></p>
${messages(view.messages)}
<p class="muted">Authorize endpoint <code>${view.publicUrl}/oauth/authorize</code> · token endpoint <code>${view.publicUrl}/oauth/token</code></p>
<h2>Your apps</h2>
${
  view.apps.length === 0
    ? html`<p class="muted">No apps yet.</p>`
    : html`<table><caption>Apps, with the last ${OVERVIEW_DAYS} days of unified API requests</caption><thead><tr><th scope="col">App</th><th scope="col">Requests (${OVERVIEW_DAYS} days)</th><th scope="col">Active customers</th><th scope="col">Webhook subscriptions</th></tr></thead><tbody>${view.apps.map(
        (app) =>
          html`<tr><th scope="row"><a href="${appPath(app.clientId)}">${app.name}</a><br><code>${app.clientId}</code></th><td>${app.usage.requests}${app.usage.errors === 0 ? '' : html` <span class="error">(${plural(app.usage.errors, 'error')})</span>`}</td><td>${app.activeCustomers}</td><td>${subscriptionsCell(app.clientId, app.subscriptions)}</td></tr>`,
      )}</tbody></table>`
}
<h2>Team</h2>
${teamLine(view.team)}
<h2 id="create-app" tabindex="-1">Create an app</h2>
<form method="post" action="/app/developer/apps">${csrfField(view.csrf)}
${appFields(draft, 'create')}
<button type="submit">Create app</button></form>`;
}

function rangeForm(clientId: string, window: UsageWindow): SafeHtml {
  return html`<form method="get" action="${appPath(clientId)}" class="inline"><label for="range" class="inline">Range</label> <select id="range" name="range">${USAGE_RANGE_KEYS.map(
    (key) =>
      html`<option value="${key}"${key === window.key ? html` selected` : ''}>${USAGE_RANGES[key].label}</option>`,
  )}</select> <button type="submit" class="secondary">Show</button></form>`;
}

/** A bucket's name: the hour for hourly and 6-hour buckets, the day for daily ones (UTC). */
function bucketLabel(start: Date, key: UsageWindow['key']): string {
  const day = start.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  if (key === '30d') return day;
  const hour = start.toISOString().slice(11, 16);
  return key === '24h' ? hour : `${day} ${hour}`;
}

function usageSection(page: AppPage): SafeHtml {
  const { usage, window, app } = page;
  return html`<h2 id="usage">Usage</h2>
${rangeForm(app.clientId, window)}
<p>${plural(usage.totals.requests, 'request')}, ${plural(usage.totals.errors, 'error')}, ${usage.totals.avgDurationMs} ms on average, from ${window.from.toISOString()} to ${window.to.toISOString()} (UTC). Unified API reads made with this app's tokens.</p>
${timeSeriesChart(
  {
    id: 'usage-time',
    title: `Requests over time (${USAGE_RANGES[window.key].label.toLowerCase()})`,
  },
  usage.series.map((point) => ({
    label: bucketLabel(point.start, window.key),
    requests: point.requests,
    errors: point.errors,
  })),
)}
${barChart(
  { id: 'usage-endpoints', title: 'Requests by endpoint' },
  usage.byEndpoint.map((item) => ({
    label: item.endpointKey,
    value: item.requests,
    errors: item.errors,
  })),
  { label: 'Endpoint', value: 'Requests' },
)}
${barChart(
  { id: 'usage-status', title: 'Requests by status' },
  usage.byStatus.map((item) => ({ label: `HTTP ${String(item.status)}`, value: item.requests })),
  { label: 'Status', value: 'Requests' },
)}`;
}

function customerRow(clientId: string, customer: CustomerView): SafeHtml {
  const repositories = customer.allRepositories
    ? html`every repository of the accounts`
    : customer.repositoryCount === 0
      ? html`<span class="muted">none</span>`
      : html`${customer.repositories.join(', ')}${customer.repositoryCount > customer.repositories.length ? html` <span class="muted">and ${customer.repositoryCount - customer.repositories.length} more</span>` : ''}`;
  const access =
    customer.customerRef === null
      ? html`<span class="muted">no customer reference</span>`
      : html`<a href="/app/company/apps/${encodeURIComponent(clientId)}?customer_ref=${encodeURIComponent(customer.customerRef)}">Access view</a>`;
  return html`<tr><th scope="row">${customer.customerRef ?? html`<span class="muted">(admin grant)</span>`}${customer.customerName === null ? '' : html`<br><span class="muted">${customer.customerName}</span>`}</th><td>${customer.status}</td><td>${
    customer.connections.length === 0
      ? html`<span class="muted">none</span>`
      : html`<ul>${customer.connections.map((connection) => html`<li>${connection.provider} <code>${connection.accountLogin}</code> <span class="muted">${connection.host}${connection.status === 'active' ? '' : html` · ${connection.status}`}</span></li>`)}</ul>`
  }</td><td>${repositories}<br><span class="muted">${customer.permissions.join(' ')}</span></td><td>${customer.lastUsedAt ?? html`<span class="muted">never</span>`}</td><td>${access}</td></tr>`;
}

function customersSection(page: AppPage): SafeHtml {
  return html`<h2 id="customers">Customers</h2>
${
  page.customers.length === 0
    ? html`<p class="muted">No customer has approved this app yet.</p>`
    : html`<table><caption>Customers who approved this app${page.customerCount > CUSTOMERS_SHOWN ? html` (the ${CUSTOMERS_SHOWN} most recent of ${page.customerCount})` : ''}</caption><thead><tr><th scope="col">Customer</th><th scope="col">Approval</th><th scope="col">Connections</th><th scope="col">Repositories and scopes</th><th scope="col">Last use</th><th scope="col">Manage</th></tr></thead><tbody>${page.customers.map((customer) => customerRow(page.app.clientId, customer))}</tbody></table>`
}`;
}

/** `/app/dashboard/apps/:clientId`: usage, customers, subscriptions, settings, secret, delete. */
export function appPageBody(view: {
  page: AppPage;
  csrf: string;
  messages: Messages;
  created: CreatedSecret | undefined;
  draft: AppFormValues | undefined;
}): SafeHtml {
  const { page, csrf } = view;
  const { app } = page;
  return html`<p class="muted"><a href="/app/dashboard">Dashboard</a> › ${app.name}</p>
<h1>${app.name}</h1>
<p class="muted">Client id <code>${app.clientId}</code> · created ${app.createdAt} · <a href="#usage">Usage</a> · <a href="#customers">Customers</a> · <a href="#settings">Settings</a></p>
${messages(view.messages)}
${view.created === undefined ? '' : secretBox(view.created)}
${usageSection(page)}
${customersSection(page)}
<h2>Webhook subscriptions</h2>
<p>${subscriptionsCell(app.clientId, page.subscriptions)} · <a href="/app/subscriptions#app-${app.clientId}">All subscriptions and deliveries</a></p>
<h2 id="settings">Settings</h2>
<form method="post" action="${actionPath(app.clientId, 'update')}">${csrfField(csrf)}
${appFields(view.draft ?? appFormValues(app), 'edit')}
<button type="submit">Save changes</button></form>
<h2>Client secret</h2>
<form method="post" action="${actionPath(app.clientId, 'rotate-secret')}">${csrfField(csrf)}
<p>A new secret replaces the current one at once: the app must use the new one from then on.</p>
<label><input type="checkbox" name="confirm" value="rotate" required> I understand that the current secret stops working now</label>
<button type="submit" class="secondary">Rotate secret</button></form>
<h2>Delete</h2>
<p><a class="button secondary" href="${actionPath(app.clientId, 'delete')}">Delete this app…</a> <span class="muted">(asks for confirmation)</span></p>`;
}

/** The delete confirmation: what is cut, and the app's name to type. */
export function deleteConfirmBody(view: {
  impact: { app: AppView; activeCustomers: number; liveTokens: number; subscriptions: number };
  csrf: string;
  error: string | undefined;
}): SafeHtml {
  const { app } = view.impact;
  return html`<p class="muted"><a href="/app/dashboard">Dashboard</a> › <a href="${appPath(app.clientId)}">${app.name}</a> › Delete</p>
<h1>Delete ${app.name}?</h1>
${view.error === undefined ? '' : html`<p class="error" role="alert">${view.error}</p>`}
<p>Deleting the app cannot be undone. It revokes ${plural(view.impact.activeCustomers, 'active customer approval')} and ${plural(view.impact.liveTokens, 'live access token')}, and removes ${plural(view.impact.subscriptions, 'webhook subscription')}. Its client id and secret stop working.</p>
<form method="post" action="${actionPath(app.clientId, 'delete')}">${csrfField(view.csrf)}
<label for="confirm-name">Type the app's name, <strong>${app.name}</strong>, to confirm</label><input id="confirm-name" name="confirm" required autocomplete="off" maxlength="100">
<button type="submit">Delete app</button> <a href="${appPath(app.clientId)}">Cancel</a></form>`;
}
