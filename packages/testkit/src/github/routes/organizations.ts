import type { Route } from '../../server/simulator-server.js';
import { hostsOf, pageOf } from '../github-http.js';
import { renderOrganizationSimple } from '../render/organizations.js';
import { USER_ONLY, type RouteKit } from '../route-kit.js';

/** `GET /user/orgs`: the viewer's organizations. */
export function organizationsRoutes(kit: RouteKit): Route[] {
  const { dataset, get } = kit;
  return get(
    '/user/orgs',
    (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map((org) => renderOrganizationSimple(hostsOf(request), org)),
      ),
    { ...USER_ONLY, scopes: ['read:org', 'user'] },
  );
}
