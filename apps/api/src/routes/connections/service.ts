import { hashSecret } from '../../crypto/tokens.js';
import { resolveTenantId, upsertCustomer } from '../../customers.js';
import { gatewayError } from '../../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../../http/keyset-page.js';
import type { GatewayServices } from '../../services.js';
import {
  deleteIntegration,
  saveIntegration,
  type SaveIntegrationInput,
} from '../../integrations/store.js';

/** The public form of a connection: never a token, sealed or not. */
export function presentConnection(connection: {
  id: string;
  tenantId: string;
  customerId: string | null;
  provider: string;
  accountId: string;
  accountLogin: string;
  accountName: string | null;
  tokenType: string;
  scopes: string;
  status: string;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  providerHost: { id: string; host: string };
}) {
  return {
    id: connection.id,
    tenantId: connection.tenantId,
    customerId: connection.customerId,
    provider: connection.provider,
    host: connection.providerHost.host,
    providerHostId: connection.providerHost.id,
    accountId: connection.accountId,
    accountLogin: connection.accountLogin,
    accountName: connection.accountName,
    tokenType: connection.tokenType,
    scopes: JSON.parse(connection.scopes) as string[],
    status: connection.status,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}

/**
 * Stores (or refreshes) the connection of one provider account: the same account connected again by
 * the same owner updates its tokens instead of piling up rows (src/integrations/store.ts).
 */
export function saveConnection(
  services: GatewayServices,
  input: Omit<SaveIntegrationInput, 'authMode' | 'tokens'> & {
    tokenType: 'oauth' | 'token';
    tokens: NonNullable<SaveIntegrationInput['tokens']>;
  },
) {
  const { tokenType, ...rest } = input;
  return saveIntegration(services, { ...rest, authMode: tokenType });
}

/** What a provider OAuth state remembers between the start and the callback. */
export interface StatePayload {
  mode: 'web' | 'popup' | 'api';
  tenantId: string;
  customerId: string | null;
  /** A hosted-page browser's customer, created at the callback if it does not exist yet. */
  company?: { customerRef: string; customerName: string | null };
  userId: string | null;
  returnTo: string | null;
  /**
   * SHA-256 of the browser-binding cookie's value (oauth-binding.ts): set by a browser start, or
   * by `/begin` for a flow started with JSON; until then the callback refuses the state.
   */
  bindingHash?: string;
}

/** The tenant an internal call acts in (see customers.ts). */
export function resolveTenant(
  services: GatewayServices,
  tenantId: string | undefined,
): Promise<string> {
  return resolveTenantId(services.prisma, tenantId);
}

/** The id of the tenant's customer `customerRef` (created on first sight), or null without one. */
export async function customerIdFor(
  services: GatewayServices,
  tenantId: string,
  customerRef: string | undefined,
): Promise<string | null> {
  if (customerRef === undefined) return null;
  return (await upsertCustomer(services.prisma, { tenantId, customerRef })).id;
}

/** Stores a provider OAuth state: only its hash, and the PKCE verifier sealed. */
export async function createOAuthState(
  services: GatewayServices,
  input: {
    id: string;
    state: string;
    provider: string;
    providerHostId: string;
    payload: StatePayload;
    codeVerifier: string;
    expiresAt: Date;
  },
): Promise<void> {
  await services.prisma.oAuthState.create({
    data: {
      id: input.id,
      stateHash: hashSecret(input.state),
      provider: input.provider,
      providerHostId: input.providerHostId,
      payload: JSON.stringify(input.payload),
      codeVerifierEnc: services.secretBox.encrypt(input.codeVerifier),
      expiresAt: input.expiresAt,
    },
  });
}

/** The stored state of a provider's `state` value, with its payload; null when unknown or of another provider. */
export async function findOAuthState(services: GatewayServices, state: string, provider: string) {
  const row = await services.prisma.oAuthState.findUnique({
    where: { stateHash: hashSecret(state) },
  });
  if (row === null || row.provider !== provider) return null;
  return {
    id: row.id,
    providerHostId: row.providerHostId,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    /** The stored payload text, for compare-and-set. */
    rawPayload: row.payload,
    payload: JSON.parse(row.payload) as StatePayload,
    hasCodeVerifier: row.codeVerifierEnc !== null,
    /** The PKCE verifier, unsealed when asked for; null for a state stored without one. */
    codeVerifier: (): string | null =>
      row.codeVerifierEnc === null ? null : services.secretBox.decrypt(row.codeVerifierEnc),
  };
}

/**
 * Binds an unused state to a browser: compare-and-set on the payload, so of two browsers opening
 * the link at once, one wins (false for the other).
 */
export async function bindOAuthState(
  services: GatewayServices,
  state: { id: string; rawPayload: string; payload: StatePayload },
  bindingHash: string,
): Promise<boolean> {
  const claimed = await services.prisma.oAuthState.updateMany({
    where: { id: state.id, payload: state.rawPayload, usedAt: null },
    data: { payload: JSON.stringify({ ...state.payload, bindingHash }) },
  });
  return claimed.count === 1;
}

/** Marks a state used; false when it already was (a replayed callback). */
export async function spendOAuthState(
  services: GatewayServices,
  stateId: string,
): Promise<boolean> {
  const claimed = await services.prisma.oAuthState.updateMany({
    where: { id: stateId, usedAt: null },
    data: { usedAt: new Date(services.now()) },
  });
  return claimed.count > 0;
}

/** One keyset page of connections (with their host), optionally of one tenant or provider. */
export function listConnections(
  services: GatewayServices,
  filters: { tenantId?: string | undefined; provider?: string | undefined },
  page: { after: KeysetPage['after']; take: number },
) {
  return services.prisma.connection.findMany({
    where: {
      ...(filters.tenantId === undefined ? {} : { tenantId: filters.tenantId }),
      ...(filters.provider === undefined ? {} : { provider: filters.provider }),
      ...page.after,
    },
    include: { providerHost: true },
    orderBy: KEYSET_ORDER,
    take: page.take,
  });
}

/** One connection with its host, or RESOURCE_NOT_FOUND. */
export async function findConnection(services: GatewayServices, connectionId: string) {
  const connection = await services.prisma.connection.findUnique({
    where: { id: connectionId },
    include: { providerHost: true },
  });
  if (connection === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connection.');
  return connection;
}

/** Deletes a connection: its webhooks upstream first, then the row (its sealed tokens and approvals go with it). */
export async function deleteConnection(services: GatewayServices, connectionId: string) {
  const connection = await findConnection(services, connectionId);
  await deleteIntegration(services, connection.id);
  return connection;
}
