import type { DatasetCheck, DatasetRepository } from '../../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';
import { repositoryGuid } from '../azure-dataset.js';
import { azureError, continuationPage, list, topSkip } from '../azure-wire.js';
import { branchOf, buildState, renderBuild, renderStatus } from '../render/ci.js';
import type { AzureRouteKit } from '../route-kit.js';

const STATES: Readonly<Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>>> = {
  pending: { status: 'in_progress', conclusion: null },
  succeeded: { status: 'completed', conclusion: 'success' },
  failed: { status: 'completed', conclusion: 'failure' },
  error: { status: 'completed', conclusion: 'failure' },
  notApplicable: { status: 'completed', conclusion: 'neutral' },
};

interface StatusBody {
  state?: unknown;
  description?: unknown;
  targetUrl?: unknown;
  context?: { name?: unknown; genre?: unknown };
}

function invalid(message: string): SimulatorResponse {
  return azureError(
    400,
    message,
    'InvalidArgumentValueException',
    'Microsoft.VisualStudio.Services.Common',
  );
}

/** A posted status body → the dataset check it stands for, or Azure's 400. */
function readStatus(
  request: SimulatorRequest,
  id: number,
  sha: string,
  now: string,
): { check: DatasetCheck; genre: string } | SimulatorResponse {
  const body = (request.body ?? {}) as StatusBody;
  const state = typeof body.state === 'string' ? STATES[body.state] : undefined;
  if (state === undefined)
    return invalid(
      'The status state must be one of pending, succeeded, failed, error, notApplicable.',
    );
  const name = body.context?.name;
  if (typeof name !== 'string' || name === '')
    return invalid('The status context name must not be empty.');
  return {
    check: {
      id,
      kind: 'commit_status',
      name,
      sha,
      ...state,
      description: typeof body.description === 'string' ? body.description : null,
      startedAt: now,
      completedAt: state.status === 'completed' ? now : null,
    },
    genre: typeof body.context?.genre === 'string' ? body.context.genre : '',
  };
}

/**
 * CI: commit statuses (list newest first with `top`/`skip`, create), pull request statuses (kept
 * as posted), and the Build API's builds of a project (`repositoryId`, `branchName`, newest
 * first, `$top` with `continuationToken`).
 */
export function ciRoutes(kit: AzureRouteKit): Route[] {
  const statusesOf = (repo: DatasetRepository, sha: string) => [
    ...kit.state.statuses
      .filter((entry) => entry.repo.id === repo.id && entry.check.sha === sha)
      .reverse(),
    ...repo.checks
      .filter((check) => check.kind === 'commit_status' && check.sha === sha)
      .sort((a, b) => b.id - a.id)
      .map((check) => ({ repo, check, genre: '', creator: kit.dataset.viewer.login })),
  ];

  return [
    ...kit.repoRoutes('GET', '/commits/:commitId/statuses', (request, repo) => {
      const sha = request.params.commitId ?? '';
      const page = topSkip(
        request,
        statusesOf(repo, sha),
        { top: ['top', '$top'], skip: ['skip', '$skip'] },
        1000,
      );
      if (!Array.isArray(page)) return page;
      const latest = request.query.latestOnly === 'true';
      const seen = new Set<string>();
      const shown = latest
        ? page.filter((entry) => {
            const key = `${entry.genre}/${entry.check.name}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          })
        : page;
      return list(
        shown.map((entry) => renderStatus(kit, repo, entry.check, entry.creator, entry.genre)),
      );
    }),
    ...kit.repoRoutes('POST', '/commits/:commitId/statuses', (request, repo) => {
      const sha = request.params.commitId ?? '';
      if (kit.commitOf(repo, sha) === undefined)
        return azureError(
          404,
          `TF401175:The version descriptor <Commit: ${sha} > could not be resolved to a version in the repository ${repo.name}`,
          'GitUnresolvableToCommitException',
          'Microsoft.TeamFoundation.Git.Server',
        );
      const read = readStatus(request, kit.state.nextId++, sha, kit.iso());
      if (!('check' in read)) return read;
      const entry = {
        repo,
        check: read.check,
        genre: read.genre,
        creator: kit.dataset.viewer.login,
      };
      kit.state.statuses.push(entry);
      // 201, as recorded (git/7.1/httpExamples/statuses/POST__…statuses.json), not the 200 described.
      return {
        status: 201,
        json: renderStatus(kit, repo, entry.check, entry.creator, entry.genre),
      };
    }),
    ...kit.repoRoutes('GET', '/pullRequests/:pullRequestId/statuses', (request, repo) => {
      const pr = repo.pullRequests.find(
        (candidate) => String(candidate.number) === request.params.pullRequestId,
      );
      if (pr === undefined)
        return azureError(
          404,
          `TF401180: The requested pull request ${request.params.pullRequestId ?? ''} was not found.`,
          'GitPullRequestNotFoundException',
          'Microsoft.TeamFoundation.Git.Server',
        );
      return list(kit.state.pullRequestStatuses.get(pr.number) ?? []);
    }),
    ...kit.repoRoutes('POST', '/pullRequests/:pullRequestId/statuses', (request, repo) => {
      const pr = repo.pullRequests.find(
        (candidate) => String(candidate.number) === request.params.pullRequestId,
      );
      if (pr === undefined)
        return azureError(
          404,
          `TF401180: The requested pull request ${request.params.pullRequestId ?? ''} was not found.`,
          'GitPullRequestNotFoundException',
          'Microsoft.TeamFoundation.Git.Server',
        );
      const statuses = kit.state.pullRequestStatuses.get(pr.number) ?? [];
      const read = readStatus(request, statuses.length + 1, pr.headSha, kit.iso());
      if (!('check' in read)) return read;
      const status = {
        ...renderStatus(kit, repo, read.check, kit.dataset.viewer.login, read.genre),
        iterationId: 1,
      };
      statuses.push(status);
      kit.state.pullRequestStatuses.set(pr.number, statuses);
      return { json: status };
    }),
    kit.projectRoute('GET', '/_apis/build/builds', (request, project) => {
      const q = request.query;
      const repositoryId = q.repositoryId?.toLowerCase();
      const branch = q.branchName;
      const builds = kit
        .repositoriesOf(project)
        .filter(
          (repo) =>
            repositoryId === undefined ||
            repositoryGuid(repo.uuid) === repositoryId ||
            repo.name.toLowerCase() === repositoryId,
        )
        .flatMap((repo) =>
          repo.checks
            .filter((check) => check.kind === 'check_run')
            .map((check) => ({ repo, check })),
        )
        .filter(
          ({ repo, check }) =>
            branch === undefined || `refs/heads/${branchOf(repo, check.sha)}` === branch,
        )
        .filter(
          ({ check }) =>
            q.statusFilter === undefined ||
            q.statusFilter.split(',').includes(buildState(check).status),
        )
        .sort((a, b) => b.check.id - a.check.id);
      if (repositoryId !== undefined && q.repositoryType === undefined)
        return invalid('A repositoryType is required when repositoryId is given.');
      const response = continuationPage(request, builds, ({ check }) => String(check.id), 1000);
      const body = response.json as { value?: typeof builds } | undefined;
      if (body?.value === undefined) return response;
      return {
        ...response,
        json: {
          ...body,
          value: body.value.map(({ repo, check }) => renderBuild(kit, repo, check)),
        },
      };
    }),
  ];
}
