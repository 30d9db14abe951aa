import type { ScmProvider } from '@scm/core';
import type { BitbucketClient } from '../bitbucket-client.js';
import { pageParams } from '../bitbucket-pagination.js';
import { WireWorkspaceAccessSchema, wirePageSchema } from '../bitbucket-schemas.js';
import { mapOrganization } from '../map-organizations.js';

const WorkspacePage = wirePageSchema(WireWorkspaceAccessSchema);

/** The user's workspaces, Bitbucket's organizations: `GET /user/workspaces`. */
export function organizationsOps(client: BitbucketClient): Pick<ScmProvider, 'listOrganizations'> {
  return {
    async listOrganizations(query) {
      return client.listPage(
        WorkspacePage,
        { path: '/user/workspaces', query: pageParams(query) },
        (wire, context) => mapOrganization(wire.workspace, context),
      );
    },
  };
}
