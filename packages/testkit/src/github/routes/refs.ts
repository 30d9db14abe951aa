import type { Route } from '../../server/simulator-server.js';
import { hostsOf, pageOf } from '../github-http.js';
import { renderBranch, renderRelease, renderTag } from '../render/refs.js';
import { byNewest, type RouteKit } from '../route-kit.js';

/** `GET /repos/:owner/:repo/{branches,tags,releases}`. */
export function refsRoutes(kit: RouteKit): Route[] {
  const { dataset, repoRoute } = kit;
  return [
    ...repoRoute('GET', '/branches', (request, repo) =>
      pageOf(
        request,
        [...repo.branches]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((branch) =>
            renderBranch(hostsOf(request), repo, branch.name, branch.sha, branch.protected),
          ),
      ),
    ),
    ...repoRoute('GET', '/tags', (request, repo) =>
      pageOf(
        request,
        repo.tags.map((tag) => renderTag(hostsOf(request), repo, tag)),
      ),
    ),
    ...repoRoute('GET', '/releases', (request, repo) =>
      pageOf(
        request,
        [...repo.releases]
          .sort(byNewest)
          .map((release) => renderRelease(dataset, hostsOf(request), repo, release)),
      ),
    ),
  ];
}
