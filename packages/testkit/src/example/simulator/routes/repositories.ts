import { repositoriesFor } from '../../../dataset/queries.js';
import type { Route } from '../../../server/simulator-server.js';
import { renderContributor, renderRepository } from '../render/repositories.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** `GET /repos` (filtered by owner and `q`), `/repos/:repo`, `/repos/:repo/contributors`. */
export function repositoriesRoutes(kit: RouteKit): Route[] {
  const { dataset, get, withRepo } = kit;
  return [
    get('/repos', (request) =>
      pageOf(
        request,
        repositoriesFor(dataset, { owner: request.query.owner, search: request.query.q }).map(
          renderRepository,
        ),
      ),
    ),
    get(
      '/repos/:repo',
      withRepo((_request, repo) => ({ json: renderRepository(repo) })),
    ),
    get(
      '/repos/:repo/contributors',
      withRepo((request, repo) => pageOf(request, repo.contributors.map(renderContributor))),
    ),
  ];
}
