import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from '../../auth/bearer.js';
import { newId } from '../../crypto/tokens.js';
import { upsertCustomer } from '../../customers.js';
import { gatewayError } from '../../http/errors.js';
import { escapeHtml } from '../../http/html.js';
import { readList } from '../../json-list.js';
import { SCOPES } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { isProviderId } from '../../providers/registry.js';

export const COMPANY_COOKIE = 'sgg_company';
const PROVIDER_NAMES: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket' };
const COMPANY_TTL_SECONDS = 3600;

/**
 * The customer a browser acts as on the hosted pages (the seed's "embedded company session").
 * `customer_ref` alone names a customer but proves nothing (anyone can type it), so the session
 * also lists the connections this browser signed into with the provider itself: only those are
 * shown and approvable here.
 */
export interface CompanySession extends Record<string, unknown> {
  /** Random per browser session: forms carry it, so a form fetched elsewhere is refused (CSRF). */
  sid: string;
  customerId: string;
  tenantId: string;
  clientId: string;
  connectionIds: string[];
}

/** One authorization request, signed into the consent form so it cannot be altered in between. */
export interface ConsentRequest extends Record<string, unknown> {
  /** The company session it was shown in (CompanySession.sid). */
  sid: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  scopes: string[];
  customerId: string;
  tenantId: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

export function setCompanySession(services: GatewayServices, res: Response, session: CompanySession): void {
  const value = services.signer.sign({ ...session, purpose: 'company' }, COMPANY_TTL_SECONDS);
  // Iframe mode (seed: "redirect or iframe mode") needs SameSite=None, which browsers allow only with Secure.
  const secure = services.config.publicUrl.startsWith('https:');
  res.append(
    'set-cookie',
    `${COMPANY_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; Max-Age=${COMPANY_TTL_SECONDS}; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`,
  );
}

/**
 * The customer of a hosted page: `customer_ref` creates or loads it; without one, the browser's
 * current customer of this tenant, or a new anonymous one. Sets the company session cookie, keeping
 * the accounts the browser signed into while it stays the same customer.
 */
export async function openCompanySession(
  services: GatewayServices,
  req: Request,
  res: Response,
  input: { tenantId: string; clientId: string; customerRef: string | undefined; customerName: string | undefined },
): Promise<{ sid: string; customerId: string; customerLabel: string; verifiedConnectionIds: string[] }> {
  const { prisma } = services;
  const current = readCompanySession(services, readCookie(req, COMPANY_COOKIE));
  let customer: { id: string; name: string | null; customerRef: string };
  if (input.customerRef !== undefined) {
    customer = await upsertCustomer(prisma, { tenantId: input.tenantId, customerRef: input.customerRef, name: input.customerName });
  } else {
    const known = current !== null && current.tenantId === input.tenantId ? await prisma.customer.findUnique({ where: { id: current.customerId } }) : null;
    customer = known ?? (await prisma.customer.create({ data: { id: newId('cus'), tenantId: input.tenantId, customerRef: newId('anon'), name: input.customerName ?? null } }));
  }
  const same = current !== null && current.customerId === customer.id;
  const verifiedConnectionIds = same ? current.connectionIds : [];
  const sid = same ? current.sid : randomBytes(16).toString('base64url');
  setCompanySession(services, res, { sid, customerId: customer.id, tenantId: input.tenantId, clientId: input.clientId, connectionIds: verifiedConnectionIds });
  return { sid, customerId: customer.id, customerLabel: customer.name ?? customer.customerRef, verifiedConnectionIds };
}

export function readCompanySession(services: GatewayServices, cookie: string | undefined): CompanySession | null {
  const value = services.signer.verify(cookie);
  if (value?.purpose !== 'company') return null;
  const { sid, customerId, tenantId, clientId, connectionIds } = value;
  if (typeof sid !== 'string' || typeof customerId !== 'string' || typeof tenantId !== 'string' || typeof clientId !== 'string') return null;
  const verified = Array.isArray(connectionIds) ? connectionIds.filter((id): id is string => typeof id === 'string') : [];
  return { sid, customerId, tenantId, clientId, connectionIds: verified };
}

export function signConsentRequest(services: GatewayServices, request: ConsentRequest): string {
  return services.signer.sign({ ...request, purpose: 'consent' }, 1800);
}

export function readConsentRequest(services: GatewayServices, value: unknown): ConsentRequest {
  const request = services.signer.verify(typeof value === 'string' ? value : undefined);
  if (request?.purpose !== 'consent') {
    throw gatewayError('INVALID_REQUEST', 'The consent request is invalid or has expired; start the authorization again.');
  }
  // Signed by this gateway (signConsentRequest), so its shape is the one written.
  return request as unknown as ConsentRequest;
}

interface RepositoryOption {
  connectionId: string;
  id: string;
  fullName: string;
  approved: boolean;
}

type VerifiedConnection = Awaited<ReturnType<typeof loadVerifiedConnections>>[number];

/** The customer's active connections that this browser signed into (see CompanySession). */
export async function loadVerifiedConnections(services: GatewayServices, input: { customerId: string; tenantId: string; verifiedConnectionIds: readonly string[] }) {
  return services.prisma.connection.findMany({
    where: { customerId: input.customerId, tenantId: input.tenantId, status: 'active', id: { in: [...input.verifiedConnectionIds] } },
    include: { providerHost: true },
    orderBy: { createdAt: 'asc' },
  });
}

/** `connectionId:repositoryId` of every repository an active authorization of the app approves. */
export async function approvedKeys(services: GatewayServices, clientId: string, customerId: string): Promise<Set<string>> {
  const existing = await services.prisma.authorization.findFirst({
    where: { clientId, customerId, status: 'active' },
    include: { repositories: true },
  });
  return new Set(existing?.repositories.map((repo) => `${repo.connectionId}:${repo.repositoryId}`) ?? []);
}

/**
 * One fieldset per connected account with its repositories as checkboxes (the first 100 the
 * provider lists), and the links that connect another account and come back to `returnTo`.
 * `extra(connection)` adds controls to an account's fieldset (the management page's disconnect).
 */
export async function renderAccounts(
  services: GatewayServices,
  input: { connections: VerifiedConnection[]; approved: ReadonlySet<string>; returnTo: string; extra?: (connection: VerifiedConnection) => string },
): Promise<{ sections: string; connectLinks: string }> {
  const { providers, hosts } = services;
  const sections: string[] = [];
  for (const connection of input.connections) {
    let options: RepositoryOption[] = [];
    let problem: string | null = null;
    try {
      const page = await providers.forConnection(connection).listRepositories({ limit: 100 });
      options = page.items.map((repo) => ({ connectionId: connection.id, id: repo.id, fullName: repo.fullName, approved: input.approved.has(`${connection.id}:${repo.id}`) }));
    } catch (error) {
      problem = error instanceof Error ? error.message : 'The provider could not be reached.';
    }
    sections.push(`<fieldset><legend>${escapeHtml(PROVIDER_NAMES[connection.provider] ?? connection.provider)} · ${escapeHtml(connection.accountLogin)} <span class="muted">(${escapeHtml(connection.providerHost.host)})</span></legend>
${problem === null ? '' : `<p class="error">${escapeHtml(problem)}</p>`}
${options.length === 0 && problem === null ? '<p class="muted">No repositories visible to this account.</p>' : ''}
${options
  .map(
    (option) =>
      `<label><input type="checkbox" name="repository" value="${escapeHtml(`${option.connectionId}:${option.id}`)}"${option.approved ? ' checked' : ''}> ${escapeHtml(option.fullName)}</label>`,
  )
  .join('\n')}
${input.extra?.(connection) ?? ''}
</fieldset>`);
  }
  const connectLinks = hosts
    .list()
    .filter((host) => isProviderId(host.provider) && hosts.hasOAuth(host))
    .map(
      (host) =>
        `<a class="button secondary" href="/v1/auth/${escapeHtml(host.provider)}/start?web=1&amp;host=${encodeURIComponent(host.id)}&amp;returnTo=${encodeURIComponent(input.returnTo)}">Connect ${escapeHtml(PROVIDER_NAMES[host.provider] ?? host.provider)}${host.isDefault ? '' : ` (${escapeHtml(host.host)})`}</a>`,
    )
    .join(' ');
  return { sections: sections.join('\n'), connectLinks };
}

/** Renders the consent page body: connected accounts and their repositories, scopes, approve / deny. */
export async function renderConsent(
  services: GatewayServices,
  req: Request,
  input: { request: ConsentRequest; clientName: string; customerLabel: string; verifiedConnectionIds: readonly string[] },
): Promise<string> {
  const { request } = input;
  const connections = await loadVerifiedConnections(services, { customerId: request.customerId, tenantId: request.tenantId, verifiedConnectionIds: input.verifiedConnectionIds });
  const approved = await approvedKeys(services, request.clientId, request.customerId);
  const { sections, connectLinks } = await renderAccounts(services, { connections, approved, returnTo: req.originalUrl });

  const scopeBoxes = SCOPES.filter((entry) => request.scopes.includes(entry.scope))
    .map((entry) => `<label><input type="checkbox" name="scope" value="${entry.scope}" checked> <strong>${escapeHtml(entry.label)}</strong> <span class="muted">${escapeHtml(entry.description)}</span></label>`)
    .join('\n');

  const signed = signConsentRequest(services, request);
  return `<h1>${escapeHtml(input.clientName)} wants to read your repositories</h1>
<p class="muted">Signed in as customer <code>${escapeHtml(input.customerLabel)}</code>. Approve only the repositories and permissions you want to share.</p>
<h2>Connected accounts</h2>
${connections.length === 0 ? '<p>Connect a provider account to choose what to share (accounts connected before are shown again once you sign in to them here).</p>' : ''}
<p>${connectLinks === '' ? '<span class="muted">No provider has OAuth configured on this gateway.</span>' : connectLinks}</p>
<form method="post" action="/oauth/authorize/approve">
<input type="hidden" name="request" value="${escapeHtml(signed)}">
<h2>Repositories</h2>
${sections || '<p class="muted">Connect an account to choose repositories.</p>'}
<h2>Permissions</h2>
<fieldset>${scopeBoxes}</fieldset>
<p><button type="submit">Approve</button> <a class="button secondary" href="/oauth/authorize/deny?request=${encodeURIComponent(signed)}">Deny</a></p>
</form>`;
}

export function permittedScopes(client: { defaultPermissions: string }): string[] {
  return readList(client.defaultPermissions);
}
