import type { DatasetCheck, DatasetRepository } from '../../dataset/types.js';
import { commitsOnBranch } from '../../dataset/queries.js';
import { guidFor, repositoryGuid } from '../azure-dataset.js';
import type { AzureRouteKit } from '../route-kit.js';
import { renderIdentity, renderProject, repositoryUrl } from './common.js';

/** A commit status' `state` for a dataset check (Azure has no queued or cancelled status). */
export function statusState(check: Pick<DatasetCheck, 'status' | 'conclusion'>): string {
  if (check.status !== 'completed') return 'pending';
  switch (check.conclusion) {
    case 'success':
      return 'succeeded';
    case 'failure':
    case 'timed_out':
      return 'failed';
    case 'cancelled':
      return 'error';
    case 'neutral':
    case 'skipped':
    case null:
      return 'notApplicable';
  }
}

/** A `GitStatus`: `context.name` is the check's name, `genre` when one was given. */
export function renderStatus(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  check: DatasetCheck,
  creator: string,
  genre = '',
): Record<string, unknown> {
  const date = check.completedAt ?? check.startedAt ?? kit.commitOf(repo, check.sha)?.committedAt;
  return {
    id: check.id,
    state: statusState(check),
    ...(check.description === null ? {} : { description: check.description }),
    context: genre === '' ? { name: check.name } : { name: check.name, genre },
    creationDate: check.startedAt ?? date,
    updatedDate: date,
    createdBy: renderIdentity(kit, creator),
    targetUrl: `https://ci.example.test/${encodeURIComponent(repo.fullName)}/${String(check.id)}`,
    url: `${repositoryUrl(kit, repo)}/commits/${check.sha}/statuses`,
  };
}

/** A build's status and result (https://learn.microsoft.com/en-us/rest/api/azure/devops/build/builds/list?view=azure-devops-rest-7.1#buildresult). */
export function buildState(check: DatasetCheck): { status: string; result?: string } {
  if (check.status === 'queued') return { status: 'notStarted' };
  if (check.status === 'in_progress') return { status: 'inProgress' };
  const result = {
    success: 'succeeded',
    failure: 'failed',
    timed_out: 'failed',
    cancelled: 'canceled',
    neutral: 'partiallySucceeded',
    skipped: 'none',
  }[check.conclusion ?? 'skipped'];
  return { status: 'completed', result };
}

/** The branch a build of `sha` ran for: a branch whose history holds it, the default first. */
export function branchOf(repo: DatasetRepository, sha: string): string {
  const branches = [...repo.branches].sort((a, b) =>
    a.name === repo.defaultBranch ? -1 : b.name === repo.defaultBranch ? 1 : 0,
  );
  const head = branches.find((branch) => branch.sha === sha);
  if (head !== undefined) return head.name;
  const holding = branches.find((branch) =>
    (commitsOnBranch(repo, branch.name) ?? []).some((commit) => commit.sha === sha),
  );
  return holding?.name ?? repo.defaultBranch;
}

/** A pipeline (build definition) id: stable per repository and check name. */
export function definitionId(repo: DatasetRepository, name: string): number {
  let hash = repo.id;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 100_000;
  return hash + 1;
}

/** A `Build` of the Build API, for a dataset check run. */
export function renderBuild(
  kit: AzureRouteKit,
  repo: DatasetRepository,
  check: DatasetCheck,
): Record<string, unknown> {
  const project = kit.projectOf(repo);
  const base = `${kit.collectionUrl()}/${project.id}/_apis/build`;
  const definition = definitionId(repo, check.name);
  const queueTime = check.startedAt ?? kit.commitOf(repo, check.sha)?.committedAt ?? repo.pushedAt;
  const requester = renderIdentity(
    kit,
    kit.commitOf(repo, check.sha)?.author.login ?? kit.dataset.viewer.login,
  );
  return {
    _links: {
      self: { href: `${base}/Builds/${String(check.id)}` },
      web: {
        href: `${kit.collectionUrl()}/${project.id}/_build/results?buildId=${String(check.id)}`,
      },
    },
    properties: {},
    tags: [],
    validationResults: [],
    plans: [{ planId: guidFor('plan', check.id) }],
    triggerInfo: {},
    id: check.id,
    buildNumber: `${queueTime.slice(0, 10).replaceAll('-', '')}.${String(check.id % 100)}`,
    ...buildState(check),
    queueTime,
    ...(check.startedAt === null ? {} : { startTime: check.startedAt }),
    ...(check.completedAt === null ? {} : { finishTime: check.completedAt }),
    url: `${base}/Builds/${String(check.id)}`,
    definition: {
      drafts: [],
      id: definition,
      name: check.name,
      url: `${base}/Definitions/${String(definition)}?revision=1`,
      uri: `vstfs:///Build/Definition/${String(definition)}`,
      path: '\\',
      type: 'build',
      queueStatus: 'enabled',
      revision: 1,
      project: renderProject(kit, project),
    },
    buildNumberRevision: 1,
    project: renderProject(kit, project),
    uri: `vstfs:///Build/Build/${String(check.id)}`,
    sourceBranch: `refs/heads/${branchOf(repo, check.sha)}`,
    sourceVersion: check.sha,
    priority: 'normal',
    reason: 'individualCI',
    requestedFor: requester,
    requestedBy: requester,
    lastChangedDate: check.completedAt ?? queueTime,
    repository: {
      id: repositoryGuid(repo.uuid),
      type: 'TfsGit',
      name: repo.name,
      url: repositoryUrl(kit, repo),
      clean: null,
      checkoutSubmodules: false,
    },
    retainedByRelease: false,
    triggeredByBuild: null,
  };
}
