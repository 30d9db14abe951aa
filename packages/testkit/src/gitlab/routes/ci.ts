import { findCommit, resolveRef } from '../../dataset/queries.js';
import type { DatasetCheck } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import { deploymentStatus } from '../render/ci.js';
import type { RouteKit } from '../route-kit.js';
import { gitlabError, offsetPage } from '../wire.js';

// `POST /projects/:id/statuses/:sha` states (https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit).
const STATUS_STATES: Readonly<Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>>> = {
  pending: { status: 'queued', conclusion: null },
  running: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failed: { status: 'completed', conclusion: 'failure' },
  canceled: { status: 'completed', conclusion: 'cancelled' },
  skipped: { status: 'completed', conclusion: 'skipped' },
};

/**
 * A commit's statuses (read and set), pipelines and deployments:
 * `/projects/:id/repository/commits/:sha/statuses`, `/statuses/:sha`, `/pipelines`, `/deployments`.
 */
export function ciRoutes(kit: RouteKit): Route[] {
  const { render, state, iso, get, write, withRepo, allChecks, api } = kit;
  return [
    get(
      '/projects/:repo/repository/commits/:sha/statuses',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        if (sha === undefined) return gitlabError(404, '404 Commit Not Found');
        const statuses = allChecks(repo).filter(
          (check) => check.kind === 'commit_status' && check.sha === sha,
        );
        return offsetPage(
          request,
          statuses.map((check) => render.commitStatus(repo, check)),
          api(),
        );
      }),
    ),
    write(
      'POST',
      '/projects/:repo/statuses/:sha',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        const body = (request.body ?? {}) as {
          state?: unknown;
          name?: unknown;
          context?: unknown;
          description?: unknown;
        };
        const mapped = typeof body.state === 'string' ? STATUS_STATES[body.state] : undefined;
        if (mapped === undefined)
          return gitlabError(400, '400 Bad request - state does not have a valid value');
        const name =
          typeof body.name === 'string'
            ? body.name
            : typeof body.context === 'string'
              ? body.context
              : 'default';
        const check: DatasetCheck = {
          id: (state.nextId += 1),
          kind: 'commit_status',
          name,
          sha: commit.sha,
          ...mapped,
          description: typeof body.description === 'string' ? body.description : null,
          startedAt: iso(),
          completedAt: mapped.status === 'completed' ? iso() : null,
        };
        state.statuses.push({ repo: repo.id, check });
        return { status: 201, json: render.commitStatus(repo, check) };
      }),
    ),
    get(
      '/projects/:repo/pipelines',
      withRepo((request, repo) => {
        const ref = request.query.ref;
        const sha = request.query.sha;
        const pipelines = repo.checks.filter(
          (check) =>
            check.kind === 'check_run' &&
            (sha === undefined || check.sha === sha) &&
            (ref === undefined || resolveRef(repo, ref) === check.sha),
        );
        return offsetPage(
          request,
          pipelines.map((check) => render.pipeline(repo, check)),
          api(),
        );
      }),
    ),
    get(
      '/projects/:repo/deployments',
      withRepo((request, repo) => {
        const { environment, status } = request.query;
        const found = repo.deployments
          .filter(
            (deployment) => environment === undefined || deployment.environment === environment,
          )
          .filter(
            (deployment) => status === undefined || deploymentStatus(deployment.state) === status,
          )
          .sort((a, b) => a.id - b.id);
        return offsetPage(
          request,
          found.map((deployment) => render.deployment(repo, deployment)),
          api(),
        );
      }),
    ),
  ];
}
