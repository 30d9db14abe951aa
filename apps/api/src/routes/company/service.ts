import { asList, resolvePicks, saveApproval, withdrawApproval } from '../../consent/approval.js';
import { approvalOf, loadVerifiedConnections, type CompanySession } from '../../consent/consent.js';
import { retryOnConflict } from '../../db/unique.js';
import { gatewayError } from '../../http/errors.js';
import { readList } from '../../json-list.js';
import { sortScopes } from '../../scopes.js';
import type { GatewayServices } from '../../services.js';
import { removeUncoveredHooks, removeUpstreamHooks } from '../../webhooks/remove-hooks.js';

/** The fields of an app the access page needs. */
export interface CompanyClient {
  id: string;
  tenantId: string;
  name: string;
  defaultPermissions: string;
}

/** A live app, or RESOURCE_NOT_FOUND. */
export async function findActiveClient(
  services: GatewayServices,
  clientId: string,
): Promise<CompanyClient> {
  const client = await services.prisma.oAuthClient.findUnique({ where: { id: clientId } });
  if (client === null || client.deletedAt !== null)
    throw gatewayError('RESOURCE_NOT_FOUND', 'No such app.');
  return client;
}

/** What the page shows: the accounts this browser signed into, and what the app holds of them. */
export async function loadAccess(
  services: GatewayServices,
  input: { client: CompanyClient; session: CompanySession },
) {
  const { client, session } = input;
  const connections = await loadVerifiedConnections(services, {
    customerId: session.customerId,
    tenantId: client.tenantId,
    verifiedConnectionIds: session.connectionIds,
  });
  const approval = await approvalOf(services, {
    clientId: client.id,
    customerId: session.customerId,
    connectionIds: connections.map((connection) => connection.id),
  });
  return { connections, approval, offered: new Set(readList(client.defaultPermissions)) };
}

// Changing or revoking access needs proof: at least one account of this customer signed into here.
async function verifiedConnections(
  services: GatewayServices,
  company: CompanySession,
  tenantId: string,
) {
  const connections = await loadVerifiedConnections(services, {
    customerId: company.customerId,
    tenantId,
    verifiedConnectionIds: company.connectionIds,
  });
  if (company.customerId === null || connections.length === 0)
    throw gatewayError(
      'AUTH_REQUIRED',
      'Sign in to one of your provider accounts on this page first.',
    );
  return {
    customerId: company.customerId,
    connections,
    verified: connections.map((connection) => connection.id),
  };
}

/** Saves the scopes and repositories the customer picked for the app (of the verified accounts only). */
export async function updateAccess(
  services: GatewayServices,
  input: {
    client: CompanyClient;
    company: CompanySession;
    scope: string | string[] | undefined;
    repository: string | string[] | undefined;
  },
): Promise<void> {
  const { client } = input;
  const { customerId, connections, verified } = await verifiedConnections(
    services,
    input.company,
    client.tenantId,
  );
  const allowed = new Set(readList(client.defaultPermissions));
  const scopes = sortScopes(asList(input.scope).filter((scope) => allowed.has(scope)));
  if (scopes.length === 0)
    throw gatewayError(
      'INVALID_REQUEST',
      'Keep at least one permission, or revoke the access instead.',
    );
  const repositories = await resolvePicks(services, connections, asList(input.repository));
  const authorizationId = await retryOnConflict(() =>
    services.prisma.$transaction((tx) =>
      saveApproval(tx, {
        tenantId: client.tenantId,
        clientId: client.id,
        customerId,
        scopes,
        repositories,
        verified,
      }),
    ),
  );
  // A repository or `events:subscribe` taken away takes the app's webhooks on it away too.
  await removeUncoveredHooks(services, [authorizationId]);
}

/**
 * Withdraws what the verified accounts shared with the app, and the webhooks it created through
 * them; only `confirmed` (the confirmation page's token came with the form), else INVALID_REQUEST.
 */
export async function revokeAccess(
  services: GatewayServices,
  input: { client: CompanyClient; company: CompanySession; confirmed: boolean },
): Promise<void> {
  const { client } = input;
  const { customerId, verified } = await verifiedConnections(
    services,
    input.company,
    client.tenantId,
  );
  if (!input.confirmed)
    throw gatewayError(
      'INVALID_REQUEST',
      'Revoking all access needs its confirmation: use "Revoke all access" on the access page and confirm.',
    );
  const at = new Date(services.now());
  const { authorizationId } = await services.prisma.$transaction((tx) =>
    withdrawApproval(tx, { clientId: client.id, customerId, verified, at }),
  );
  // The webhooks the app created through these accounts go with their approval.
  if (authorizationId !== null)
    await removeUpstreamHooks(services, {
      authorizationIds: [authorizationId],
      connectionIds: verified,
      all: true,
    });
}

/** Deletes a connected account this browser signed into, of this customer (RESOURCE_NOT_FOUND otherwise). */
export async function disconnectAccount(
  services: GatewayServices,
  input: { company: CompanySession; connectionId: string },
): Promise<void> {
  const { company, connectionId } = input;
  // Only an account this browser signed into, of this customer.
  if (!company.connectionIds.includes(connectionId))
    throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account in this session.');
  if (company.customerId === null)
    throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account in this session.');
  // Its tokens remove its hooks: before the connection (and its subscription rows) is deleted.
  await removeUpstreamHooks(services, { connectionIds: [connectionId] });
  const deleted = await services.prisma.connection.deleteMany({
    where: { id: connectionId, customerId: company.customerId },
  });
  if (deleted.count === 0) throw gatewayError('RESOURCE_NOT_FOUND', 'No such connected account.');
}
