import { commitsOnBranch, findCommit } from '../../../dataset/queries.js';
import type { Route } from '../../../server/simulator-server.js';
import { renderCommit, renderDiff } from '../render/commits.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf, wireError } from '../wire-paging.js';

/** `GET /repos/:repo/commits` (`branch=`), `/repos/:repo/commits/:sha/diff`. */
export function commitsRoutes(kit: RouteKit): Route[] {
  const { get, withRepo } = kit;
  return [
    get(
      '/repos/:repo/commits',
      withRepo((request, repo) => {
        const commits = commitsOnBranch(repo, request.query.branch ?? repo.defaultBranch);
        if (commits === undefined) return wireError(404, 'not_found', 'No such branch');
        return pageOf(
          request,
          commits.map((commit) => renderCommit(repo, commit)),
        );
      }),
    ),
    get(
      '/repos/:repo/commits/:sha/diff',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        if (commit === undefined) return wireError(404, 'not_found', 'No such commit');
        return { json: renderDiff(commit.sha, commit.parents[0] ?? null, commit.files) };
      }),
    ),
  ];
}
