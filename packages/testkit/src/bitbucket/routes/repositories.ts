import type { DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';
import { renderRepository } from '../render/repositories.js';
import { filterBbql, type RouteKit } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

/**
 * `GET /2.0/repositories` and `/repositories/:workspace` (`role=`, a BBQL `q`), and
 * `/repositories/:workspace/:slug`.
 */
export function repositoriesRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, paging, route, repoRoute } = kit;
  const renderRepo = (repo: DatasetRepository): unknown => renderRepository(hosts, dataset, repo);

  function listRepositories(
    request: SimulatorRequest,
    repos: readonly DatasetRepository[],
  ): SimulatorResponse {
    const role = request.query.role;
    if (role !== undefined && !['member', 'contributor', 'admin', 'owner'].includes(role))
      return bitbucketError(400, `Invalid role: ${role}`);
    const filtered = filterBbql(request, repos, renderRepo);
    if (!Array.isArray(filtered)) return filtered;
    return pageOf(request, filtered.map(renderRepo), paging);
  }

  return [
    route('GET', '/repositories', (request) => listRepositories(request, dataset.repositories)),
    route('GET', '/repositories/:workspace', (request) =>
      listRepositories(
        request,
        dataset.repositories.filter((repo) => repo.owner === request.params.workspace),
      ),
    ),
    repoRoute('GET', '', (_request, repo) => ({ json: renderRepo(repo) })),
  ];
}
