import type { Route } from '../../server/simulator-server.js';
import { renderWorkspaceAccess } from '../render/organizations.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** `GET /2.0/user/workspaces`: the workspaces of the signed-in account, Bitbucket's organizations. */
export function organizationsRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, paging, route } = kit;
  return [
    route('GET', '/user/workspaces', (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map((org) => renderWorkspaceAccess(hosts, org, org.members[0] === dataset.viewer.login)),
        paging,
      ),
    ),
  ];
}
