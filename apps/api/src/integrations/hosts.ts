import { newId } from '../crypto/tokens.js';
import { isUniqueViolation } from '../db/unique.js';
import { gatewayError } from '../http/errors.js';
import {
  hostKey,
  providerEntry,
  providerName,
  type GatewayProviderId,
} from '../providers/catalogue.js';
import type { ProviderHostRecord } from '../providers/registry.js';
import type { GatewayServices } from '../services.js';
import { assertPublicHost, parseHostUrl, type HostPolicy } from './host-url.js';

// Provider hosts at run time: a tenant names a host by URL (an Oore GitLab start, a GitHub App
// manifest flow on a GHES, a manual connection, a Scalingo integration) and gets the built-in or
// operator host when the URL is one of those, or its own row otherwise — validated (host-url.ts),
// then stored once per tenant × provider × host. The unified reads use whatever row a connection
// points at, so a host added here is readable through them at once.

const normalize = (url: string): string => url.replace(/\/+$/, '').toLowerCase();

/** The built-in or operator-configured host of `provider` at this URL, if any. */
function operatorHost(
  services: GatewayServices,
  provider: GatewayProviderId,
  base: URL,
): ProviderHostRecord | undefined {
  const wanted = normalize(base.href);
  return services.hosts
    .list()
    .find(
      (host) =>
        host.provider === provider &&
        (normalize(host.webBaseUrl) === wanted || normalize(host.apiBaseUrl) === wanted),
    );
}

export interface ResolveHostInput {
  tenantId: string;
  provider: GatewayProviderId;
  hostUrl: string;
  userId?: string | null;
  /**
   * The tenant's own OAuth application there (GitLab OAuth mode): stored on the tenant's row of
   * the host (secret sealed), a built-in host included, so refreshes use it.
   */
  oauthClient?: { clientId: string; clientSecret: string; scopes?: string[] } | undefined;
}

/**
 * The provider host a tenant means by `hostUrl`: the operator's host at that URL, or the tenant's
 * own (registered now if new). INVALID_REQUEST for a hostile or unresolvable URL,
 * UPSTREAM_UNAVAILABLE when DNS fails to answer, UNSUPPORTED_PROVIDER where the adapter has no
 * self-hosted edition.
 */
export async function resolveTenantHost(
  services: GatewayServices,
  input: ResolveHostInput,
): Promise<ProviderHostRecord> {
  const policy: HostPolicy = { allowPrivateHosts: services.config.privateHosts };
  const base = parseHostUrl(input.hostUrl, policy);
  const builtIn = operatorHost(services, input.provider, base);
  if (builtIn !== undefined && input.oauthClient === undefined) return builtIn;
  const entry = providerEntry(input.provider);
  const location =
    builtIn ??
    (entry.selfHostedLocation === undefined ? undefined : entry.selfHostedLocation(base));
  if (location === undefined)
    throw gatewayError(
      'UNSUPPORTED_PROVIDER',
      `${providerName(input.provider)} can be used only at ${entry.defaultHost.webBaseUrl}; its self-hosted edition is not supported yet.`,
      { provider: input.provider },
    );
  if (builtIn === undefined) await assertPublicHost(base, policy);
  const host = builtIn?.host ?? hostKey(base);
  const oauth =
    input.oauthClient === undefined
      ? {}
      : {
          oauthClientId: input.oauthClient.clientId,
          oauthClientSecretEnc: services.secretBox.encrypt(input.oauthClient.clientSecret),
          oauthScopes:
            input.oauthClient.scopes === undefined
              ? null
              : JSON.stringify(input.oauthClient.scopes),
        };
  const where = { tenantId: input.tenantId, provider: input.provider, host };
  const existing = await services.prisma.providerHost.findFirst({ where });
  if (existing !== null)
    return input.oauthClient === undefined
      ? existing
      : services.prisma.providerHost.update({ where: { id: existing.id }, data: oauth });
  try {
    return await services.prisma.providerHost.create({
      data: {
        id: newId('host'),
        ...where,
        apiBaseUrl: location.apiBaseUrl,
        webBaseUrl: location.webBaseUrl,
        createdByUserId: input.userId ?? null,
        ...oauth,
      },
    });
  } catch (error) {
    // Two requests registering the same host at once: the other one's row is ours too.
    if (!isUniqueViolation(error)) throw error;
    return services.prisma.providerHost.findFirstOrThrow({ where });
  }
}

/** A provider host the tenant may use (an operator host, or its own); RESOURCE_NOT_FOUND otherwise. */
export async function findTenantHost(
  services: GatewayServices,
  tenantId: string,
  hostId: string,
): Promise<ProviderHostRecord> {
  const host = await services.prisma.providerHost.findUnique({ where: { id: hostId } });
  if (host === null || !host.enabled || (host.tenantId !== null && host.tenantId !== tenantId))
    throw gatewayError('RESOURCE_NOT_FOUND', 'Unknown provider host.');
  return host;
}
