import { randomBytes } from 'node:crypto';
import { parseRepoRef, ScmError, type RepoRef, type ScmProvider } from '@scm/core';
import { hashSecret } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import type { EventSubscription } from '../generated/sqlite/client.js';
import { readList } from '../json-list.js';
import { assertPublicHost, parseHostUrl } from '../integrations/host-url.js';
import { inboundWebhookUrl } from './inbound-url.js';
import type { GatewayServices } from '../services.js';

// GitFlare's events/subscribe: the provider's hook points at the gateway's own /v1/webhooks/{provider}
// with a secret only the gateway knows; the app's target URL gets the normalized events, signed
// with a Standard Webhooks secret shown once.

/** Why a subscription is off when its workspace disconnected the integration it uses (seed 002). */
export const DISCONNECTED_REASON = 'integration disconnected';

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
  /** The caller's own signing secret (the contract's `secret`), if it gave one. */
  secret?: string | undefined;
}

const STANDARD_SECRET = /^whsec_[A-Za-z0-9+/]{11,}={0,2}$/;

/**
 * The Standard Webhooks signing secret of a new subscription: the caller's own (the contract's
 * `secret`) — a `whsec_…` one as given, any other keyed by its UTF-8 bytes (what a verifier's raw
 * secret mode uses, `new Webhook(secret, { format: 'raw' })`) — or `whsec_` and 32 random bytes.
 */
export function signingSecretOf(given: string | undefined): string {
  if (given === undefined) return `whsec_${randomBytes(32).toString('base64')}`;
  if (given.startsWith('whsec_')) {
    if (!STANDARD_SECRET.test(given))
      throw gatewayError(
        'INVALID_REQUEST',
        'secret: a whsec_ secret is whsec_ and its key in base64; send any other secret without the prefix.',
      );
    return given;
  }
  return `whsec_${Buffer.from(given, 'utf8').toString('base64')}`;
}

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
  const signingSecret = signingSecretOf(input.secret);
  const hookSecret = randomBytes(32).toString('base64url');
  const hook = await scm.createWebhook(input.repo, {
    callbackUrl: inboundWebhookUrl(services.config.publicUrl, input.provider),
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
  services.inbound.sources.invalidate();
  return { subscription, signingSecret };
}

/** What an app (or its developer) sees of a subscription: never a secret, whatever the caller. */
export function presentSubscription(row: EventSubscription) {
  return {
    id: row.id,
    provider: row.provider,
    repositoryId: row.repositoryId,
    providerSubscriptionId: row.providerHookId,
    callbackUrl: row.callbackUrl,
    events: readList(row.events),
    active: row.active,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

export type SubscriptionView = ReturnType<typeof presentSubscription>;

/**
 * A new target URL for an existing subscription: the rules of `createSubscription` (a public https
 * host, or one the operator allow-lists), checked now and again at every connection.
 */
export async function assertTargetUrl(services: GatewayServices, targetUrl: string): Promise<void> {
  const policy = { allowPrivateHosts: services.config.privateHosts };
  await assertPublicHost(parseHostUrl(targetUrl, policy), policy);
}

/** The upstream hook is already gone: its repository or the hook answers 404. */
export function isHookGone(error: unknown): boolean {
  return (
    ScmError.isInstance(error) &&
    (error.upstreamStatus === 404 ||
      (error.source === 'provider' &&
        (error.code === 'RESOURCE_NOT_FOUND' || error.code === 'REPOSITORY_NOT_FOUND')))
  );
}

/** Deletes a subscription's upstream hook; one the provider no longer has (404) counts as deleted. */
export async function deleteUpstreamHook(
  scm: ScmProvider,
  subscription: Pick<EventSubscription, 'repositoryId' | 'providerHookId'>,
): Promise<void> {
  try {
    await scm.deleteWebhook(parseRepoRef(subscription.repositoryId), subscription.providerHookId);
  } catch (error) {
    if (!isHookGone(error)) throw error;
  }
}

/**
 * The provider's hook sends only the events it was created with, and adapters cannot edit a hook:
 * a new event list is a new upstream hook (same gateway secret, so GitLab's token lookup still
 * finds it) replacing the old one. Returns the new hook's id; the caller stores it, then removes
 * the old hook with `deleteUpstreamHook`.
 */
export async function recreateUpstreamHook(
  services: GatewayServices,
  scm: ScmProvider,
  subscription: Pick<EventSubscription, 'provider' | 'repositoryId' | 'hookSecretEnc'>,
  events: readonly string[],
): Promise<string> {
  if (subscription.hookSecretEnc === null)
    throw new ScmError('INTERNAL_ERROR', {
      source: 'gateway',
      message: 'The subscription has no hook secret.',
    });
  const hook = await scm.createWebhook(parseRepoRef(subscription.repositoryId), {
    callbackUrl: inboundWebhookUrl(services.config.publicUrl, subscription.provider),
    events: [...events],
    active: true,
    secret: services.secretBox.decrypt(subscription.hookSecretEnc),
  });
  return hook.id;
}
