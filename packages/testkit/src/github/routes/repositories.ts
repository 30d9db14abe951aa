import { repositoriesFor } from '../../dataset/queries.js';
import type { DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf } from '../github-http.js';
import {
  renderContributor,
  renderFullRepository,
  renderRepository,
  renderRepoSearchItem,
} from '../render/repositories.js';
import { parseSearch, USER_ONLY, type RouteKit } from '../route-kit.js';

/**
 * Repository lists (`/user/repos`, `/users/:username/repos`, `/orgs/:org/repos`), the search
 * (`/search/repositories`), one repository and its contributors.
 */
export function repositoriesRoutes(kit: RouteKit): Route[] {
  const { dataset, get, repoRoute } = kit;
  const listed = (request: SimulatorRequest, repos: DatasetRepository[]): SimulatorResponse =>
    pageOf(
      request,
      [...repos]
        .sort((a, b) => a.fullName.localeCompare(b.fullName))
        .map((repo) => renderRepository(dataset, hostsOf(request), repo)),
    );
  return [
    ...get(
      '/user/repos',
      (request) => {
        const affiliation = request.query.affiliation ?? 'owner,collaborator,organization_member';
        // The dataset makes every repository visible to the viewer (as a collaborator at least).
        const repos = affiliation.split(',').includes('collaborator')
          ? repositoriesFor(dataset)
          : dataset.repositories.filter(
              (repo) =>
                (affiliation.includes('owner') && repo.owner === dataset.viewer.login) ||
                (affiliation.includes('organization_member') &&
                  dataset.viewer.organizations.includes(repo.owner)),
            );
        return listed(request, repos);
      },
      USER_ONLY,
    ),
    ...get('/users/:username/repos', (request) => {
      const login = request.params.username ?? '';
      if (
        !dataset.users.some((user) => user.login === login) &&
        !dataset.organizations.some((org) => org.login === login)
      )
        return notFound();
      // Only public repositories, as GitHub lists another account's repositories.
      return listed(
        request,
        repositoriesFor(dataset, { owner: login }).filter((repo) => repo.visibility === 'public'),
      );
    }),
    ...get('/orgs/:org/repos', (request) => {
      const login = request.params.org ?? '';
      if (!dataset.organizations.some((org) => org.login === login)) return notFound();
      return listed(request, repositoriesFor(dataset, { owner: login }));
    }),
    ...get(
      '/search/repositories',
      (request) => {
        const query = parseSearch(request.query.q ?? '');
        if (query === undefined) return githubError(422, 'Validation Failed');
        const owner = query.qualifiers.user ?? query.qualifiers.org;
        const text = query.terms.join(' ');
        // "By default, forks are not shown in search results": `fork:true` adds them, `fork:only`
        // shows only them (docs.github.com, searching for repositories, "Searching in forks").
        const fork = query.qualifiers.fork;
        const found = repositoriesFor(dataset, {
          owner,
          search: text === '' ? undefined : text,
        })
          .filter((repo) => (fork === 'only' ? repo.fork : fork === 'true' || !repo.fork))
          .sort((a, b) => a.fullName.localeCompare(b.fullName));
        return pageOf(
          request,
          found.map((repo) => renderRepoSearchItem(dataset, hostsOf(request), repo)),
          { wrap: (items, total) => ({ total_count: total, incomplete_results: false, items }) },
        );
      },
      { resource: 'search' },
    ),
    ...repoRoute('GET', '', (request, repo) => ({
      json: renderFullRepository(dataset, hostsOf(request), repo),
    })),
    ...repoRoute('GET', '/contributors', (request, repo) =>
      pageOf(
        request,
        [...repo.contributors]
          .sort((a, b) => b.contributions - a.contributions)
          .map((contributor) => renderContributor(hostsOf(request), contributor)),
      ),
    ),
  ];
}
