import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { offsetPage } from '../wire.js';

/** `GET /projects/:id/repository/branches`, `/repository/tags`, `/releases`. */
export function refsRoutes(kit: RouteKit): Route[] {
  const { render, get, withRepo, api } = kit;
  return [
    get(
      '/projects/:repo/repository/branches',
      withRepo((request, repo) =>
        offsetPage(
          request,
          [...repo.branches]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((branch) => render.branch(repo, branch)),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/repository/tags',
      withRepo((request, repo) =>
        offsetPage(
          request,
          repo.tags.map((tag) => render.tag(repo, tag)),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/releases',
      withRepo((request, repo) =>
        offsetPage(
          request,
          repo.releases.map((release) => render.release(repo, release)),
          api(),
        ),
      ),
    ),
  ];
}
