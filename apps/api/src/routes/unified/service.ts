import type { GatewayServices } from '../../services.js';

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
