import { parseRepoRef } from '@scm/core';
import { newId } from '../../crypto/tokens.js';
import type { Prisma } from '../../generated/sqlite/client.js';
import { gatewayError } from '../../http/errors.js';
import { writeList } from '../../json-list.js';
import type { GatewayServices } from '../../services.js';
import type { loadVerifiedConnections } from './consent.js';

export interface ApprovedRepositoryInput {
  connectionId: string;
  provider: string;
  repositoryId: string;
  fullName: string;
}

/** A form field that may be sent once or repeated (checkbox groups). */
export function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The ticked `connectionId:repositoryId` boxes, each re-read from the provider as the customer's
 * own account: ids and names come from there, never from the form. A box naming an account the
 * browser has not signed into is INVALID_REQUEST.
 */
export async function resolvePicks(
  services: GatewayServices,
  connections: Awaited<ReturnType<typeof loadVerifiedConnections>>,
  picks: readonly string[],
): Promise<ApprovedRepositoryInput[]> {
  if (picks.length === 0 || picks.length > 500) throw gatewayError('INVALID_REQUEST', 'Select at least one repository (at most 500).');
  const repositories = await Promise.all(
    picks.map(async (pick) => {
      const index = pick.indexOf(':');
      const connection = connections.find((candidate) => candidate.id === pick.slice(0, index));
      if (index < 1 || connection === undefined) throw gatewayError('INVALID_REQUEST', 'A selected repository belongs to no connected account.');
      const repository = await services.providers.forConnection(connection).getRepository(parseRepoRef(pick.slice(index + 1)));
      return { connectionId: connection.id, provider: connection.provider, repositoryId: repository.id, fullName: repository.fullName };
    }),
  );
  return [...new Map(repositories.map((repo) => [`${repo.provider}:${repo.repositoryId}`, repo])).values()];
}

/**
 * Makes (client × customer)'s authorization active with exactly these scopes and repositories,
 * inside the caller's transaction; returns its id. One authorization per app and customer: a new
 * approval replaces what the last one chose.
 */
export async function saveApproval(
  tx: Prisma.TransactionClient,
  input: { tenantId: string; clientId: string; customerId: string; scopes: string[]; repositories: ApprovedRepositoryInput[] },
): Promise<string> {
  const existing = await tx.authorization.findFirst({ where: { clientId: input.clientId, customerId: input.customerId, status: { not: 'revoked' } } });
  const authorizationId = existing?.id ?? newId('authz');
  if (existing === null) {
    await tx.authorization.create({
      data: { id: authorizationId, tenantId: input.tenantId, clientId: input.clientId, customerId: input.customerId, status: 'active', permissions: writeList(input.scopes) },
    });
  } else {
    await tx.authorization.update({ where: { id: authorizationId }, data: { status: 'active', permissions: writeList(input.scopes) } });
    await tx.authorizationConnection.deleteMany({ where: { authorizationId } });
    await tx.authorizationRepository.deleteMany({ where: { authorizationId } });
  }
  const connectionIds = [...new Set(input.repositories.map((repo) => repo.connectionId))];
  await tx.authorizationConnection.createMany({ data: connectionIds.map((connectionId) => ({ authorizationId, connectionId })) });
  await tx.authorizationRepository.createMany({ data: input.repositories.map((repo) => ({ id: newId('arepo'), authorizationId, ...repo })) });
  return authorizationId;
}
