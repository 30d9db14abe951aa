import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';
import { uuidFor } from '../bitbucket-dataset.js';
import { renderViewer } from '../render/account.js';
import { shortHash } from '../render/common.js';
import { renderComment, renderPullRequest } from '../render/pull-requests.js';
import { filterBbql, notFound, type RouteKit } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

const PR_STATES = new Set(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']);

/** Every value of a repeatable query parameter (`state=OPEN&state=MERGED`). */
function allValues(request: SimulatorRequest, name: string): string[] {
  return new URLSearchParams(request.rawQuery).getAll(name);
}

/**
 * `GET /2.0/repositories/:workspace/:slug/pullrequests[/:id]` (repeated `state=`, BBQL `q`), the
 * diff and diffstat (302 to the repository's, as Bitbucket does), `POST …/comments`, and the
 * search by author, `GET /2.0/workspaces/:workspace/pullrequests/:user`.
 */
export function pullRequestsRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, state, paging, iso, route, repoRoute } = kit;

  function pullRequestsResponse(
    request: SimulatorRequest,
    entries: { repo: DatasetRepository; pr: DatasetPullRequest }[],
  ): SimulatorResponse {
    const states = allValues(request, 'state');
    for (const value of states)
      if (!PR_STATES.has(value)) return bitbucketError(400, `Invalid state: ${value}`);
    const wanted = new Set(states.length === 0 ? ['OPEN'] : states);
    const rendered = entries
      .map(({ repo, pr }) => renderPullRequest(hosts, dataset, repo, pr))
      .filter((pr) => wanted.has(pr.state as string));
    const filtered = filterBbql(request, rendered, (pr) => pr);
    if (!Array.isArray(filtered)) return filtered;
    return pageOf(request, filtered, { ...paging, maxPagelen: 50 });
  }

  const pullOf = (repo: DatasetRepository, id: string | undefined) =>
    repo.pullRequests.find((candidate) => String(candidate.number) === id);

  return [
    repoRoute('GET', '/pullrequests', (request, repo) =>
      pullRequestsResponse(
        request,
        [...repo.pullRequests].sort((a, b) => b.number - a.number).map((pr) => ({ repo, pr })),
      ),
    ),
    repoRoute('GET', '/pullrequests/:id', (request, repo) => {
      const pr = pullOf(repo, request.params.id);
      if (pr === undefined) return notFound('Pull request not found');
      return { json: renderPullRequest(hosts, dataset, repo, pr) };
    }),
    ...(['diff', 'diffstat'] as const).map((kind) =>
      repoRoute('GET', `/pullrequests/:id/${kind}`, (request, repo) => {
        const pr = pullOf(repo, request.params.id);
        if (pr === undefined) return notFound('Pull request not found');
        // Bitbucket redirects to the repository diff with the pull request's revspec.
        const spec = `${repo.fullName}:${shortHash(pr.headSha)}%0D${shortHash(pr.baseSha)}`;
        return {
          status: 302,
          headers: {
            location: `${hosts.api}/repositories/${repo.fullName}/${kind}/${spec}?from_pullrequest_id=${pr.number}&topic=true`,
          },
        };
      }),
    ),
    repoRoute('POST', '/pullrequests/:id/comments', (request, repo) => {
      const pr = pullOf(repo, request.params.id);
      if (pr === undefined) return notFound('Pull request not found');
      const body = request.body as { content?: { raw?: unknown } } | undefined;
      const raw = body?.content?.raw;
      if (typeof raw !== 'string' || raw === '')
        return bitbucketError(400, 'content.raw is required');
      const id = (state.nextId += 1);
      return {
        status: 201,
        json: renderComment(hosts, repo, pr, {
          id,
          raw,
          user: renderViewer(hosts, dataset),
          at: iso(),
        }),
      };
    }),
    route('GET', '/workspaces/:workspace/pullrequests/:user', (request) => {
      const workspace = request.params.workspace ?? '';
      const user = request.params.user ?? '';
      const author = dataset.users.find(
        (candidate) =>
          candidate.login === user ||
          uuidFor('user', candidate.id) === user ||
          `557058:${uuidFor('user', candidate.id).slice(1, -1)}` === user,
      );
      if (author === undefined) return notFound(`User not found: ${user}`);
      const entries = dataset.repositories
        .filter((repo) => repo.owner === workspace)
        .flatMap((repo) =>
          [...repo.pullRequests]
            .sort((a, b) => b.number - a.number)
            .filter((pr) => pr.author === author.login)
            .map((pr) => ({ repo, pr })),
        );
      return pullRequestsResponse(request, entries);
    }),
  ];
}
