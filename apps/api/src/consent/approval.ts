import { parseRepoRef } from '@scm/core';
import { newId } from '../crypto/tokens.js';
import type { Prisma } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { readList, writeList } from '../json-list.js';
import { sortScopes } from '../scopes.js';
import type { GatewayServices } from '../services.js';
import { createSlots } from '../slots.js';
import type { loadVerifiedConnections } from './consent.js';

/** Repositories read from the provider at once while an approval is resolved. */
export const RESOLVE_CONCURRENCY = 8;

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
  if (picks.length === 0 || picks.length > 500)
    throw gatewayError('INVALID_REQUEST', 'Select at least one repository (at most 500).');
  // A few reads at a time, each box once: 500 at once would trip a provider's secondary limits
  // (GitHub's concurrent-request limit) and hold 500 sockets for one form.
  const slot = createSlots({ concurrency: RESOLVE_CONCURRENCY });
  // Once one box fails the form is answered: the reads still waiting for a slot are not made.
  let failed = false;
  const repositories = await Promise.all(
    [...new Set(picks)].map(async (pick) => {
      const index = pick.indexOf(':');
      const connection = connections.find((candidate) => candidate.id === pick.slice(0, index));
      if (index < 1 || connection === undefined)
        throw gatewayError(
          'INVALID_REQUEST',
          'A selected repository belongs to no connected account.',
        );
      const ref = parseRepoRef(pick.slice(index + 1));
      const repository = await slot(async () => {
        if (failed) throw gatewayError('INVALID_REQUEST', 'Another selected repository failed.');
        try {
          return await services.providers.forConnection(connection).getRepository(ref);
        } catch (error) {
          failed = true;
          throw error;
        }
      });
      return {
        connectionId: connection.id,
        provider: connection.provider,
        repositoryId: repository.id,
        fullName: repository.fullName,
      };
    }),
  );
  return [
    ...new Map(
      repositories.map((repo) => [`${repo.provider}:${repo.repositoryId}`, repo]),
    ).values(),
  ];
}

/**
 * The picked repositories an authorization does not hold yet. A repository is approved once per
 * authorization (provider and id): one picked twice (through two accounts of one browser), or
 * already approved through another account of the same customer — another browser's part, which
 * this one does not replace — is kept as it is, not inserted again (that was a unique-index 500).
 */
async function newRepositories(
  tx: Prisma.TransactionClient,
  authorizationId: string,
  picked: readonly ApprovedRepositoryInput[],
): Promise<ApprovedRepositoryInput[]> {
  if (picked.length === 0) return [];
  const key = (repo: { provider: string; repositoryId: string }) =>
    `${repo.provider}\u0000${repo.repositoryId}`;
  const held = await tx.authorizationRepository.findMany({
    where: {
      authorizationId,
      OR: picked.map(({ provider, repositoryId }) => ({ provider, repositoryId })),
    },
    select: { provider: true, repositoryId: true },
  });
  const seen = new Set(held.map(key));
  const fresh: ApprovedRepositoryInput[] = [];
  for (const repo of picked) {
    if (seen.has(key(repo))) continue;
    seen.add(key(repo));
    fresh.push(repo);
  }
  return fresh;
}

/**
 * Records what one browser approved, inside the caller's transaction, and returns the
 * authorization's id. There is one authorization per app and customer (a unique index); a browser
 * replaces only the part of it that belongs to the connections it signed into (`verified`): other
 * accounts' approvals under the same customer are kept as they are. Each approved connection keeps
 * its own scopes; the authorization's `permissions` is their union. A revoked authorization starts
 * again empty. Concurrent approvals may collide on the unique index: run this through
 * `retryOnConflict` around the whole transaction.
 */
