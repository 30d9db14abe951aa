import type { Route } from '../../../server/simulator-server.js';
import { renderBranch, renderRelease, renderTag } from '../render/refs.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** `GET /repos/:repo/branches`, `/tags`, `/releases`. */
export function refsRoutes(kit: RouteKit): Route[] {
  const { get, withRepo } = kit;
  return [
    get(
      '/repos/:repo/branches',
      withRepo((request, repo) =>
        pageOf(
          request,
          [...repo.branches]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((branch) => renderBranch(repo, branch)),
        ),
      ),
    ),
    get(
      '/repos/:repo/tags',
      withRepo((request, repo) => pageOf(request, repo.tags.map(renderTag))),
    ),
    get(
      '/repos/:repo/releases',
      withRepo((request, repo) =>
        pageOf(
          request,
          repo.releases.map((release) => renderRelease(repo, release)),
        ),
      ),
    ),
  ];
}
