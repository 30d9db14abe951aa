import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { readCookie } from '../../auth/bearer.js';
import {
  COMPANY_COOKIE,
  customerLabel,
  openCompanySession,
  readCompanySession,
  renderAccounts,
  setCompanySession,
  type CompanySession,
} from '../../consent/consent.js';
import { gatewayError } from '../../http/errors.js';
import { escapeHtml, sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import { SCOPES } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
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

  /** The company session of a form post, bound to this app and customer by the signed form token (CSRF). */
  const formSession = (req: Request, clientId: string, token: string): CompanySession => {
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    const form = services.signer.verify(token);
    if (
      company === null ||
      form?.purpose !== 'company-form' ||
      form.sid !== company.sid ||
      form.customerRef !== company.customerRef ||
      form.clientId !== clientId
    ) {
      throw gatewayError('AUTH_REQUIRED', 'The session has ended; open the access page again.');
    }
    return company;
  };

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
    const form = services.signer.sign(
      {
        purpose: 'company-form',
        sid: session.sid,
        customerRef: session.customerRef,
        clientId: client.id,
      },
      1800,
    );
    const action = pagePath(client.id);
    const { sections, connectLinks } = await renderAccounts(services, {
      connections,
      approved: approval.keys,
      returnTo: req.originalUrl,
      extra: (connection) =>
        `<p><button class="secondary" type="submit" formaction="${action}/connections/${encodeURIComponent(connection.id)}/disconnect">Disconnect ${escapeHtml(connection.accountLogin)}</button></p>`,
    });
    const granted = approval.scopes;
    const scopeBoxes = SCOPES.filter((entry) => offered.has(entry.scope))
      .map(
        (entry) =>
          `<label><input type="checkbox" name="scope" value="${entry.scope}"${granted.has(entry.scope) ? ' checked' : ''}> <strong>${escapeHtml(entry.label)}</strong> <span class="muted">${escapeHtml(entry.description)}</span></label>`,
      )
      .join('\n');
    const status =
      connections.length === 0
        ? 'sign in to see your access'
        : approval.keys.size > 0
          ? 'has access'
          : 'no access';
    sendHtml(
      res,
      200,
      `${client.name} · access`,
      `<h1>${escapeHtml(client.name)}: ${escapeHtml(status)}</h1>
<p class="muted">Customer <code>${escapeHtml(customerLabel(session))}</code>. Only the accounts you sign into on this page are shown, and only what they share can be changed here.</p>
<p>${connectLinks === '' ? '<span class="muted">No provider has OAuth configured on this gateway.</span>' : connectLinks}</p>
<form method="post" action="${action}/update">
<input type="hidden" name="form" value="${escapeHtml(form)}">
<h2>Repositories</h2>
${sections || '<p class="muted">Sign in to a provider account to see and change what it shares.</p>'}
<h2>Permissions</h2>
<fieldset>${scopeBoxes}</fieldset>
<p><button type="submit">Save access</button> <button class="secondary" type="submit" formaction="${action}/revoke">Revoke access of these accounts</button></p>
</form>`,
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

  formPost('/revoke', async ({ client, company }) => {
    await revokeAccess(services, { client, company });
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
