import type { Route } from '../../server/simulator-server.js';
import { renderBranch, renderTag } from '../render/refs.js';
import { filterBbql, notFound, type RouteKit } from '../route-kit.js';
import { pageOf } from '../wire-paging.js';

/** `GET /2.0/repositories/:workspace/:slug/refs/{branches,tags}[/:name]`. */
export function refsRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, paging, repoRoute, commitOf } = kit;
  return [
    repoRoute('GET', '/refs/branches', (request, repo) => {
      const branches = [...repo.branches].sort((a, b) => a.name.localeCompare(b.name));
      const rendered = branches.map((branch) =>
        renderBranch(hosts, dataset, repo, branch, commitOf(repo, branch.sha)),
      );
      const filtered = filterBbql(request, rendered, (branch) => branch);
      if (!Array.isArray(filtered)) return filtered;
      return pageOf(request, filtered, paging);
    }),
    repoRoute('GET', '/refs/branches/:name', (request, repo) => {
      const branch = repo.branches.find((candidate) => candidate.name === request.params.name);
      if (branch === undefined) return notFound(`Branch not found: ${request.params.name ?? ''}`);
      return { json: renderBranch(hosts, dataset, repo, branch, commitOf(repo, branch.sha)) };
    }),
    repoRoute('GET', '/refs/tags', (request, repo) =>
      pageOf(
        request,
        repo.tags.map((tag) => renderTag(hosts, dataset, repo, tag, commitOf(repo, tag.sha))),
        paging,
      ),
    ),
    repoRoute('GET', '/refs/tags/:name', (request, repo) => {
      const tag = repo.tags.find((candidate) => candidate.name === request.params.name);
      if (tag === undefined) return notFound(`Tag not found: ${request.params.name ?? ''}`);
      return { json: renderTag(hosts, dataset, repo, tag, commitOf(repo, tag.sha)) };
    }),
  ];
}
