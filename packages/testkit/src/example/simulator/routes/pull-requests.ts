import { pullRequestsByState, searchPullRequests } from '../../../dataset/queries.js';
import type { Route } from '../../../server/simulator-server.js';
import { EXAMPLE_WEB } from '../render/common.js';
import { renderDiff } from '../render/commits.js';
import { renderChange } from '../render/pull-requests.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf, wireError } from '../wire-paging.js';

const STATES = new Set(['open', 'closed', 'merged', 'all']);

/**
 * Change requests (pull requests): `GET /repos/:repo/changes` (`status=`), their diff, `POST`
 * comments, and `GET /search/changes`.
 */
export function pullRequestsRoutes(kit: RouteKit): Route[] {
  const { dataset, state, get, post, withRepo } = kit;
  return [
    get(
      '/repos/:repo/changes',
      withRepo((request, repo) => {
        const filter = request.query.status ?? 'open';
        if (!STATES.has(filter))
          return wireError(400, 'invalid_request', 'status must be open, closed, merged or all');
        const changes = pullRequestsByState(repo, filter as 'open').sort(
          (a, b) => b.number - a.number,
        );
        return pageOf(
          request,
          changes.map((pr) => renderChange(repo, pr)),
        );
      }),
    ),
    get(
      '/repos/:repo/changes/:number/diff',
      withRepo((request, repo) => {
        const pr = repo.pullRequests.find(
          (candidate) => String(candidate.number) === request.params.number,
        );
        if (pr === undefined) return wireError(404, 'not_found', 'No such change request');
        return { json: renderDiff(pr.headSha, pr.baseSha, pr.files) };
      }),
    ),
    post(
      '/repos/:repo/changes/:number/comments',
      withRepo((request, repo) => {
        const pr = repo.pullRequests.find(
          (candidate) => String(candidate.number) === request.params.number,
        );
        const body = request.body as { body?: unknown } | undefined;
        if (pr === undefined) return wireError(404, 'not_found', 'No such change request');
        if (typeof body?.body !== 'string' || body.body === '')
          return wireError(422, 'invalid_request', 'body is required');
        const id = (state.nextId += 1);
        return {
          status: 201,
          json: {
            id,
            web_url: `${EXAMPLE_WEB}/${repo.fullName}/changes/${pr.number}#comment-${id}`,
          },
        };
      }),
    ),
    get('/search/changes', (request) => {
      const filter = request.query.status ?? 'all';
      if (!STATES.has(filter))
        return wireError(400, 'invalid_request', 'status must be open, closed, merged or all');
      const found = searchPullRequests(dataset, {
        state: filter as 'all',
        repo: request.query.repo,
        author: request.query.author,
      });
      return pageOf(
        request,
        found.map(({ repository, pullRequest }) => renderChange(repository, pullRequest)),
      );
    }),
  ];
}
