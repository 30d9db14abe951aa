import { z } from 'zod';
import { PROVIDER_IDS } from '../../providers/catalogue.js';

// What the public discovery routes answer (service.ts builds them; the OpenAPI document reads these).

const ProviderId = z.enum(PROVIDER_IDS);

export const ProviderHostView = z.object({
  id: z.string(),
  host: z.string(),
  apiBaseUrl: z.string(),
  webBaseUrl: z.string(),
  isDefault: z.boolean(),
  oauthConfigured: z.boolean(),
});

export const ProviderView = z.object({
  id: ProviderId,
  enabled: z.boolean().describe('A host is configured for it.'),
  oauthConfigured: z.boolean(),
  hosts: z.array(ProviderHostView),
});

export const HealthView = z.object({
  status: z.literal('ok'),
  service: z.string(),
  database: z.enum(['sqlite', 'postgresql']),
  providers: z.array(ProviderView.omit({ hosts: true })),
  flags: z.object({ enforcePlatformAuth: z.boolean(), firewallEnabled: z.boolean() }),
});

export const ReadyView = z.object({
  status: z.literal('ready'),
  checks: z
    .record(z.string(), z.string())
    .describe('Each check (database, migrations, jobs) and `ok` or what failed.'),
});

export const CallbackUrlView = z.object({ provider: ProviderId, callbackUrl: z.string() });

export const CapabilitiesView = z.object({
  scopes: z
    .array(z.object({ scope: z.string(), label: z.string(), description: z.string() }))
    .readonly(),
  oauth: z.object({
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string(),
    grantTypes: z.array(z.string()),
    responseTypes: z.array(z.string()),
    codeChallengeMethods: z.array(z.string()),
    authorizationCodeTtlSeconds: z.number().int(),
    accessTokenTtlSeconds: z.number().int(),
  }),
  pagination: z.object({
    defaultLimit: z.number().int(),
    maxLimit: z.number().int(),
    cursorTtlSeconds: z.number().int(),
  }),
  firewall: z.object({
    enabled: z.boolean(),
    blockedFilePatterns: z.array(z.string()),
    secretHashing: z.boolean(),
    appliesTo: z.array(z.string()),
    marker: z.string(),
  }),
  providers: z.array(
    z.object({
      id: ProviderId,
      endpoints: z.array(
        z.object({ endpoint: z.string(), supported: z.boolean(), notes: z.string().optional() }),
      ),
    }),
  ),
});
