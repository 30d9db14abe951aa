import type { Route } from '../../server/simulator-server.js';
import { list } from '../azure-wire.js';
import { renderRepository } from '../render/common.js';
import type { AzureRouteKit } from '../route-kit.js';

/**
 * Repositories: the organization's and a project's (`Repositories_List` has no paging: every
 * repository at once, by name), and one by GUID or, within its project, by name.
 */
export function repositoriesRoutes(kit: AzureRouteKit): Route[] {
  const byName = <T extends { name: string }>(items: T[]): T[] =>
    items.sort((a, b) => a.name.localeCompare(b.name));
  return [
    kit.orgRoute('GET', '/_apis/git/repositories', () =>
      list(byName([...kit.dataset.repositories]).map((repo) => renderRepository(kit, repo))),
    ),
    kit.projectRoute('GET', '/_apis/git/repositories', (_request, project) =>
      list(byName(kit.repositoriesOf(project)).map((repo) => renderRepository(kit, repo))),
    ),
    ...kit.repoRoutes('GET', '', (_request, repo) => ({
      json: {
        ...renderRepository(kit, repo),
        _links: {
          self: { href: String(renderRepository(kit, repo).url) },
          project: { href: `${kit.collectionUrl()}/_apis/projects/${kit.projectOf(repo).id}` },
          web: { href: String(renderRepository(kit, repo).webUrl) },
        },
      },
    })),
  ];
}
