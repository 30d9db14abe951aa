import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { WireProfileSchema } from '../azure-schemas.js';
import { mapViewer } from '../map-account.js';

/** The viewer: `GET _apis/profile/profiles/me` on the profile service. */
export function accountOps(client: AzureClient): Pick<ScmProvider, 'getViewer'> {
  return {
    async getViewer() {
      return mapViewer(await client.profile(WireProfileSchema), client.context);
    },
  };
}
