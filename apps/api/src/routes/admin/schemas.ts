import { z } from 'zod';
import { PermissionsSchema, RedirectUrisSchema } from '../../oauth-clients/schemas.js';

export { CreateTenantSchema } from '../../tenants.js';
export { FirewallSettingsSchema } from '../../firewall-service.js';

const Id = z.string().min(1).max(128);
const Limit = z.unknown().optional();
const Cursor = z.unknown().optional();

export const TenantsQuery = z.object({ limit: Limit, cursor: Cursor }).strict();
export const ClientsQuery = z
  .object({ limit: Limit, cursor: Cursor, tenantId: Id.optional(), ownerUserId: Id.optional() })
  .strict();
export const GrantsQuery = z
  .object({
    limit: Limit,
    cursor: Cursor,
    tenantId: Id.optional(),
    clientId: Id.optional(),
    connectionId: Id.optional(),
  })
  .strict();
export const TokensQuery = z
  .object({ limit: Limit, cursor: Cursor, tenantId: Id.optional(), clientId: Id.optional() })
  .strict();

export const CreateClientBody = z
  .object({
    tenantId: Id,
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).nullable().optional(),
    allowedRedirectUris: RedirectUrisSchema,
    defaultPermissions: PermissionsSchema,
    ownerUserId: Id.nullable().optional(),
  })
  .strict();

export const CreateGrantBody = z
  .object({
    tenantId: Id,
    clientId: Id,
    connectionIds: z.array(Id).min(1).max(50).optional(),
    connectionId: Id.optional(),
    customerId: Id.nullable().optional(),
    /** Defaults to the client's default permissions. */
    permissions: PermissionsSchema.optional(),
    /** Omitted: every repository of the connections (allRepositories). */
    repositories: z
      .array(
        z
          .object({
            connectionId: Id,
            repositoryId: z.string().trim().min(1).max(256),
            fullName: z.string().trim().min(1).max(512),
          })
          .strict(),
      )
      .min(1)
      .max(1000)
      .optional(),
  })
  .strict();

export const IntrospectBody = z
  .object({
    token: z.string().min(1).max(4096),
    token_type_hint: z.string().max(64).optional(),
  })
  .strict();

export const GrantIdParams = z.object({ grantId: Id });
export const TokenIdParams = z.object({ tokenId: Id });
