import { commitsOnBranch, findCommit, resolveRef } from '../../dataset/queries.js';
import type { Route } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, offsetPage } from '../wire.js';

/** `GET /projects/:id/repository/commits`, `…/commits/:sha` and `…/commits/:sha/diff`. */
export function commitsRoutes(kit: RouteKit): Route[] {
  const { render, get, withRepo, api } = kit;
  return [
    get(
      '/projects/:repo/repository/commits',
      withRepo((request, repo) => {
        const commits = commitsOnBranch(repo, request.query.ref_name ?? repo.defaultBranch);
        if (commits === undefined) return gitlabError(404, '404 Reference Not Found');
        return offsetPage(
          request,
          commits.map((commit) => render.commit(repo, commit)),
          api(),
        );
      }),
    ),
    get(
      '/projects/:repo/repository/commits/:sha',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        return { json: render.commit(repo, commit) };
      }),
    ),
    get(
      '/projects/:repo/repository/commits/:sha/diff',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        return offsetPage(request, commit.files.map(render.diff), api());
      }),
    ),
  ];
}
