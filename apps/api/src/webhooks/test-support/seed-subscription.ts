// A tenant, an integration and an event subscription written straight into the database, as
// `events/subscribe` leaves them (src/webhooks/subscriptions.ts), without a provider to create the
// upstream hook: the webhook tests and the bench post the hook's deliveries themselves.
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../crypto/tokens.js';
import type { GatewayServices } from '../../services.js';

export interface SeededSubscription {
  id: string;
  tenantId: string;
  connectionId: string;
  /** The upstream hook's id (GitHub's X-GitHub-Hook-ID, Bitbucket's X-Hook-UUID). */
  hookId: string;
  /** What the provider signs inbound deliveries with (or sends as is: X-Gitlab-Token). */
  hookSecret: string;
  /** The Standard Webhooks secret of outbound deliveries (`whsec_…`). */
  signingSecret: string;
}

export async function seedSubscription(
  services: GatewayServices,
  input: {
    provider: 'github' | 'gitlab' | 'bitbucket';
    targetUrl: string;
    events?: string[];
    repositoryId?: string;
    hookId?: string;
  },
): Promise<SeededSubscription> {
  const { prisma, secretBox } = services;
  const host = await prisma.providerHost.findFirstOrThrow({
    where: { tenantId: null, provider: input.provider },
    orderBy: { isDefault: 'desc' },
  });
  const tenant = await prisma.tenant.create({
    data: {
      id: services.newId('ten'),
      name: 'Webhooks',
      slug: `webhooks-${randomBytes(6).toString('hex')}`,
    },
  });
  const connection = await prisma.connection.create({
    data: {
      id: services.newId('con'),
      tenantId: tenant.id,
      providerHostId: host.id,
      provider: input.provider,
      accountId: '1',
      accountLogin: 'webhooks',
      tokenType: 'token',
      accessTokenEnc: secretBox.encrypt('not-used'),
      scopes: '[]',
      status: 'active',
    },
  });
  const hookId = input.hookId ?? String(100_000 + Math.floor(Math.random() * 1_000_000));
  const hookSecret = randomBytes(20).toString('hex');
  const signingSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const subscription = await prisma.eventSubscription.create({
    data: {
      id: services.newId('evs'),
      tenantId: tenant.id,
      connectionId: connection.id,
      provider: input.provider,
      repositoryId: input.repositoryId ?? '1',
      providerHookId: hookId,
      callbackUrl: input.targetUrl,
      events: JSON.stringify(input.events ?? ['*']),
      active: true,
      secretEnc: secretBox.encrypt(signingSecret),
      hookSecretEnc: secretBox.encrypt(hookSecret),
      hookSecretHash: hashSecret(hookSecret),
    },
  });
  return {
    id: subscription.id,
    tenantId: tenant.id,
    connectionId: connection.id,
    hookId,
    hookSecret,
    signingSecret,
  };
}
