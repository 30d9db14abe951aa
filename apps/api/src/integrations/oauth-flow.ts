import { ScmError } from '@scm/core';
import { gatewayError } from '../http/errors.js';
import { providerEntry, type GatewayProviderId } from '../providers/catalogue.js';
import type { ProviderHostRecord } from '../providers/registry.js';
import type { GatewayServices } from '../services.js';
import type { FlowState } from './flows.js';
import { newWebhookSecret, saveIntegration } from './store.js';
import { inboundWebhookUrl } from '../webhooks/inbound-url.js';

// Integrations that act as a provider account: through the tenant's own OAuth application on the
// host (seed 001, "OAuth application mode"), or through a personal access token ("Personal Access
// Token mode"). The registry's adapters refresh OAuth tokens before expiry, one refresh at a time
// per integration, and store the rotated pair (src/services.ts onTokensRefreshed).

export const callbackUrl = (services: GatewayServices, provider: string): string =>
  `${services.config.publicUrl}/v1/integrations/${provider}/callback`;

/** The provider's authorize URL for a started flow. */
export function authorizeUrl(
  services: GatewayServices,
  input: {
    provider: GatewayProviderId;
    host: ProviderHostRecord;
    state: string;
    codeChallenge: string;
  },
): string {
  const scopes = services.hosts.oauthScopes(input.host);
  return services.providers.oauth(input.host).authorizeUrl({
    redirectUri: callbackUrl(services, input.provider),
    state: input.state,
    codeChallenge: input.codeChallenge,
    ...(scopes === undefined ? {} : { scopes }),
  });
}

/** Exchanges the authorization code, reads the account behind it and stores the integration. */
export async function completeOAuth(
  services: GatewayServices,
  input: { provider: GatewayProviderId; flow: FlowState; host: ProviderHostRecord; code: string },
) {
  const { providers } = services;
  const codeVerifier = input.flow.codeVerifier();
  const tokens = await providers.oauth(input.host).exchangeCode({
    code: input.code,
    redirectUri: callbackUrl(services, input.provider),
    ...(codeVerifier === null ? {} : { codeVerifier }),
  });
  const viewer = await providers
    .forToken(input.host, tokens.accessToken, { oauth: true })
    .getViewer();
  return saveIntegration(services, {
    tenantId: input.flow.payload.tenantId,
    customerId: null,
    userId: input.flow.payload.userId,
    host: input.host,
    viewer,
    authMode: 'oauth',
    tokens,
    displayName: input.flow.payload.displayName ?? `${viewer.login} on ${input.host.host}`,
  });
}

/**
 * Token mode: the token must carry the provider's required scopes (named in the error when one is
 * missing), then the account behind it is read and the integration stored with a generated webhook
 * secret — returned once, stored sealed.
 */
export async function connectWithToken(
  services: GatewayServices,
  input: {
    provider: GatewayProviderId;
    host: ProviderHostRecord;
    tenantId: string;
    userId: string;
    token: string;
    displayName: string | undefined;
  },
) {
  const support = providerEntry(input.provider).accessToken;
  if (support === undefined)
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `${providerEntry(input.provider).displayName} integrations take no access token here.`,
      { provider: input.provider },
    );
  const info = await support.scopesOf({
    location: input.host,
    transport: services.providers.transport(input.host),
    token: input.token,
  });
  if (!info.active)
    throw new ScmError('INVALID_CREDENTIALS', {
      source: 'provider',
      provider: input.provider,
      message: 'The access token is revoked or expired.',
    });
  const missing = support.requiredScopes.filter((scope) => !info.scopes.includes(scope));
  if (missing.length > 0)
    throw gatewayError(
      'INVALID_REQUEST',
      `The access token lacks the ${missing.join(' and ')} scope${missing.length > 1 ? 's' : ''}; create one with ${support.requiredScopes.join(' and ')}.`,
    );
  const viewer = await services.providers.forToken(input.host, input.token).getViewer();
  const webhookSecret = newWebhookSecret();
  const connection = await saveIntegration(services, {
    tenantId: input.tenantId,
    customerId: null,
    userId: input.userId,
    host: input.host,
    viewer,
    authMode: 'token',
    tokens: { accessToken: input.token, refreshToken: null, expiresAt: null, scopes: info.scopes },
    displayName: input.displayName ?? `${viewer.login} on ${input.host.host}`,
    webhookSecret,
  });
  return {
    connection,
    webhook: {
      url: inboundWebhookUrl(services.config.publicUrl, input.provider),
      secret: webhookSecret,
    },
  };
}
