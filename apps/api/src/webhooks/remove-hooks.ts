import { parseRepoRef, ScmError } from '@scm/core';
import { coversSubscription, loadGrants } from '../auth/platform-auth.js';
import type { GatewayServices } from '../services.js';

/** Provider calls in flight at once while removing hooks. */
const CONCURRENCY = 4;
/** Subscriptions handled by one call (the janitor retries the rest). */
const MAX_PER_CALL = 500;

export interface RemoveHooksFilter {
  authorizationIds?: string[];
  clientId?: string;
  connectionIds?: string[];
  subscriptionIds?: string[];
}

/** The upstream hook is already gone: its repository or the hook answers 404. */
function isGone(error: unknown): boolean {
  return (
    ScmError.isInstance(error) &&
    (error.upstreamStatus === 404 ||
      (error.source === 'provider' &&
        (error.code === 'RESOURCE_NOT_FOUND' || error.code === 'REPOSITORY_NOT_FOUND')))
  );
}

/**
 * Removes the provider webhooks the gateway created through `events/subscribe` for every
 * subscription that matches any of the filter's fields (an empty filter matches nothing): the
 * hook is deleted through the connection's adapter, then its row. An upstream failure never
 * blocks the revocation that called this: it is logged (ids and codes only, no secret) and the row
 * stays, marked inactive, for the janitor to retry while its authorization is revoked or its app
 * deleted; a hook the provider no longer has (404) counts as removed. Call it before deleting a
 * connection: the connection's tokens are what removes its hooks, and its rows go with it.
 */
export async function removeUpstreamHooks(
  services: GatewayServices,
  filter: RemoveHooksFilter & {
    /** Match subscriptions that meet every given field instead of any (one account's part of an approval). */
    all?: boolean;
  },
): Promise<void> {
  const { prisma, providers, logger } = services;
  const or = [
    ...(filter.authorizationIds !== undefined && filter.authorizationIds.length > 0
      ? [{ authorizationId: { in: filter.authorizationIds } }]
      : []),
    ...(filter.clientId !== undefined ? [{ clientId: filter.clientId }] : []),
    ...(filter.connectionIds !== undefined && filter.connectionIds.length > 0
      ? [{ connectionId: { in: filter.connectionIds } }]
      : []),
    ...(filter.subscriptionIds !== undefined && filter.subscriptionIds.length > 0
      ? [{ id: { in: filter.subscriptionIds } }]
      : []),
  ];
  if (or.length === 0) return;
  const subscriptions = await prisma.eventSubscription.findMany({
    where: filter.all === true ? { AND: or } : { OR: or },
    include: { connection: { include: { providerHost: true } } },
    orderBy: { createdAt: 'asc' },
    take: MAX_PER_CALL,
  });

  const removeOne = async (subscription: (typeof subscriptions)[number]): Promise<void> => {
    const context = {
      subscriptionId: subscription.id,
      provider: subscription.provider,
      repositoryId: subscription.repositoryId,
      providerHookId: subscription.providerHookId,
      connectionId: subscription.connectionId,
    };
    let removed: boolean;
    try {
      await providers
        .forConnection(subscription.connection)
        .deleteWebhook(parseRepoRef(subscription.repositoryId), subscription.providerHookId);
      removed = true;
    } catch (error) {
      removed = isGone(error);
      if (!removed) {
        logger.warn('could not remove an upstream webhook; kept for retry', {
          ...context,
          code: ScmError.isInstance(error) ? error.code : 'INTERNAL_ERROR',
          upstreamStatus: ScmError.isInstance(error) ? error.upstreamStatus : null,
        });
      }
    }
    if (removed) await prisma.eventSubscription.deleteMany({ where: { id: subscription.id } });
    else
      await prisma.eventSubscription.updateMany({
        where: { id: subscription.id },
        data: { active: false },
      });
    services.inbound.sources.invalidate();
  };

  // A few at a time: an app can have many hooks, a provider its secondary rate limits.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < subscriptions.length) {
      const subscription = subscriptions[next++];
      if (subscription === undefined) return;
      try {
        await removeOne(subscription);
      } catch (error) {
        logger.warn('could not update a webhook subscription', {
          subscriptionId: subscription.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, subscriptions.length) }, worker));
}

/**
 * Removes the hooks of the subscriptions under these authorizations that what is approved now no
 * longer covers (`coversSubscription`): after a customer or an admin approves again with fewer
 * repositories or scopes, or without one of the accounts. A revoked authorization covers nothing.
 */
export async function removeUncoveredHooks(
  services: GatewayServices,
  authorizationIds: readonly string[],
): Promise<void> {
  const uncovered: string[] = [];
  for (const authorizationId of new Set(authorizationIds)) {
    const subscriptions = await services.prisma.eventSubscription.findMany({
      where: { authorizationId },
      select: { id: true, authorizationId: true, connectionId: true, repositoryId: true },
    });
    if (subscriptions.length === 0) continue;
    const grants = await loadGrants(services.prisma, { id: authorizationId });
    for (const subscription of subscriptions)
      if (!coversSubscription(grants, subscription)) uncovered.push(subscription.id);
  }
  if (uncovered.length > 0) await removeUpstreamHooks(services, { subscriptionIds: uncovered });
}

/**
 * The janitor's retry: hooks whose removal failed earlier (rows still there although their
 * authorization was revoked or narrowed, or their app deleted) are tried again. Returns how many subscriptions
 * were looked at.
 */
export async function retryHookRemovals(services: GatewayServices, limit = 200): Promise<number> {
  const { prisma } = services;
  const pending = await prisma.eventSubscription.findMany({
    where: { active: false },
    select: { authorizationId: true, clientId: true },
    take: limit,
  });
  if (pending.length === 0) return 0;
  const authorizationIds = [
    ...new Set(pending.map((row) => row.authorizationId).filter((id): id is string => id !== null)),
  ];
  const clientIds = [
    ...new Set(pending.map((row) => row.clientId).filter((id): id is string => id !== null)),
  ];
  const revoked = (
    await prisma.authorization.findMany({
      where: { id: { in: authorizationIds }, status: 'revoked' },
      select: { id: true },
    })
  ).map((row) => row.id);
  const deleted = (
    await prisma.oAuthClient.findMany({
      where: { id: { in: clientIds }, deletedAt: { not: null } },
      select: { id: true },
    })
  ).map((row) => row.id);
  if (revoked.length > 0) await removeUpstreamHooks(services, { authorizationIds: revoked });
  for (const clientId of deleted) await removeUpstreamHooks(services, { clientId });
  // Still active, but narrowed since: what it no longer covers goes too.
  const narrowed = authorizationIds.filter((id) => !revoked.includes(id));
  if (narrowed.length > 0) await removeUncoveredHooks(services, narrowed);
  return pending.length;
}
