import { resolveTenantId, upsertCustomer } from '../../customers.js';
import { gatewayError } from '../../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../../http/keyset-page.js';
import { currentRole } from '../../members/service.js';
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

/** A consent-flow state's payload (an integrations flow's state is not one: it has a `kind`). */
export function parseStatePayload(payload: unknown): StatePayload | null {
  return typeof payload === 'object' && payload !== null && !('kind' in payload)
    ? (payload as StatePayload)
    : null;
}

/**
 * A sign-in a developer started connects their account to the workspace only while they are still
 * one of its members: one removed after starting it (up to 10 minutes before) is refused here.
 */
export async function requireStarterStillMember(
  services: GatewayServices,
  payload: Pick<StatePayload, 'tenantId' | 'userId'>,
): Promise<void> {
  if (payload.userId === null) return;
  if (
    (await currentRole(services, { userId: payload.userId, tenantId: payload.tenantId })) === null
  )
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      'The account that started this sign-in is no longer a member of its workspace.',
    );
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
