// The dashboard's per-app line shows the newest delivery across the app's subscriptions, found
// per subscription through its index (dashboard-service.ts), and nothing of another app's or tenant's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../oauth-clients/service.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { seedSubscription } from '../../webhooks/test-support/seed-subscription.js';
import { loadOverview } from './dashboard-service.js';

describe('dashboard: the last delivery of each app', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is the newest across the app’s subscriptions, scoped to the app and its tenant', async () => {
    const { services } = gw.gateway;
    const { prisma } = services;
    const seeded = await seedSubscription(services, {
      provider: 'github',
      targetUrl: 'https://receiver.example.com/hook',
    });
    const other = await seedSubscription(services, {
      provider: 'github',
      targetUrl: 'https://receiver.example.com/hook',
    });
    const user = await prisma.user.create({
      data: { id: services.newId('usr'), email: 'last-delivery@example.com', passwordHash: 'x' },
    });
    const app = (tenantId: string, name: string) =>
      createOAuthClient(services, {
        tenantId,
        ownerUserId: user.id,
        name,
        description: '',
        allowedRedirectUris: ['https://acme.example.com/cb'],
        defaultPermissions: ['read:repositories'],
      });
    const first = (await app(seeded.tenantId, 'First')).client;
    const second = (await app(seeded.tenantId, 'Second')).client;
    const quiet = (await app(seeded.tenantId, 'Quiet')).client;
    const foreign = (await app(other.tenantId, 'Foreign')).client;
    const subscription = (clientId: string, tenantId: string, connectionId: string) =>
      prisma.eventSubscription.create({
        data: {
          id: services.newId('evs'),
          tenantId,
          clientId,
          connectionId,
          provider: 'github',
          repositoryId: '1',
          providerHookId: services.newId('hook'),
          callbackUrl: 'https://receiver.example.com/hook',
          events: '["*"]',
          active: true,
        },
      });
    const a1 = await subscription(first.id, seeded.tenantId, seeded.connectionId);
    const a2 = await subscription(first.id, seeded.tenantId, seeded.connectionId);
    const b1 = await subscription(second.id, seeded.tenantId, seeded.connectionId);
    await subscription(quiet.id, seeded.tenantId, seeded.connectionId);
    const f1 = await subscription(foreign.id, other.tenantId, other.connectionId);
    const event = await prisma.webhookEvent.create({
      data: {
        id: services.newId('whe'),
        provider: 'github',
        deliveryId: services.newId('gh'),
        eventName: 'push',
        status: 'processed',
      },
    });
    const base = Date.parse('2026-12-01T00:00:00Z');
    const deliver = (subscriptionId: string, minutes: number, status: string) =>
      prisma.webhookDelivery.create({
        data: {
          id: services.newId('whd'),
          eventId: event.id,
          subscriptionId,
          eventIndex: 0,
          status,
          createdAt: new Date(base + minutes * 60_000),
        },
      });
    // First app: its second subscription has the newest delivery, though the first has more.
    await deliver(a1.id, 1, 'delivered');
    await deliver(a1.id, 2, 'delivered');
    await deliver(a2.id, 5, 'failed');
    await deliver(a1.id, 3, 'delivered');
    await deliver(b1.id, 4, 'dead');
    // Newer than all of them, in another tenant.
    await deliver(f1.id, 9, 'pending');

    const overview = await loadOverview(services, seeded.tenantId);
    const lastOf = (clientId: string) =>
      overview.apps.find((row) => row.id === clientId)?.subscriptions.lastDelivery;
    expect(lastOf(first.id)).toMatchObject({ status: 'failed', at: '2026-12-01T00:05:00.000Z' });
    expect(lastOf(second.id)).toMatchObject({ status: 'dead', at: '2026-12-01T00:04:00.000Z' });
    expect(lastOf(quiet.id)).toBeNull();
    expect(overview.apps.map((row) => row.id)).not.toContain(foreign.id);
    expect(
      (await loadOverview(services, other.tenantId)).apps[0]?.subscriptions.lastDelivery,
    ).toMatchObject({ status: 'pending' });
  });
});
