import type { DatasetUser } from '../../dataset/types.js';
import { guidFor } from '../azure-dataset.js';
import type { AzureRouteKit } from '../route-kit.js';

/** The profile service's `Profile` of `profiles/me` (as sent: `displayName`, `emailAddress`…). */
export function renderProfile(kit: AzureRouteKit, user: DatasetUser): Record<string, unknown> {
  return {
    displayName: user.name,
    publicAlias: guidFor('user', user.login),
    emailAddress: user.email,
    coreRevision: 412_345_678,
    timeStamp: user.createdAt,
    id: guidFor('user', user.login),
    revision: 412_345_678,
  };
}

/** An `Identity` of the identities service (connectionData's `authenticatedUser`, searches). */
export function renderIdentityRecord(user: DatasetUser): Record<string, unknown> {
  const id = guidFor('user', user.login);
  return {
    id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${guidFor('tenant', 'sim')}\\${user.login}`,
    subjectDescriptor: `aad.${Buffer.from(id).toString('base64url')}`,
    providerDisplayName: user.name,
    isActive: true,
    members: [],
    memberOf: [],
    properties: {
      Account: { $type: 'System.String', $value: user.login },
      Mail: { $type: 'System.String', $value: user.email },
    },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

/** `_apis/connectionData`: who is calling, and which deployment answers. */
export function renderConnectionData(
  kit: AzureRouteKit,
  user: DatasetUser,
): Record<string, unknown> {
  const identity = renderIdentityRecord(user);
  return {
    authenticatedUser: identity,
    authorizedUser: identity,
    instanceId: guidFor('collection', kit.world.organization),
    deploymentId: guidFor('deployment', kit.world.organization),
    deploymentType: kit.server ? 'onPremises' : 'hosted',
    locationServiceData: {
      serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  };
}
