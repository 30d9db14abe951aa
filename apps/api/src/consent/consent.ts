import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { newId } from '../crypto/tokens.js';
import { upsertCustomer } from '../customers.js';
import { cookieLine, readGatewayCookie } from '../http/cookies.js';
import { gatewayError } from '../http/errors.js';
import { readList } from '../json-list.js';
import type { GatewayServices } from '../services.js';

export const COMPANY_COOKIE = 'sgg_company';
const COMPANY_TTL_SECONDS = 3600;

/**
 * The customer a browser acts as on the hosted pages (the seed's "embedded company session").
 * `customer_ref` names a customer but proves nothing (anyone can type it), so the session lists the
 * connections this browser signed into with the provider itself: only those are shown, approvable
 * and revocable here. Nothing is stored for a browser until it signs into a provider account: the
 * customer row is created then (see `ensureSessionCustomer`), so `customerId` may still be null.
 */
export interface CompanySession extends Record<string, unknown> {
  /** Random per browser session: forms carry it, so a form fetched elsewhere is refused (CSRF). */
  sid: string;
  tenantId: string;
  clientId: string;
  /** The developer's `customer_ref`, or a random `anon_…` one for a browser that named none. */
  customerRef: string;
  /** The `customer_name` of the link that opened the session: used only when the customer is created. */
  customerName: string | null;
  customerId: string | null;
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
  customerRef: string;
  tenantId: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

export function setCompanySession(
  services: GatewayServices,
  res: Response,
  session: CompanySession,
): void {
  const value = services.signer.sign({ ...session, purpose: 'company' }, COMPANY_TTL_SECONDS);
  // Iframe mode (seed: "redirect or iframe mode") needs SameSite=None: framable.
  res.append(
    'set-cookie',
    cookieLine(services.config, {
      name: COMPANY_COOKIE,
      value: encodeURIComponent(value),
      path: '/',
      maxAgeSeconds: COMPANY_TTL_SECONDS,
      sameSite: 'framable',
    }),
  );
}

/**
 * Opens (or keeps) the browser's company session for a hosted page. Writes nothing to the
 * database: `customer_ref` only looks the customer up, and a browser that names none keeps (or is
 * given) a random anonymous ref. The accounts the browser signed into are kept while it stays the
 * same customer of the same tenant; anything else starts a new session with none.
 */
export async function openCompanySession(
  services: GatewayServices,
  req: Request,
  res: Response,
  input: {
    tenantId: string;
    clientId: string;
    customerRef: string | undefined;
    customerName: string | undefined;
  },
): Promise<CompanySession> {
  const current = readCompanySession(services, req);
  const sameTenant = current !== null && current.tenantId === input.tenantId;
  const customerRef = input.customerRef ?? (sameTenant ? current.customerRef : newId('anon'));
  const same = sameTenant && current.customerRef === customerRef;
  let customerId = same ? current.customerId : null;
  if (customerId === null && input.customerRef !== undefined) {
    const customer = await services.prisma.customer.findUnique({
      where: { tenantId_customerRef: { tenantId: input.tenantId, customerRef } },
    });
    customerId = customer?.id ?? null;
  }
  const session: CompanySession = {
    sid: same ? current.sid : randomBytes(16).toString('base64url'),
    tenantId: input.tenantId,
    clientId: input.clientId,
    customerRef,
    customerName: input.customerName ?? (same ? current.customerName : null),
    customerId,
    connectionIds: same ? current.connectionIds : [],
  };
  setCompanySession(services, res, session);
  return session;
}

/**
 * The customer a browser's provider sign-in is stored under: created (race-safe) on the first
 * sign-in, with the name its link carried. An existing customer's name is never changed here.
 */
export async function ensureSessionCustomer(
  services: GatewayServices,
  session: Pick<CompanySession, 'tenantId' | 'customerRef' | 'customerName' | 'customerId'>,
): Promise<string> {
  if (session.customerId !== null) return session.customerId;
  const customer = await upsertCustomer(services.prisma, {
    tenantId: session.tenantId,
    customerRef: session.customerRef,
    name: session.customerName ?? undefined,
  });
  return customer.id;
}

/** What the hosted pages call the customer: the ref the browser itself brought, never a stored name. */
export function customerLabel(session: CompanySession): string {
  return session.customerRef.startsWith('anon_') ? 'this browser' : session.customerRef;
}

export function readCompanySession(services: GatewayServices, req: Request): CompanySession | null {
  const value = services.signer.verify(readGatewayCookie(req, services.config, COMPANY_COOKIE));
  if (value?.purpose !== 'company') return null;
  const { sid, customerId, tenantId, clientId, connectionIds, customerRef, customerName } = value;
  if (
    typeof sid !== 'string' ||
    typeof tenantId !== 'string' ||
    typeof clientId !== 'string' ||
    typeof customerRef !== 'string'
  )
    return null;
  const verified = Array.isArray(connectionIds)
    ? connectionIds.filter((id): id is string => typeof id === 'string')
    : [];
  return {
    sid,
    tenantId,
    clientId,
    customerRef,
    customerName: typeof customerName === 'string' ? customerName : null,
    customerId: typeof customerId === 'string' ? customerId : null,
    connectionIds: verified,
  };
}

export function signConsentRequest(services: GatewayServices, request: ConsentRequest): string {
  return services.signer.sign({ ...request, purpose: 'consent' }, 1800);
}

export function readConsentRequest(services: GatewayServices, value: unknown): ConsentRequest {
  const request = services.signer.verify(typeof value === 'string' ? value : undefined);
  if (request?.purpose !== 'consent') {
    throw gatewayError(
      'INVALID_REQUEST',
      'The consent request is invalid or has expired; start the authorization again.',
    );
  }
  // Signed by this gateway (signConsentRequest), so its shape is the one written.
  return request as unknown as ConsentRequest;
}

/** The customer's active connections that this browser signed into (see CompanySession). */
export async function loadVerifiedConnections(
  services: GatewayServices,
  input: { customerId: string | null; tenantId: string; verifiedConnectionIds: readonly string[] },
) {
  if (input.customerId === null || input.verifiedConnectionIds.length === 0) return [];
  return services.prisma.connection.findMany({
    where: {
      customerId: input.customerId,
      tenantId: input.tenantId,
      status: 'active',
      id: { in: [...input.verifiedConnectionIds] },
    },
    include: { providerHost: true },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * What the app's authorization holds for these (verified) connections only: the
 * `connectionId:repositoryId` keys and the scopes approved on them. Another account's approval
 * under the same customer is never read here.
 */
export async function approvalOf(
  services: GatewayServices,
  input: { clientId: string; customerId: string | null; connectionIds: readonly string[] },
): Promise<{
  keys: Set<string>;
  scopes: Set<string>;
  /** The approved repositories, by name, in key order. */
  repositories: { key: string; fullName: string; provider: string }[];
}> {
  if (input.customerId === null || input.connectionIds.length === 0)
    return { keys: new Set(), scopes: new Set(), repositories: [] };
  const existing = await services.prisma.authorization.findFirst({
    where: { clientId: input.clientId, customerId: input.customerId, status: 'active' },
    include: {
      repositories: { where: { connectionId: { in: [...input.connectionIds] } } },
      connections: { where: { connectionId: { in: [...input.connectionIds] } } },
    },
  });
  return {
    keys: new Set(
      existing?.repositories.map((repo) => `${repo.connectionId}:${repo.repositoryId}`) ?? [],
    ),
    scopes: new Set(existing?.connections.flatMap((link) => readList(link.permissions)) ?? []),
    repositories: (existing?.repositories ?? [])
      .map((repo) => ({
        key: `${repo.connectionId}:${repo.repositoryId}`,
        fullName: repo.fullName,
        provider: repo.provider,
      }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName)),
  };
}

export function permittedScopes(client: { defaultPermissions: string }): string[] {
  return readList(client.defaultPermissions);
}
