import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { offsetPage } from '../wire.js';

/** `GET /groups`: the viewer's groups, subgroups included. */
export function organizationsRoutes(kit: RouteKit): Route[] {
  const { dataset, groups, render, get, api } = kit;
  return [
    get('/groups', (request) =>
      offsetPage(
        request,
        groups
          .filter((group) => dataset.viewer.organizations.includes(group.fullPath))
          .sort((a, b) => a.id - b.id)
          .map(render.group),
        api(),
      ),
    ),
  ];
}
