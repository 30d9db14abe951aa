import { randomBytes } from 'node:crypto';
import { ScmError, type OAuthTokens, type Viewer } from '@scm/core';
import { hashSecret, newId } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import { writeList } from '../json-list.js';
import type { ProviderHostRecord } from '../providers/registry.js';
import type { GatewayServices } from '../services.js';
import { removeUpstreamHooks } from '../webhooks/remove-hooks.js';

// An integration is one credentialed link between a tenant and a provider host (a Connection row):
// GitFlare's customer connections (customerId set) and the tenant's own integrations (Oore's
// /v1/integrations, customerId null) are the same record. This file is the one place that writes
// them; every secret is sealed before it reaches the database.

/** How an integration authenticates to its provider (Oore's `auth_mode`). */
export type AuthMode = 'oauth' | 'token' | 'github_app';

export interface SaveIntegrationInput {
  tenantId: string;
  customerId: string | null;
  userId: string | null;
  host: ProviderHostRecord;
  /** The provider identity behind it, read from the provider at creation. */
  viewer: Viewer;
  authMode: AuthMode;
  /** null for a github_app integration (it mints installation tokens instead). */
  tokens: Pick<OAuthTokens, 'accessToken' | 'refreshToken' | 'expiresAt' | 'scopes'> | null;
  displayName?: string | null;
  /** A secret the provider will send with this integration's webhooks (GitLab token mode). */
  webhookSecret?: string | null;
}

/** A new webhook secret for an integration: 256 random bits, URL-safe (pasted into hook settings). */
export const newWebhookSecret = (): string => randomBytes(32).toString('base64url');

/** The columns of an integration's webhook secret: sealed, and hashed as the deliveries' lookup key. */
function webhookSecretFields(services: GatewayServices, secret: string | null) {
  return {
    webhookSecretEnc: secret === null ? null : services.secretBox.encrypt(secret),
    // The lookup key of deliveries that send the secret as is (X-Gitlab-Token).
    webhookSecretHash: secret === null ? null : hashSecret(secret),
  };
}

/**
 * Gives an integration a new webhook secret (for hooks set up by hand, e.g. an OAuth-mode GitLab
 * integration, or one whose secret was lost): deliveries sending the old one are refused from now.
 */
export async function replaceWebhookSecret(
  services: GatewayServices,
  connectionId: string,
): Promise<string> {
  const secret = newWebhookSecret();
  await services.prisma.connection.update({
    where: { id: connectionId },
    data: webhookSecretFields(services, secret),
  });
  services.inbound.sources.invalidate();
  return secret;
}

/**
 * Stores (or refreshes) an integration: the same provider account linked again by the same owner
 * updates its credentials and identity instead of piling up rows, and becomes active again.
 */
export async function saveIntegration(services: GatewayServices, input: SaveIntegrationInput) {
  const { prisma, secretBox } = services;
  const { tokens, viewer } = input;
  const fields = {
    tokenType: input.authMode,
    accessTokenEnc: tokens === null ? null : secretBox.encrypt(tokens.accessToken),
    refreshTokenEnc:
      tokens?.refreshToken === null || tokens === null
        ? null
        : secretBox.encrypt(tokens.refreshToken),
    expiresAt: tokens?.expiresAt === null || tokens === null ? null : new Date(tokens.expiresAt),
    scopes: writeList(tokens?.scopes ?? []),
    status: 'active',
    statusReason: null,
    accountLogin: viewer.login,
    accountName: viewer.name,
    accountEmail: viewer.email,
    accountAvatarUrl: viewer.avatarUrl,
    accountProfileUrl: viewer.webUrl,
    ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
    ...(input.webhookSecret === undefined
      ? {}
      : webhookSecretFields(services, input.webhookSecret)),
  };
  const existing = await prisma.connection.findFirst({
    where: {
      tenantId: input.tenantId,
      customerId: input.customerId,
      providerHostId: input.host.id,
      accountId: viewer.id,
    },
  });
  const connection =
    existing === null
      ? await prisma.connection.create({
          data: {
            id: newId('conn'),
            tenantId: input.tenantId,
            customerId: input.customerId,
            userId: input.userId,
            providerHostId: input.host.id,
            provider: input.host.provider,
            accountId: viewer.id,
            ...fields,
          },
          include: { providerHost: true },
        })
      : await prisma.connection.update({
          where: { id: existing.id },
          data: fields,
          include: { providerHost: true },
        });
  services.platformAuth.invalidate();
  services.inbound.sources.invalidate();
  return connection;
}

/**
 * Marks an integration `error` with the provider's reason (a 401: the token was revoked or the app
 * uninstalled), so lists say so at once instead of failing on the next read.
 */
export async function markIntegrationError(
  services: GatewayServices,
  connectionId: string,
  reason: string,
): Promise<void> {
  await services.prisma.connection.updateMany({
    where: { id: connectionId, status: { not: 'revoked' } },
    data: { status: 'error', statusReason: reason.slice(0, 500) },
  });
  services.platformAuth.invalidate();
}

/**
 * Runs a provider call of an integration; a refusal of its credentials by the provider (401: token
 * revoked, app deleted) marks it `error` with the provider's reason before the error goes on.
 */
export async function asIntegration<T>(
  services: GatewayServices,
  connectionId: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      ScmError.isInstance(error) &&
      error.source !== 'gateway' &&
      (error.code === 'AUTH_EXPIRED' || error.code === 'INVALID_CREDENTIALS')
    )
      await markIntegrationError(services, connectionId, error.message);
    throw error;
  }
}

/** A tenant's own integration (no customer), with its host and app; RESOURCE_NOT_FOUND otherwise. */
export async function findTenantIntegration(
  services: GatewayServices,
  tenantId: string,
  id: string,
) {
  const connection = await services.prisma.connection.findFirst({
    where: { id, tenantId, customerId: null },
    include: { providerHost: true, githubApp: true },
  });
  if (connection === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such integration.');
  return connection;
}

/**
 * Deletes an integration and what depends on it: its webhooks upstream (while its credentials can
 * still remove them), then the row — and with it its sealed tokens, webhook secret, GitHub App and
 * installations, subscriptions and every approval (grant) that named it. Nothing else is touched.
 */
export async function deleteIntegration(services: GatewayServices, connectionId: string) {
  await removeUpstreamHooks(services, { connectionIds: [connectionId] });
  await services.prisma.connection.delete({ where: { id: connectionId } });
  services.platformAuth.invalidate();
}