export async function saveApproval(
  tx: Prisma.TransactionClient,
  input: {
    tenantId: string;
    clientId: string;
    customerId: string;
    scopes: string[];
    repositories: ApprovedRepositoryInput[];
    verified: readonly string[];
  },
): Promise<string> {
  const existing = await lockAuthorization(tx, input);
  const authorizationId = existing?.id ?? newId('authz');
  if (existing === null) {
    await tx.authorization.create({
      data: {
        id: authorizationId,
        tenantId: input.tenantId,
        clientId: input.clientId,
        customerId: input.customerId,
        status: 'active',
        permissions: writeList(input.scopes),
      },
    });
  } else {
    const fresh = existing.status === 'revoked';
    const replaced = fresh ? {} : { connectionId: { in: [...input.verified] } };
    await tx.authorizationConnection.deleteMany({ where: { authorizationId, ...replaced } });
    await tx.authorizationRepository.deleteMany({ where: { authorizationId, ...replaced } });
  }
  const connectionIds = [...new Set(input.repositories.map((repo) => repo.connectionId))];
  if (connectionIds.some((id) => !input.verified.includes(id)))
    throw gatewayError('INVALID_REQUEST', 'A selected repository belongs to no connected account.');
  await tx.authorizationConnection.createMany({
    data: connectionIds.map((connectionId) => ({
      authorizationId,
      connectionId,
      permissions: writeList(input.scopes),
    })),
  });
  await tx.authorizationRepository.createMany({
    data: (await newRepositories(tx, authorizationId, input.repositories)).map((repo) => ({
      id: newId('arepo'),
      authorizationId,
      ...repo,
    })),
  });
  await syncAuthorization(tx, authorizationId);
  return authorizationId;
}

/**
 * Withdraws the approvals of the `verified` connections only. When no approved connection is left,
 * the authorization ends: revoked, its tokens revoked and its unused codes spent. Returns whether
 * it ended.
 */
export async function withdrawApproval(
  tx: Prisma.TransactionClient,
  input: { clientId: string; customerId: string; verified: readonly string[]; at: Date },
): Promise<{ authorizationId: string | null; ended: boolean }> {
  const existing = await lockAuthorization(tx, input);
  if (existing === null || existing.status === 'revoked')
    return { authorizationId: null, ended: false };
  const mine = { authorizationId: existing.id, connectionId: { in: [...input.verified] } };
  await tx.authorizationConnection.deleteMany({ where: mine });
  await tx.authorizationRepository.deleteMany({ where: mine });
  const ended = !(await syncAuthorization(tx, existing.id));
  if (ended) {
    await tx.authorization.update({
      where: { id: existing.id },
      data: { status: 'revoked', revokedAt: input.at },
    });
    await tx.accessToken.updateMany({
      where: { authorizationId: existing.id, revokedAt: null },
      data: { revokedAt: input.at },
    });
    await tx.authorizationCode.updateMany({
      where: { authorizationId: existing.id, usedAt: null },
      data: { usedAt: input.at },
    });
  }
  return { authorizationId: existing.id, ended };
}

/**
 * Sets the authorization active with `permissions` = the union of its connections' scopes, when it
 * still has an approved connection; returns whether it has one.
 */
async function syncAuthorization(
  tx: Prisma.TransactionClient,
  authorizationId: string,
): Promise<boolean> {
  const links = await tx.authorizationConnection.findMany({
    where: { authorizationId },
    select: { permissions: true },
  });
  if (links.length === 0) return false;
  const scopes = sortScopes(links.flatMap((link) => readList(link.permissions)));
  await tx.authorization.update({
    where: { id: authorizationId },
    data: { status: 'active', revokedAt: null, permissions: writeList(scopes) },
  });
  return true;
}

/**
 * The app × customer authorization, its row locked first (an UPDATE holds the row until the
 * transaction ends): concurrent approvals and withdrawals of one customer then run one after
 * another on PostgreSQL instead of interleaving their deletes and inserts. SQLite runs one write
 * transaction at a time anyway.
 */
async function lockAuthorization(
  tx: Prisma.TransactionClient,
  input: { clientId: string; customerId: string },
) {
  const where = { clientId: input.clientId, customerId: input.customerId };
  const locked = await tx.authorization.updateMany({ where, data: { updatedAt: new Date() } });
  return locked.count === 0
    ? null
    : tx.authorization.findUnique({ where: { clientId_customerId: where } });
}
