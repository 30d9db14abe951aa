import type { ScmProvider } from '@scm/core';
import type { GitHubClient } from '../github-client.js';
import { pageParams } from '../github-pagination.js';
import { WireOrganizationSchema } from '../github-schemas.js';
import { mapOrganization } from '../map-organizations.js';

/** The viewer's organizations: `GET /user/orgs`. */
export function organizationsOps(client: GitHubClient): Pick<ScmProvider, 'listOrganizations'> {
  return {
    async listOrganizations(query) {
      return client.listPage(
        WireOrganizationSchema,
        { path: '/user/orgs', query: pageParams(query) },
        (wire, context) => mapOrganization(wire, { ...context, webUrl: client.webUrl }),
      );
    },
  };
}
