import type { ScmProvider } from '@scm/core';
import type { GitLabClient } from '../gitlab-client.js';
import { WireGroupSchema } from '../gitlab-schemas.js';
import { mapOrganization } from '../map-organizations.js';

/** The viewer's groups, subgroups included: `GET /groups`. */
export function organizationsOps(client: GitLabClient): Pick<ScmProvider, 'listOrganizations'> {
  return {
    async listOrganizations(query) {
      // min_access_level=10 (Guest): the groups the viewer is a member of, subgroups included.
      return client.offsetPage(
        WireGroupSchema,
        { path: '/groups', query: { min_access_level: 10, order_by: 'id', sort: 'asc' } },
        query,
        mapOrganization,
      );
    },
  };
}
