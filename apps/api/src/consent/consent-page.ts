import type { Request } from 'express';
import { assetUrl } from '../http/assets.js';
import { escapeHtml } from '../http/html.js';
import { SCOPES } from '../scopes.js';
import type { GatewayServices } from '../services.js';
import { renderAccounts, type RepositoryPage } from './accounts.js';
import {
  approvalOf,
  customerLabel,
  loadVerifiedConnections,
  signConsentRequest,
  type CompanySession,
  type ConsentRequest,
} from './consent.js';

/**
 * Where paging and search re-render the consent form: the page itself, by GET, with the form's
 * fields in the query (`request`, `client_id`, what is ticked, `page`, `q`, `select`).
 */
export const CONSENT_PAGE_PATH = '/oauth/authorize';

/**
 * What the consent form held when it was sent back for another page or a search: the ticked
 * repositories and scopes (`null` on the first render: the existing approval and every requested
 * scope), which page, what search, and whether "select all" was pressed.
 */
export interface ConsentView {
  picks: { repositories: string[]; scopes: string[] } | null;
  page: RepositoryPage | null;
  search: string | null;
  selectAll: boolean;
}

export const FIRST_VIEW: ConsentView = { picks: null, page: null, search: null, selectAll: false };

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}

/**
 * The consent page body: who asks (the app, its owner, where the answer goes), the connected
 * accounts and their repositories (paged, searchable, select all — without script), the
 * permissions, approve / deny. The search field comes first in the form with its own button, so
 * Enter in it searches and never approves.
 */
export async function renderConsent(
  services: GatewayServices,
  req: Request,
  input: {
    request: ConsentRequest;
    client: { name: string; ownerName: string };
    session: CompanySession;
    view: ConsentView;
  },
): Promise<string> {
  const { request, session, view } = input;
  const connections = await loadVerifiedConnections(services, {
    customerId: session.customerId,
    tenantId: request.tenantId,
    verifiedConnectionIds: session.connectionIds,
  });
  const approved = await approvalOf(services, {
    clientId: request.clientId,
    customerId: session.customerId,
    connectionIds: connections.map((connection) => connection.id),
  });
  const selected = view.picks === null ? approved.keys : new Set(view.picks.repositories);
  const { sections, connectLinks, shown } = await renderAccounts(services, {
    connections,
    selected,
    returnTo: req.originalUrl,
    paging: { action: CONSENT_PAGE_PATH, page: view.page, search: view.search },
    selectAll: view.selectAll,
  });

  const ticked = (scope: string): boolean => view.picks?.scopes.includes(scope) ?? true;
  const scopeBoxes = SCOPES.filter((entry) => request.scopes.includes(entry.scope))
    .map(
      (entry) =>
        `<label><input type="checkbox" name="scope" value="${entry.scope}"${ticked(entry.scope) ? ' checked' : ''}> <strong>${escapeHtml(entry.label)}</strong> <span class="muted">${escapeHtml(entry.description)}</span></label>`,
    )
    .join('\n');

  const signed = signConsentRequest(services, request);
  const search =
    connections.length === 0
      ? ''
      : `<p><label for="consent-search">Search repositories</label>
<input type="search" id="consent-search" name="q" value="${escapeHtml(view.search ?? '')}" autocomplete="off" spellcheck="false">
<button class="secondary" type="submit" formmethod="get" formaction="${CONSENT_PAGE_PATH}" formnovalidate>Search</button>${
          view.search === null
            ? ''
            : ` <button class="secondary" type="submit" formmethod="get" formaction="${CONSENT_PAGE_PATH}" formnovalidate name="clear" value="1">Show all</button>`
        }</p>`;
  const selectAll =
    shown === 0
      ? ''
      : `<p><button class="secondary" type="submit" formmethod="get" formaction="${CONSENT_PAGE_PATH}" formnovalidate name="select" value="all">Select all shown</button></p>`;
  return `<h1>${escapeHtml(input.client.name)} wants to read your repositories</h1>
<p>An app of <strong data-app-owner>${escapeHtml(input.client.ownerName)}</strong>. When you decide, you go back to <strong data-redirect-host>${escapeHtml(hostOf(request.redirectUri))}</strong>.</p>
<p class="muted">Customer <code>${escapeHtml(customerLabel(session))}</code>. Approve only the repositories and permissions you want to share.</p>
<h2>Connected accounts</h2>
${connections.length === 0 ? '<p>Connect a provider account to choose what to share (accounts connected before are shown again once you sign in to them here).</p>' : ''}
<p>${connectLinks === '' ? '<span class="muted">No provider has OAuth configured on this gateway.</span>' : connectLinks}</p>
<form method="post" action="/oauth/authorize/approve" autocomplete="off">
<input type="hidden" name="request" value="${escapeHtml(signed)}">
<input type="hidden" name="client_id" value="${escapeHtml(request.clientId)}">
<h2>Repositories</h2>
${search}
${sections || '<p class="muted">Connect an account to choose repositories.</p>'}
${selectAll}
<fieldset><legend>Permissions</legend>
${scopeBoxes}
</fieldset>
<p><button type="submit">Approve</button> <a class="button secondary" href="/oauth/authorize/deny?request=${encodeURIComponent(signed)}">Deny</a></p>
</form>
<script src="${assetUrl('secure-git-connect-page.js')}" defer></script>`;
}
