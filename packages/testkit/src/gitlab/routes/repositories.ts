import type { DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, keysetPage, offsetPage } from '../wire.js';

/** The projects matching `search` (by name), in id order. */
function projectsOf(repos: DatasetRepository[], request: SimulatorRequest): DatasetRepository[] {
  const search = request.query.search?.toLowerCase();
  return repos
    .filter((repo) => search === undefined || repo.name.toLowerCase().includes(search))
    .sort((a, b) => a.id - b.id);
}

/**
 * Projects: `GET /projects` (offset or keyset), a group's and a user's projects,
 * `/projects/:id`, and `/projects/:id/repository/contributors`.
 */
export function repositoriesRoutes(kit: RouteKit): Route[] {
  const { dataset, groups, render, get, withRepo, api } = kit;
  return [
    get('/groups/:group/projects', (request) => {
      const key = request.params.group ?? '';
      const group = groups.find(
        (candidate) => candidate.fullPath === key || String(candidate.id) === key,
      );
      if (group === undefined) return gitlabError(404, '404 Group Not Found');
      const nested = request.query.include_subgroups === 'true';
      const repos = dataset.repositories.filter(
        (repo) =>
          repo.owner === group.fullPath || (nested && repo.owner.startsWith(`${group.fullPath}/`)),
      );
      return offsetPage(request, projectsOf(repos, request).map(render.project), api());
    }),
    get('/users/:user/projects', (request) => {
      const key = request.params.user ?? '';
      const user = dataset.users.find(
        (candidate) => candidate.login === key || String(candidate.id) === key,
      );
      if (user === undefined) return gitlabError(404, '404 User Not Found');
      const repos = dataset.repositories.filter((repo) => repo.owner === user.login);
      return offsetPage(request, projectsOf(repos, request).map(render.project), api());
    }),
    get('/projects', (request) => {
      const repos = projectsOf(dataset.repositories, request);
      if (request.query.pagination !== 'keyset')
        return offsetPage(request, repos.map(render.project), api());
      if (request.query.order_by !== undefined && request.query.order_by !== 'id')
        return gitlabError(
          405,
          '405 Method Not Allowed - keyset pagination is only supported for order_by=id',
        );
      return keysetPage(request, repos, {
        publicUrl: api(),
        param: 'id_after',
        keyOf: (repo) => String(repo.id),
        startAfter: (value) => {
          if (!/^\d{1,15}$/.test(value)) return undefined;
          const index = repos.findIndex((repo) => repo.id > Number(value));
          return index === -1 ? repos.length : index;
        },
        render: render.project,
      });
    }),
    get(
      '/projects/:repo',
      withRepo((_request, repo) => ({ json: render.project(repo) })),
    ),
    get(
      '/projects/:repo/repository/contributors',
      withRepo((request, repo) =>
        offsetPage(
          request,
          [...repo.contributors]
            .sort((a, b) => b.contributions - a.contributions)
            .map(render.contributor),
          api(),
        ),
      ),
    ),
  ];
}
