import type { ScmProvider } from '@scm/core';
import type { AzureClient } from '../azure-client.js';
import { WireProjectSchema } from '../azure-schemas.js';
import { mapOrganization } from '../map-organizations.js';

/** The projects of the organization: `GET _apis/projects` (`$top`/`$skip`). */
export function organizationsOps(client: AzureClient): Pick<ScmProvider, 'listOrganizations'> {
  return {
    async listOrganizations(query) {
      return client.offsetList(
        WireProjectSchema,
        { path: '/_apis/projects', query: { stateFilter: 'wellFormed' } },
        query,
        mapOrganization,
      );
    },
  };
}
