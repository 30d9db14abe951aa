import { resolveRef } from '../../dataset/queries.js';
import type { DatasetCheck, DatasetRepository } from '../../dataset/types.js';
import type { Route } from '../../server/simulator-server.js';
import {
  renderCommitStatus,
  renderDeployment,
  renderEnvironment,
  renderPipeline,
} from '../render/ci.js';
import { notFound, type RouteKit } from '../route-kit.js';
import { bitbucketError, pageOf } from '../wire-paging.js';

const STATUS_STATES = new Set(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED']);

/**
 * Build statuses (`GET …/commit/:sha/statuses`, `POST …/statuses/build`, kept so later reads see
 * them), Pipelines runs (`GET …/pipelines`, `target.commit.hash=`, `target.branch=`), and
 * deployments with their environments (`GET …/deployments`, `…/environments`).
 */
export function ciRoutes(kit: RouteKit): Route[] {
  const { dataset, hosts, state, paging, iso, repoRoute, commitOf } = kit;
  const allChecks = (repo: DatasetRepository): DatasetCheck[] => repo.checks;
  return [
    repoRoute('GET', '/commit/:sha/statuses', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      if (sha === undefined || commitOf(repo, sha) === undefined)
        return notFound('Commit not found');
      const rendered = [
        ...allChecks(repo)
          .filter((check) => check.kind === 'commit_status' && check.sha === sha)
          .map((check) => renderCommitStatus(hosts, repo, check)),
        ...state.statuses
          .filter((entry) => entry.repo.id === repo.id && entry.check.sha === sha)
          .map((entry) => renderCommitStatus(hosts, repo, entry.check, entry.state, entry.key)),
      ];
      return pageOf(request, rendered, paging);
    }),
    repoRoute('POST', '/commit/:sha/statuses/build', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      if (sha === undefined || commitOf(repo, sha) === undefined)
        return notFound('Commit not found');
      const body = request.body as Record<string, unknown> | undefined;
      const key = body?.key;
      const statusState = body?.state;
      if (
        typeof key !== 'string' ||
        key === '' ||
        typeof statusState !== 'string' ||
        !STATUS_STATES.has(statusState)
      )
        return bitbucketError(400, 'key and a valid state are required');
      if (key.length > 40)
        return bitbucketError(
          400,
          `key: Ensure this value has at most 40 characters (it has ${String(key.length)}).`,
        );
      const completed = statusState !== 'INPROGRESS';
      const check: DatasetCheck = {
        id: (state.nextId += 1),
        kind: 'commit_status',
        name: typeof body?.name === 'string' ? body.name : key,
        sha,
        status: completed ? 'completed' : 'in_progress',
        conclusion:
          statusState === 'SUCCESSFUL'
            ? 'success'
            : statusState === 'FAILED'
              ? 'failure'
              : statusState === 'STOPPED'
                ? 'cancelled'
                : null,
        description: typeof body?.description === 'string' ? body.description : null,
        startedAt: iso(),
        completedAt: completed ? iso() : null,
      };
      // Posting the same key again updates that status, as Bitbucket does.
      state.statuses = state.statuses.filter(
        (entry) => !(entry.repo.id === repo.id && entry.check.sha === sha && entry.key === key),
      );
      state.statuses.push({ repo, check, key, state: statusState });
      return { status: 201, json: renderCommitStatus(hosts, repo, check, statusState, key) };
    }),
    repoRoute('GET', '/pipelines', (request, repo) => {
      const hash = request.query['target.commit.hash'];
      const branchName = request.query['target.branch'];
      const pipelines = allChecks(repo)
        .filter((check) => check.kind === 'check_run')
        .filter((check) => hash === undefined || check.sha === hash)
        .map((check) => ({
          check,
          branch: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? null,
        }))
        .filter(({ branch }) => branchName === undefined || branch === branchName)
        .map(({ check, branch }) => renderPipeline(hosts, dataset, repo, check, branch));
      return pageOf(request, pipelines, paging);
    }),
    repoRoute('GET', '/environments', (request, repo) =>
      pageOf(
        request,
        repo.environments.map((environment) => renderEnvironment(repo, environment)),
        paging,
      ),
    ),
    repoRoute('GET', '/deployments', (request, repo) =>
      pageOf(
        request,
        repo.deployments.map((deployment) => renderDeployment(hosts, dataset, repo, deployment)),
        paging,
      ),
    ),
  ];
}
