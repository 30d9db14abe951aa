import type { Route } from '../../../server/simulator-server.js';
import { renderOrganization } from '../render/organizations.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** `GET /orgs`: the viewer's organizations. */
export function organizationsRoutes(kit: RouteKit): Route[] {
  const { dataset, get } = kit;
  return [
    get('/orgs', (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map(renderOrganization),
      ),
    ),
  ];
}
