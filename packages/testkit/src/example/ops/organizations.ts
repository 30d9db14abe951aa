import type { ScmProvider } from '@scm/core';
import type { ExampleClient } from '../example-client.js';
import { pageParams } from '../example-pagination.js';
import { WireOrganizationSchema, wirePageSchema } from '../example-schemas.js';
import { mapOrganization } from '../map-organizations.js';

const OrganizationPage = wirePageSchema(WireOrganizationSchema);

/** The viewer's organizations: `GET /orgs`. */
export function organizationsOps(client: ExampleClient): Pick<ScmProvider, 'listOrganizations'> {
  return {
    async listOrganizations(query) {
      return client.listPage(
        OrganizationPage,
        { path: '/orgs', query: pageParams(query) },
        mapOrganization,
      );
    },
  };
}
