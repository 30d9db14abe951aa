import type { GatewayServices } from '../services.js';

/** How long received deliveries (and the sealed body of one that did not parse) are kept. */
export const WEBHOOK_RETENTION_MS = 30 * 24 * 3600_000;

/** Deletes received deliveries older than the retention period, with their delivery logs. */
export async function sweepWebhookEvents(
  services: GatewayServices,
  batchSize = 500,
): Promise<number> {
  const before = new Date(services.now() - WEBHOOK_RETENTION_MS);
  let deleted = 0;
  for (let batch = 0; batch < 10; batch++) {
    const rows = await services.prisma.webhookEvent.findMany({
      where: { receivedAt: { lt: before } },
      select: { id: true },
      take: batchSize,
    });
    if (rows.length === 0) break;
    deleted += (
      await services.prisma.webhookEvent.deleteMany({
        where: { id: { in: rows.map(({ id }) => id) } },
      })
    ).count;
    if (rows.length < batchSize) break;
  }
  return deleted;
}
