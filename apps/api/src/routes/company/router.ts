import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  customerLabel,
  openCompanySession,
  readCompanySession,
  setCompanySession,
  type CompanySession,
} from '../../consent/consent.js';
import { parseRepositoryPage, renderAccounts } from '../../consent/accounts.js';
import { asList } from '../../consent/approval.js';
import { gatewayError } from '../../http/errors.js';
import { assetUrl } from '../../http/assets.js';
import { escapeHtml, sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { renderRevokeConfirmation, renderScopeBoxes, renderShared } from './page.js';
import { ConnectionIdParams, FormSchema, PageQuery } from './schemas.js';
import {
  disconnectAccount,
  findActiveClient,
  loadAccess,
  revokeAccess,
  updateAccess,
  type CompanyClient,
} from './service.js';

/**
 * The hosted access-management page for one app and one customer (seed: "Hosted Embedded
 * Management Routes"): the accounts this browser signed into, what the app may read of each, and
 * forms to change it, withdraw it, or disconnect an account. Works without JavaScript. Everything
 * shown or changed here is limited to those accounts: a `customer_ref` alone shows nothing, and
 * other accounts' approvals under the same customer are neither shown nor touched (see README,
 * "Trust model").
 */
export function companyRouter(services: GatewayServices): Router {
  const router = Router();
  const pagePath = (clientId: string): string =>
    `/app/company/apps/${encodeURIComponent(clientId)}`;

  /** Whether a form token was signed for this browser's session, customer and app. */
  const formMatches = (token: string, company: CompanySession, clientId: string): boolean => {
    const form = services.signer.verify(token);
    return (
      form?.purpose === 'company-form' &&
      form.sid === company.sid &&
      form.customerRef === company.customerRef &&
      form.clientId === clientId
    );
  };

  /** The company session of a form post, bound to this app and customer by the signed form token (CSRF). */
  const formSession = (req: Request, clientId: string, token: string): CompanySession => {
    const company = readCompanySession(services, req);
    if (company === null || !formMatches(token, company, clientId)) {
      throw gatewayError('AUTH_REQUIRED', 'The session has ended; open the access page again.');
    }
    return company;
  };

  const signForm = (session: CompanySession, clientId: string): string =>
    services.signer.sign(
      { purpose: 'company-form', sid: session.sid, customerRef: session.customerRef, clientId },
      1800,
    );

  router.get('/app/company/apps/:clientId', async (req, res) => {
    const client = await findActiveClient(services, req.params.clientId);
    const query = parseInput(PageQuery, req.query, 'query');
    const session = await openCompanySession(services, req, res, {
      tenantId: client.tenantId,
      clientId: client.id,
      customerRef: query.customer_ref,
      customerName: query.customer_name,
    });
    const { connections, approval, offered } = await loadAccess(services, { client, session });
    // The form sent back by a paging, search or select-all button: its ticks, if it is this
    // browser's form for this app (anything else is ignored: the saved access is shown).
    const sentBack = query.form !== undefined && formMatches(query.form, session, client.id);
    const action = pagePath(client.id);
    const search = sentBack && query.clear === undefined ? query.q?.trim() : undefined;
    const { sections, connectLinks } = await renderAccounts(services, {
      connections,
      selected: sentBack ? new Set(asList(query.repository)) : approval.keys,
      returnTo: req.originalUrl,
      paging: {
        action,
        page: sentBack ? parseRepositoryPage(query.page) : null,
        search: search === undefined || search === '' ? null : search,
      },
      selectAll: sentBack && query.select === 'all',
      extra: (connection) =>
        `<p><button class="secondary" type="submit" formaction="${action}/connections/${encodeURIComponent(connection.id)}/disconnect">Disconnect ${escapeHtml(connection.accountLogin)}</button></p>`,
    });
    const ticked = sentBack ? new Set(asList(query.scope)) : approval.scopes;
    const hasAccess = approval.keys.size > 0;
    const status =
      connections.length === 0
        ? 'sign in to see your access'
        : hasAccess
          ? 'has access'
          : 'no access';
    const searchField =
      connections.length === 0
        ? ''
        : `<p><label for="access-search">Search repositories</label>
<input type="search" id="access-search" name="q" value="${escapeHtml(search ?? '')}" autocomplete="off" spellcheck="false">
<button class="secondary" type="submit" formmethod="get" formaction="${action}" formnovalidate>Search</button>
<button class="secondary" type="submit" formmethod="get" formaction="${action}" formnovalidate name="select" value="all">Select all shown</button></p>`;
    sendHtml(
      res,
      200,
      `${client.name} · access`,
      `<h1>${escapeHtml(client.name)}: ${escapeHtml(status)}</h1>
<p class="muted">Customer <code>${escapeHtml(customerLabel(session))}</code>. Only the accounts you sign into on this page are shown, and only what they share can be changed here.</p>
<p>${connectLinks === '' ? '<span class="muted">No provider has OAuth configured on this gateway.</span>' : connectLinks}</p>
${connections.length === 0 ? '' : renderShared(client.name, { repositories: approval.repositories, scopes: approval.scopes })}
${hasAccess ? `<p><a class="button secondary" href="${action}/revoke">Revoke all access…</a></p>` : ''}
<form method="post" action="${action}/update" autocomplete="off">
<input type="hidden" name="form" value="${escapeHtml(signForm(session, client.id))}">
<h2>Change what ${escapeHtml(client.name)} may read</h2>
${searchField}
${sections || '<p class="muted">Sign in to a provider account to see and change what it shares.</p>'}
<fieldset><legend>Permissions</legend>
${renderScopeBoxes(offered, ticked)}
</fieldset>
<p><button type="submit">Save access</button></p>
</form>
<script src="${assetUrl('secure-git-connect-page.js')}" defer></script>`,
    );
  });

  // "Revoke all access", step 1: what would be lost, and the form that revokes it.
  router.get('/app/company/apps/:clientId/revoke', async (req, res) => {
    const client = await findActiveClient(services, req.params.clientId);
    const session = readCompanySession(services, req);
    if (session?.clientId !== client.id)
      throw gatewayError('AUTH_REQUIRED', 'The session has ended; open the access page again.');
    const { connections, approval } = await loadAccess(services, { client, session });
    if (connections.length === 0)
      throw gatewayError(
        'AUTH_REQUIRED',
        'Sign in to one of your provider accounts on the access page first.',
      );
    sendHtml(
      res,
      200,
      `Revoke ${client.name}`,
      renderRevokeConfirmation({
        appName: client.name,
        action: `${pagePath(client.id)}/revoke`,
        back: pagePath(client.id),
        form: signForm(session, client.id),
        confirm: services.signer.sign(
          { purpose: 'company-revoke', sid: session.sid, clientId: client.id },
          600,
        ),
        shared: { repositories: approval.repositories, scopes: approval.scopes },
      }),
    );
  });

  /**
   * One form post of the page: the app, the parsed form and the browser's company session (bound
   * by the form token), then the change, then back to the page with every cached lookup dropped.
   */
  const formPost = (
    path: string,
    change: (input: {
      client: CompanyClient;
      body: z.infer<typeof FormSchema>;
      company: CompanySession;
      req: Request;
      res: Response;
    }) => Promise<void>,
  ): void => {
    router.post(`/app/company/apps/:clientId${path}`, async (req, res) => {
      const client = await findActiveClient(services, String(req.params.clientId));
      const body = parseInput(FormSchema, req.body, 'body');
      const company = formSession(req, client.id, body.form);
      await change({ client, body, company, req, res });
      services.platformAuth.invalidate();
      res.redirect(303, pagePath(client.id));
    });
  };

  formPost('/update', async ({ client, body, company }) => {
    await updateAccess(services, {
      client,
      company,
      scope: body.scope,
      repository: body.repository,
    });
  });

  // Step 2: only the confirmation page's token revokes; the page's own form token does not.
  formPost('/revoke', async ({ client, body, company }) => {
    const confirm = services.signer.verify(body.confirm);
    const confirmed =
      confirm?.purpose === 'company-revoke' &&
      confirm.sid === company.sid &&
      confirm.clientId === client.id;
    await revokeAccess(services, { client, company, confirmed });
  });

  formPost('/connections/:connectionId/disconnect', async ({ company, req, res }) => {
    const { connectionId } = parseInput(ConnectionIdParams, req.params, 'params');
    await disconnectAccount(services, { company, connectionId });
    setCompanySession(services, res, {
      ...company,
      connectionIds: company.connectionIds.filter((id) => id !== connectionId),
    });
  });

  return router;
}
