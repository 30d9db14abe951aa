import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { WireConnectionDataSchema, WireProfileSchema } from '../azure-schemas.js';
import { mapConnectionViewer, mapViewer } from '../map-account.js';

/**
 * The viewer: `GET _apis/profile/profiles/me` on the profile service (Services), or the
 * collection's `GET _apis/connectionData` on Server, which has no profile service.
 */
export function accountOps(client: AzureClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      if (client.location.profileUrl !== undefined)
        return mapViewer(await client.profile(WireProfileSchema), client.context);
      return mapConnectionViewer(
        await client.call(WireConnectionDataSchema, { path: '/_apis/connectionData' }),
        client.context,
      );
    },
  };
}
