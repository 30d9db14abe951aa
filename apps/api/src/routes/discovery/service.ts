import { PROVIDER_IDS } from '../../providers/catalogue.js';
import { SCOPES } from '../../scopes.js';
import { endpointLabel, UNIFIED_ENDPOINT_LIST } from '../../unified/endpoints.js';
import type { GatewayServices } from '../../services.js';

type DiscoveryServices = Pick<
  GatewayServices,
  'config' | 'db' | 'firewall' | 'hosts' | 'providers'
>;

/** Every catalogue provider, whether a host is configured for it, and its hosts. */
export function providerList(services: DiscoveryServices) {
  const { hosts } = services;
  return PROVIDER_IDS.map((provider) => {
    const own = hosts.list().filter((host) => host.provider === provider);
    return {
      id: provider,
      enabled: own.length > 0,
      oauthConfigured: own.some((host) => hosts.hasOAuth(host)),
      hosts: own.map((host) => ({
        id: host.id,
        host: host.host,
        apiBaseUrl: host.apiBaseUrl,
        webBaseUrl: host.webBaseUrl,
        isDefault: host.isDefault,
        oauthConfigured: hosts.hasOAuth(host),
      })),
    };
  });
}

export function health(services: DiscoveryServices) {
  const { config } = services;
  return {
    status: 'ok' as const,
    service: 'scm-gateway',
    database: services.db.provider,
    providers: providerList(services).map(({ id, enabled, oauthConfigured }) => ({
      id,
      enabled,
      oauthConfigured,
    })),
    flags: {
      enforcePlatformAuth: config.enforcePlatformAuth,
      firewallEnabled: services.firewall.settings().enabled,
    },
  };
}

export function callbackUrls(services: Pick<GatewayServices, 'config'>) {
  return PROVIDER_IDS.map((provider) => ({
    provider,
    callbackUrl: `${services.config.publicUrl}/v1/auth/${provider}/callback`,
  }));
}

export function platformCapabilities(services: DiscoveryServices) {
  const { config } = services;
  const firewall = services.firewall.settings();
  return {
    scopes: SCOPES,
    oauth: {
      authorizationEndpoint: `${config.publicUrl}/oauth/authorize`,
      tokenEndpoint: `${config.publicUrl}/oauth/token`,
      grantTypes: ['authorization_code', 'client_credentials'],
      responseTypes: ['code'],
      codeChallengeMethods: ['S256'],
      authorizationCodeTtlSeconds: 60,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    },
    pagination: { defaultLimit: 25, maxLimit: 100, cursorTtlSeconds: config.cursorTtlSeconds },
    firewall: {
      enabled: firewall.enabled,
      blockedFilePatterns: firewall.blockedFilePatterns,
      secretHashing: true,
      appliesTo: ['commit diffs', 'pull request diffs'],
      marker: '[hashed:sha256:<12 hex>]',
    },
    providers: PROVIDER_IDS.map((provider) => {
      const capabilities = services.providers.capabilities(provider);
      return {
        id: provider,
        endpoints: UNIFIED_ENDPOINT_LIST.map((endpoint) => {
          const support = capabilities[endpoint.operation];
          return {
            endpoint: endpointLabel(endpoint),
            supported: support.supported,
            ...(support.notes === undefined ? {} : { notes: support.notes }),
          };
        }),
      };
    }),
  };
}
