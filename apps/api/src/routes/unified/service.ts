import type { GatewayServices } from '../../services.js';

/** A provider webhook the gateway created for an app, as stored (its secret sealed). */
export interface SubscriptionInput {
  tenantId: string;
  clientId: string | null;
  /** The authorization the hook exists under, so revoking it removes the hook. */
  authorizationId: string | null;
  connectionId: string;
  provider: string;
  repositoryId: string;
  providerHookId: string;
  callbackUrl: string;
  events: readonly string[];
  active: boolean;
  secret: string | undefined;
}

/** Stores an event subscription; returns what the answer shows of it. */
export async function saveSubscription(services: GatewayServices, input: SubscriptionInput) {
  const subscription = await services.prisma.eventSubscription.create({
    data: {
      id: services.newId('evs'),
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorizationId: input.authorizationId,
      connectionId: input.connectionId,
      provider: input.provider,
      repositoryId: input.repositoryId,
      providerHookId: input.providerHookId,
      callbackUrl: input.callbackUrl,
      events: JSON.stringify(input.events),
      active: input.active,
      secretEnc: input.secret === undefined ? null : services.secretBox.encrypt(input.secret),
    },
  });
  return {
    id: subscription.id,
    repositoryId: subscription.repositoryId,
    providerHookId: subscription.providerHookId,
    createdAt: subscription.createdAt,
  };
}

/**
 * Marks a connection expired (the provider refused its own credentials) and drops cached
 * principals, so the next call says PROVIDER_ACCOUNT_NOT_CONNECTED at once.
 */
export async function markConnectionExpired(
  services: GatewayServices,
  connectionId: string,
  /** What the provider said (an integration shows it as its `status_reason`). */
  reason: string,
): Promise<void> {
  await services.prisma.connection.update({
    where: { id: connectionId },
    data: { status: 'expired', statusReason: reason.slice(0, 500) },
  });
  services.platformAuth.invalidate();
}
