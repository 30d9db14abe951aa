import { deploymentsFor, findCommit, resolveRef } from '../../dataset/queries.js';
import type { DatasetCheck } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf } from '../github-http.js';
import {
  commitStatusState,
  renderCheckRun,
  renderDeployment,
  renderDeploymentStatus,
  renderStatus,
} from '../render/ci.js';
import { renderMinimalRepository } from '../render/repositories.js';
import { byNewest, type RouteKit } from '../route-kit.js';

const STATUS_STATES: Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>> = {
  pending: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failure: { status: 'completed', conclusion: 'failure' },
  error: { status: 'completed', conclusion: 'failure' },
};

/**
 * Check runs and commit statuses (`/repos/:owner/:repo/commits/:ref/{check-runs,status,statuses}`,
 * `POST /statuses/:sha`), and deployments with their statuses.
 */
export function ciRoutes(kit: RouteKit): Route[] {
  const { dataset, state, iso, repoRoute, allStatuses } = kit;
  return [
    ...repoRoute('GET', '/commits/:ref/check-runs', (request, repo) => {
      const sha = resolveRef(repo, request.params.ref ?? '');
      if (sha === undefined)
        return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
      const runs = repo.checks.filter((check) => check.kind === 'check_run' && check.sha === sha);
      return pageOf(
        request,
        runs.map((check) => renderCheckRun(hostsOf(request), repo, check)),
        { wrap: (items, total) => ({ total_count: total, check_runs: items }) },
      );
    }),
    ...repoRoute('GET', '/commits/:ref/status', (request, repo) => {
      const sha = resolveRef(repo, request.params.ref ?? '');
      if (sha === undefined)
        return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
      // The combined status keeps the latest status of each context.
      const latest = new Map<string, { check: DatasetCheck; targetUrl: string | null }>();
      for (const entry of allStatuses(repo))
        if (entry.check.sha === sha) latest.set(entry.check.name, entry);
      const statuses = [...latest.values()];
      const states = statuses.map((entry) => commitStatusState(entry.check));
      const combined = states.some((value) => value === 'failure' || value === 'error')
        ? 'failure'
        : states.some((value) => value === 'pending') || states.length === 0
          ? 'pending'
          : 'success';
      const hosts = hostsOf(request);
      return pageOf(
        request,
        statuses.map((entry) =>
          renderStatus(dataset, hosts, repo, entry.check, entry.targetUrl, false),
        ),
        {
          wrap: (items, total) => ({
            state: combined,
            statuses: items,
            sha,
            total_count: total,
            repository: renderMinimalRepository(dataset, hosts, repo),
            commit_url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}`,
            url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}/status`,
          }),
        },
      );
    }),
    ...repoRoute('GET', '/commits/:ref/statuses', (request, repo) => {
      const sha = resolveRef(repo, request.params.ref ?? '');
      if (sha === undefined)
        return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
      return pageOf(
        request,
        allStatuses(repo)
          .filter((entry) => entry.check.sha === sha)
          .reverse()
          .map((entry) =>
            renderStatus(dataset, hostsOf(request), repo, entry.check, entry.targetUrl, true),
          ),
      );
    }),
    ...repoRoute(
      'POST',
      '/statuses/:sha',
      (request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        if (commit === undefined)
          return githubError(422, `No commit found for SHA: ${request.params.sha ?? ''}`);
        const body = request.body as
          | { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown }
          | undefined;
        const mapped = typeof body?.state === 'string' ? STATUS_STATES[body.state] : undefined;
        if (mapped === undefined) return githubError(422, 'Validation Failed');
        const check: DatasetCheck = {
          id: state.nextId(),
          kind: 'commit_status',
          name: typeof body?.context === 'string' ? body.context : 'default',
          sha: commit.sha,
          ...mapped,
          // GitHub keeps `error` apart from `failure`; the dataset has no such conclusion.
          description: typeof body?.description === 'string' ? body.description : null,
          startedAt: iso(),
          completedAt: iso(),
        };
        const targetUrl = typeof body?.target_url === 'string' ? body.target_url : null;
        state.statuses.push({ repo: repo.id, check, targetUrl });
        const rendered = renderStatus(dataset, hostsOf(request), repo, check, targetUrl, true);
        return { status: 201, json: { ...rendered, state: body?.state } };
      },
      { scopes: ['repo:status'] },
    ),
    ...repoRoute('GET', '/deployments', (request, repo) => {
      const found = deploymentsFor(repo, { environment: request.query.environment })
        .filter(
          (deployment) => request.query.ref === undefined || deployment.ref === request.query.ref,
        )
        .filter(
          (deployment) => request.query.sha === undefined || deployment.sha === request.query.sha,
        )
        .sort(byNewest);
      return pageOf(
        request,
        found.map((deployment) => renderDeployment(dataset, hostsOf(request), repo, deployment)),
      );
    }),
    ...repoRoute('GET', '/deployments/:deployment/statuses', (request, repo) => {
      const deployment = repo.deployments.find(
        (candidate) => String(candidate.id) === request.params.deployment,
      );
      if (deployment === undefined) return notFound();
      return pageOf(
        request,
        [...deployment.statuses]
          .reverse()
          .map((status) =>
            renderDeploymentStatus(dataset, hostsOf(request), repo, deployment, status),
          ),
      );
    }),
  ];
}
