import type { z } from 'zod';
import type { KeysetPage } from '../../http/keyset-page.js';
import type { CreateAppSchema, UpdateAppSchema } from '../../oauth-clients/schemas.js';
import {
  createOAuthClient,
  findTenantClient,
  listTenantClients,
  presentClient,
  presentCreatedClient,
  softDeleteOAuthClient,
  updateOAuthClient,
} from '../../oauth-clients/service.js';
import type { GatewayServices } from '../../services.js';

/** One keyset page of the tenant's live apps (`take` rows after `after`). */
export function listDeveloperApps(
  services: GatewayServices,
  tenantId: string,
  page: { after?: KeysetPage['after']; take?: number },
) {
  return listTenantClients(services, tenantId, page);
}

/** Creates an app in the session's tenant, owned by its user; the secret is returned this once. */
export async function createDeveloperApp(
  services: GatewayServices,
  owner: { tenantId: string; userId: string },
  input: z.infer<typeof CreateAppSchema>,
) {
  const created = await createOAuthClient(services, {
    tenantId: owner.tenantId,
    ownerUserId: owner.userId,
    name: input.name,
    description: input.description ?? null,
    allowedRedirectUris: input.allowedRedirectUris,
    defaultPermissions: input.defaultPermissions,
  });
  return presentCreatedClient(services, created);
}

/** Changes one live app of the tenant (RESOURCE_NOT_FOUND for any other). */
export async function updateDeveloperApp(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
  patch: z.infer<typeof UpdateAppSchema>,
) {
  await findTenantClient(services, tenantId, clientId);
  const client = await updateOAuthClient(services, clientId, patch);
  return presentClient(client, services);
}

/** Deletes one live app of the tenant and revokes everything it held. */
export async function deleteDeveloperApp(
  services: GatewayServices,
  tenantId: string,
  clientId: string,
) {
  await findTenantClient(services, tenantId, clientId);
  const { client, revoked } = await softDeleteOAuthClient(services, clientId);
  return { ...presentClient(client, services), revoked };
}
