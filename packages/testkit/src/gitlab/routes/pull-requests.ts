import type { DatasetPullRequest, DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest } from '../../server/simulator-server.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, offsetPage } from '../wire.js';

const MR_STATES: Readonly<Record<string, DatasetPullRequest['state'] | 'all' | 'none'>> = {
  opened: 'open',
  closed: 'closed',
  merged: 'merged',
  locked: 'none',
  all: 'all',
};

/** The `state` filter (default `all`), or undefined for a value GitLab refuses. */
function mergeRequestFilter(
  request: SimulatorRequest,
): DatasetPullRequest['state'] | 'all' | 'none' | undefined {
  return MR_STATES[request.query.state ?? 'all'];
}

function mergeRequestOf(
  repo: DatasetRepository,
  iid: string | undefined,
): DatasetPullRequest | undefined {
  return repo.pullRequests.find((pr) => String(pr.number) === iid);
}

/**
 * Merge requests: a project's list, `/merge_requests` across projects, one by iid, its diffs,
 * notes, and labels added with `PUT … { add_labels }`.
 */
export function pullRequestsRoutes(kit: RouteKit): Route[] {
  const { dataset, render, state, iso, get, write, withRepo, api } = kit;

  const renderMergeRequest = (
    repo: DatasetRepository,
    pr: DatasetPullRequest,
  ): Record<string, unknown> => {
    const added = state.labels.get(`${repo.id}!${pr.number}`) ?? [];
    return render.mergeRequest(repo, { ...pr, labels: [...new Set([...pr.labels, ...added])] });
  };

  return [
    get(
      '/projects/:repo/merge_requests',
      withRepo((request, repo) => {
        const filter = mergeRequestFilter(request);
        if (filter === undefined)
          return gitlabError(400, '400 Bad request - state does not have a valid value');
        const author = request.query.author_username;
        const found = repo.pullRequests
          .filter((pr) => filter === 'all' || pr.state === filter)
          .filter((pr) => author === undefined || pr.author === author)
          .sort((a, b) => b.number - a.number);
        return offsetPage(
          request,
          found.map((pr) => renderMergeRequest(repo, pr)),
          api(),
        );
      }),
    ),
    get('/merge_requests', (request) => {
      const filter = mergeRequestFilter(request);
      if (filter === undefined)
        return gitlabError(400, '400 Bad request - state does not have a valid value');
      const author = request.query.author_username;
      // Without scope=all, GitLab lists only the merge requests the viewer created.
      const scopeAll = request.query.scope === 'all';
      const found: Record<string, unknown>[] = [];
      for (const repo of dataset.repositories) {
        for (const pr of [...repo.pullRequests].sort((a, b) => b.number - a.number)) {
          if (filter !== 'all' && pr.state !== filter) continue;
          if (author !== undefined && pr.author !== author) continue;
          if (!scopeAll && pr.author !== dataset.viewer.login) continue;
          found.push(renderMergeRequest(repo, pr));
        }
      }
      return offsetPage(request, found, api());
    }),
    get(
      '/projects/:repo/merge_requests/:iid',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        return { json: renderMergeRequest(repo, pr) };
      }),
    ),
    write(
      'PUT',
      '/projects/:repo/merge_requests/:iid',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        const body = (request.body ?? {}) as { add_labels?: unknown };
        if (typeof body.add_labels === 'string') {
          const key = `${repo.id}!${pr.number}`;
          const added = body.add_labels
            .split(',')
            .map((label) => label.trim())
            .filter((label) => label !== '');
          state.labels.set(key, [...new Set([...(state.labels.get(key) ?? []), ...added])]);
        }
        return { json: renderMergeRequest(repo, pr) };
      }),
    ),
    get(
      '/projects/:repo/merge_requests/:iid/diffs',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        return offsetPage(request, pr.files.map(render.diff), api());
      }),
    ),
    write(
      'POST',
      '/projects/:repo/merge_requests/:iid/notes',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        const body = (request.body ?? {}) as { body?: unknown };
        if (typeof body.body !== 'string' || body.body === '')
          return gitlabError(400, '400 Bad request - body is missing');
        const id = (state.nextId += 1);
        return {
          status: 201,
          json: render.note(repo, pr, { id, body: body.body, createdAt: iso() }),
        };
      }),
    ),
  ];
}
