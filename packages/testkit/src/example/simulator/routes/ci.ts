import { checksForRef, deploymentsFor, findCommit, resolveRef } from '../../../dataset/queries.js';
import type { DatasetCheck } from '../../../dataset/types.js';
import type { Route } from '../../../server/simulator-server.js';
import { renderCheck, renderDeployment } from '../render/ci.js';
import type { RouteKit } from '../route-kit.js';
import { pageOf, wireError } from '../wire-paging.js';

const STATUS_STATES: Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>> = {
  pending: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failure: { status: 'completed', conclusion: 'failure' },
  error: { status: 'completed', conclusion: 'failure' },
};

/**
 * `POST /repos/:repo/commits/:sha/statuses` (kept, so `/checks` shows it),
 * `GET /repos/:repo/checks` (`ref=`) and `/deployments` (`environment=`, `state=`).
 */
export function ciRoutes(kit: RouteKit): Route[] {
  const { state, iso, get, post, withRepo, allChecks } = kit;
  return [
    post(
      '/repos/:repo/commits/:sha/statuses',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        const body = request.body as
          { state?: unknown; context?: unknown; description?: unknown } | undefined;
        if (commit === undefined) return wireError(404, 'not_found', 'No such commit');
        const mapped = typeof body?.state === 'string' ? STATUS_STATES[body.state] : undefined;
        if (mapped === undefined || typeof body?.context !== 'string') {
          return wireError(422, 'invalid_request', 'state and context are required');
        }
        const check: DatasetCheck = {
          id: (state.nextId += 1),
          kind: 'commit_status',
          name: body.context,
          sha: commit.sha,
          ...mapped,
          description: typeof body.description === 'string' ? body.description : null,
          startedAt: iso(),
          completedAt: mapped.status === 'completed' ? iso() : null,
        };
        state.statuses.push({ repo: repo.id, check });
        return { status: 201, json: renderCheck(repo, check) };
      }),
    ),
    get(
      '/repos/:repo/checks',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.query.ref ?? repo.defaultBranch);
        if (sha === undefined || checksForRef(repo, sha) === undefined)
          return wireError(404, 'not_found', 'No such ref');
        const checks = allChecks(repo).filter((check) => check.sha === sha);
        return pageOf(
          request,
          checks.map((check) => renderCheck(repo, check)),
        );
      }),
    ),
    get(
      '/repos/:repo/deployments',
      withRepo((request, repo) =>
        pageOf(
          request,
          deploymentsFor(repo, {
            environment: request.query.environment,
            state: request.query.state,
          }).map((deployment) => renderDeployment(repo, deployment)),
        ),
      ),
    ),
  ];
}
