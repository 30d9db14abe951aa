import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { readCookie } from '../../auth/bearer.js';
import { gatewayError } from '../../http/errors.js';
import { escapeHtml, sendHtml } from '../../http/html.js';
import { parseInput } from '../../http/validate.js';
import { readList } from '../../json-list.js';
import { SCOPES, sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { retryOnUniqueViolation } from '../../db/unique.js';
import { removeUpstreamHooks } from '../../webhooks/remove-hooks.js';
import { asList, resolvePicks, saveApproval, withdrawApproval } from '../../consent/approval.js';
import {
  approvalOf,
  COMPANY_COOKIE,
  customerLabel,
  loadVerifiedConnections,
  openCompanySession,
  readCompanySession,
  renderAccounts,
  setCompanySession,
  type CompanySession,
} from '../../consent/consent.js';

const PageQuery = z.object({ customer_ref: z.string().min(1).max(200).optional(), customer_name: z.string().min(1).max(200).optional() });
const FormSchema = z.object({
  form: z.string().min(1).max(4096),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
  repository: z.union([z.string(), z.array(z.string())]).optional(),
});

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
  const { prisma } = services;
  const pagePath = (clientId: string): string => `/app/company/apps/${encodeURIComponent(clientId)}`;

  const activeClient = async (clientId: string) => {
    const client = await prisma.oAuthClient.findUnique({ where: { id: clientId } });
    if (client === null || client.deletedAt !== null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such app.');
    return client;
  };

  /** The company session of a form post, bound to this app and customer by the signed form token (CSRF). */
  const formSession = (req: Request, clientId: string, token: string): CompanySession => {
    const company = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
    const form = services.signer.verify(token);
    if (company === null || form?.purpose !== 'company-form' || form.sid !== company.sid || form.customerRef !== company.customerRef || form.clientId !== clientId) {
      throw gatewayError('AUTH_REQUIRED', 'The session has ended; open the access page again.');
    }
    return company;
  };

  // Changing or revoking access needs proof: at least one account of this customer signed into here.
  const verifiedConnections = async (company: CompanySession, tenantId: string) => {
    const connections = await loadVerifiedConnections(services, { customerId: company.customerId, tenantId, verifiedConnectionIds: company.connectionIds });
    if (company.customerId === null || connections.length === 0) throw gatewayError('AUTH_REQUIRED', 'Sign in to one of your provider accounts on this page first.');
    return { customerId: company.customerId, connections, verified: connections.map((connection) => connection.id) };
  };

  router.get('/app/company/apps/:clientId', async (req, res) => {
    const client = await activeClient(req.params.clientId);
    const query = parseInput(PageQuery, req.query, 'query');
    const session = await openCompanySession(services, req, res, { tenantId: client.tenantId, clientId: client.id, customerRef: query.customer_ref, customerName: query.customer_name });
    const connections = await loadVerifiedConnections(services, { customerId: session.customerId, tenantId: client.tenantId, verifiedConnectionIds: session.connectionIds });
    const approval = await approvalOf(services, { clientId: client.id, customerId: session.customerId, connectionIds: connections.map((connection) => connection.id) });
    const form = services.signer.sign({ purpose: 'company-form', sid: session.sid, customerRef: session.customerRef, clientId: client.id }, 1800);
    const action = pagePath(client.id);
    const { sections, connectLinks } = await renderAccounts(services, {
      connections,
      approved: approval.keys,
      returnTo: req.originalUrl,
      extra: (connection) =>
        `<p><button class="secondary" type="submit" formaction="${action}/connections/${encodeURIComponent(connection.id)}/disconnect">Disconnect ${escapeHtml(connection.accountLogin)}</button></p>`,
    });
    const granted = approval.scopes;
    const offered = new Set(readList(client.defaultPermissions));
    const scopeBoxes = SCOPES.filter((entry) => offered.has(entry.scope))
      .map((entry) => `<label><input type="checkbox" name="scope" value="${entry.scope}"${granted.has(entry.scope) ? ' checked' : ''}> <strong>${escapeHtml(entry.label)}</strong> <span class="muted">${escapeHtml(entry.description)}</span></label>`)
      .join('\n');
    const status = connections.length === 0 ? 'sign in to see your access' : approval.keys.size > 0 ? 'has access' : 'no access';
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
    change: (input: { client: Awaited<ReturnType<typeof activeClient>>; body: z.infer<typeof FormSchema>; company: CompanySession; req: Request; res: Response }) => Promise<void>,
  ): void => {
    router.post(`/app/company/apps/:clientId${path}`, async (req, res) => {
      const client = await activeClient(String(req.params.clientId));
      const body = parseInput(FormSchema, req.body, 'body');
      const company = formSession(req, client.id, body.form);
      await change({ client, body, company, req, res });
      services.platformAuth.invalidate();
      res.redirect(303, pagePath(client.id));
    });
  };

  formPost('/update', async ({ client, body, company }) => {
    const { customerId, connections, verified } = await verifiedConnections(company, client.tenantId);
    const allowed = new Set(readList(client.defaultPermissions));
    const scopes = sortScopes(asList(body.scope).filter((scope) => allowed.has(scope)));
    if (scopes.length === 0) throw gatewayError('INVALID_REQUEST', 'Keep at least one permission, or revoke the access instead.');
    const repositories = await resolvePicks(services, connections, asList(body.repository));
    await retryOnUniqueViolation(() =>
      prisma.$transaction((tx) => saveApproval(tx, { tenantId: client.tenantId, clientId: client.id, customerId, scopes, repositories, verified })),
    );
  });

  formPost('/revoke', async ({ client, company }) => {
    const { customerId, verified } = await verifiedConnections(company, client.tenantId);
    const at = new Date(services.now());
    const { authorizationId } = await prisma.$transaction((tx) => withdrawApproval(tx, { clientId: client.id, customerId, verified, at }));
    // The webhooks the app created through these accounts go with their approval.
    if (authorizationId !== null) await removeUpstreamHooks(services, { authorizationIds: [authorizationId], connectionIds: verified, all: true });
  });

  formPost('/connections/:connectionId/disconnect', async ({ company, req, res }) => {
    const connectionId = String(req.params.connectionId);
    // Only an account this browser signed into, of this customer.
    if (!company.connectionIds.includes(connectionId)) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account in this session.');
    if (company.customerId === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account in this session.');
    // Its tokens remove its hooks: before the connection (and its subscription rows) is deleted.
    await removeUpstreamHooks(services, { connectionIds: [connectionId] });
    const deleted = await prisma.connection.deleteMany({ where: { id: connectionId, customerId: company.customerId } });
    if (deleted.count === 0) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account.');
    setCompanySession(services, res, { ...company, connectionIds: company.connectionIds.filter((id) => id !== connectionId) });
  });

  return router;
}
