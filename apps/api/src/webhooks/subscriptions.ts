import { randomBytes } from 'node:crypto';
import type { RepoRef, ScmProvider } from '@scm/core';
import { hashSecret } from '../crypto/tokens.js';
import { assertPublicHost, parseHostUrl } from '../integrations/host-url.js';
import type { GatewayServices } from '../services.js';

// GitFlare's events/subscribe: the provider's hook points at the gateway's own /v1/webhooks/{provider}
// with a secret only the gateway knows; the app's target URL gets the normalized events, signed
// with a Standard Webhooks secret shown once.

export interface CreateSubscriptionInput {
  tenantId: string;
  clientId: string | null;
  /** The authorization the hook exists under, so revoking it removes the hook. */
  authorizationId: string | null;
  connectionId: string;
  provider: string;
  repositoryId: string;
  repo: RepoRef;
  targetUrl: string;
  events: readonly string[];
  active: boolean;
}

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export async function createSubscription(
  services: GatewayServices,
  scm: ScmProvider,
  input: CreateSubscriptionInput,
) {
  // The target is called by the gateway: the same rules as a provider host (no private address
  // unless the operator allow-lists it), checked now and again at every connection.
  const policy = { allowPrivateHosts: services.config.privateHosts };
  const target = parseHostUrl(input.targetUrl, policy);
  await assertPublicHost(target, policy);
  const hookSecret = randomBytes(32).toString('base64url');
  const signingSecret = newSigningSecret();
  const hook = await scm.createWebhook(input.repo, {
    callbackUrl: `${services.config.publicUrl}/v1/webhooks/${input.provider}`,
    events: [...input.events],
    active: input.active,
    secret: hookSecret,
  });
  const subscription = await services.prisma.eventSubscription.create({
    data: {
      id: services.newId('evs'),
      tenantId: input.tenantId,
      clientId: input.clientId,
      authorizationId: input.authorizationId,
      connectionId: input.connectionId,
      provider: input.provider,
      repositoryId: input.repositoryId,
      providerHookId: hook.id,
      callbackUrl: input.targetUrl,
      events: JSON.stringify(input.events),
      active: input.active,
      secretEnc: services.secretBox.encrypt(signingSecret),
      hookSecretEnc: services.secretBox.encrypt(hookSecret),
      hookSecretHash: hashSecret(hookSecret),
    },
  });
  return { subscription, signingSecret };
}
